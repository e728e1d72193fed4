import { useTranslation } from "react-i18next";
import { Link, useLocation } from "react-router";

import { Alert } from "@/components/ui/Alert";
import { Button } from "@/components/ui/Button";
import { PageTitle } from "@/components/ui/PageTitle";
import { ProblemAlert } from "@/components/ui/ProblemAlert";
import { Skeleton } from "@/components/ui/Skeleton";
import { currentLanguage } from "@/lib/i18n";
import { formatDayHeading } from "@/lib/school-time";

import { useMeetingSchedules, type MeetingSchedule } from "../api/events";
import { bookedCount, scheduleDays, wallClock } from "../lib/schedule";

import "@/styles/records.css";
import "../events.css";

function Schedule({ meeting }: { meeting: MeetingSchedule }) {
  const { t } = useTranslation();
  const locale = currentLanguage();
  return (
    <article className="schedule card" aria-labelledby={`schedule-${meeting.id}`}>
      <h2 id={`schedule-${meeting.id}`} className="schedule__title">
        {meeting.title}
      </h2>
      <p className="schedule__meta">
        {t("events.meetings.meta", { className: meeting.class_name, place: meeting.place, organiser: meeting.organiser.name })}
      </p>
      <p className="schedule__count">
        {t("events.meetings.booked", { booked: bookedCount(meeting), total: meeting.slots.length })}
      </p>
      {scheduleDays(meeting).map(({ day, slots }) => (
        <table key={day} className="schedule__table">
          <caption>{formatDayHeading(day, locale)}</caption>
          <thead>
            <tr>
              <th scope="col">{t("events.meetings.time")}</th>
              <th scope="col">{t("events.meetings.who")}</th>
            </tr>
          </thead>
          <tbody>
            {slots.map((slot) => (
              <tr key={slot.id} className={slot.student ? "schedule__row--booked" : undefined}>
                <td className="schedule__time">
                  {wallClock(slot.starts_at).time}–{wallClock(slot.ends_at).time}
                </td>
                <td>{slot.student ? slot.student.name : <span className="muted">{t("events.meetings.free")}</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ))}
    </article>
  );
}

export default function MeetingSchedulesRoute() {
  const { t } = useTranslation();
  const location = useLocation();
  const created = (location.state as { created?: string } | null)?.created;
  const schedules = useMeetingSchedules();
  return (
    <div className="container page">
      <PageTitle title={t("events.meetings.title")} />
      <div className="page-head">
        <h1>{t("events.meetings.title")}</h1>
        <div className="page-head__actions">
          <Link to="/teach/meetings/new" className="button button--primary">
            {t("events.meeting.new")}
          </Link>
          <Link to="/school/events/new" className="button button--secondary">
            {t("events.event.new")}
          </Link>
        </div>
      </div>
      <p className="lead">{t("events.meetings.lead")}</p>
      {created ? (
        <Alert tone="success">
          <p>{t("events.meetings.created", { title: created })}</p>
        </Alert>
      ) : null}
      {schedules.isPending ? (
        <Skeleton height="12rem" />
      ) : schedules.isError ? (
        <>
          <ProblemAlert error={schedules.error} title={t("events.meetings.loadFailed")} />
          <Button onClick={() => void schedules.refetch()}>{t("diary.retry")}</Button>
        </>
      ) : schedules.data.length === 0 ? (
        <p className="empty">{t("events.meetings.none")}</p>
      ) : (
        schedules.data.map((meeting) => <Schedule key={meeting.id} meeting={meeting} />)
      )}
    </div>
  );
}
