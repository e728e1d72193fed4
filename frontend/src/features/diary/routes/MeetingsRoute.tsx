import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useParams } from "react-router";

import { Alert } from "@/components/ui/Alert";
import { Button } from "@/components/ui/Button";
import { PageTitle } from "@/components/ui/PageTitle";
import { ProblemAlert } from "@/components/ui/ProblemAlert";
import { Skeleton } from "@/components/ui/Skeleton";
import { currentLanguage } from "@/lib/i18n";
import { formatDayHeading } from "@/lib/school-time";

import { useBooking, useStudentMeetings, type Meeting, type MeetingSlot } from "../api/meetings";
import type { MyStudent } from "../api/types";
import { StudentGate } from "../components/StudentGate";
import { StudentHeader } from "../components/StudentHeader";
import { bookingErrorKey, schoolClock, slotState, slotsByDay } from "../lib/meetings";
import "../diary.css";

/** «четверг, 10 декабря» inside a sentence (the heading form is capitalised). */
function inSentence(day: string, locale: string): string {
  const heading = formatDayHeading(day, locale);
  return locale === "ru" ? heading.charAt(0).toLocaleLowerCase("ru") + heading.slice(1) : heading;
}

interface Outcome {
  meetingId: string;
  tone: "success" | "error";
  text: string;
  error?: unknown;
}

function SlotRow({
  slot,
  meeting,
  busy,
  onBook,
  onCancel,
}: {
  slot: MeetingSlot;
  meeting: Meeting;
  busy: boolean;
  onBook: () => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const state = slotState(slot, meeting.slots, new Date());
  const time = `${schoolClock(slot.starts_at).time}–${schoolClock(slot.ends_at).time}`;
  return (
    <li className={`slot slot--${state}`}>
      <span className="slot__time">{time}</span>
      <span className="slot__state">{t(`diary.meetings.state.${state}`)}</span>
      {state === "free" ? (
        <Button className="slot__action" busy={busy} onClick={onBook} aria-label={t("diary.meetings.bookAt", { time })}>
          {t("diary.meetings.book")}
        </Button>
      ) : state === "mine" && Date.parse(slot.starts_at) > Date.now() ? (
        <Button className="slot__action" variant="secondary" busy={busy} onClick={onCancel} aria-label={t("diary.meetings.cancelAt", { time })}>
          {t("diary.meetings.cancel")}
        </Button>
      ) : null}
    </li>
  );
}

function MeetingCard({ meeting, studentId }: { meeting: Meeting; studentId: string }) {
  const { t } = useTranslation();
  const locale = currentLanguage();
  const { book, cancel } = useBooking(studentId);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [pending, setPending] = useState<string | null>(null);
  const mine = meeting.slots.find((s) => s.booked_by_me);

  const act = async (slot: MeetingSlot, kind: "book" | "cancel") => {
    setPending(slot.id);
    setOutcome(null);
    const { day, time } = schoolClock(slot.starts_at);
    try {
      if (kind === "book") await book.mutateAsync(slot.id);
      else await cancel.mutateAsync(slot.id);
      setOutcome({
        meetingId: meeting.id,
        tone: "success",
        text: t(kind === "book" ? "diary.meetings.booked" : "diary.meetings.cancelled", {
          day: inSentence(day, locale),
          time,
        }),
      });
    } catch (error) {
      const key = bookingErrorKey(error);
      setOutcome({ meetingId: meeting.id, tone: "error", text: key ? t(key) : "", error });
    } finally {
      setPending(null);
    }
  };

  return (
    <article className="meeting card" aria-labelledby={`meeting-${meeting.id}`}>
      <h2 id={`meeting-${meeting.id}`} className="meeting__title">
        {meeting.title}
      </h2>
      <p className="meeting__place">{t("diary.meetings.place", { place: meeting.place })}</p>
      {mine ? (
        <p className="meeting__mine">
          {t("diary.meetings.yours", {
            day: inSentence(schoolClock(mine.starts_at).day, locale),
            time: schoolClock(mine.starts_at).time,
          })}
        </p>
      ) : (
        <p className="meeting__hint">{t("diary.meetings.choose")}</p>
      )}
      {outcome ? (
        outcome.tone === "success" ? (
          <Alert tone="success">
            <p>{outcome.text}</p>
          </Alert>
        ) : (
          <ProblemAlert error={outcome.error} message={outcome.text || undefined} />
        )
      ) : null}
      {slotsByDay(meeting.slots).map(({ day, slots }) => (
        <section key={day} className="meeting__day" aria-label={formatDayHeading(day, locale)}>
          <h3 className="meeting__day-title">{formatDayHeading(day, locale)}</h3>
          <ul className="slots">
            {slots.map((slot) => (
              <SlotRow
                key={slot.id}
                slot={slot}
                meeting={meeting}
                busy={pending === slot.id}
                onBook={() => void act(slot, "book")}
                onCancel={() => void act(slot, "cancel")}
              />
            ))}
          </ul>
        </section>
      ))}
    </article>
  );
}

function Meetings({ student, students }: { student: MyStudent | undefined; students: MyStudent[] | undefined }) {
  const { t } = useTranslation();
  const { studentId = "" } = useParams();
  const meetings = useStudentMeetings(studentId);
  return (
    <div className="container page diary-page">
      <PageTitle title={t("diary.meetings.title")} />
      <StudentHeader title={t("diary.meetings.title")} students={students} student={student} section="meetings" />
      <p className="lead">{t("diary.meetings.lead")}</p>
      {meetings.isPending ? (
        <Skeleton height="10rem" />
      ) : meetings.isError ? (
        <div className="dy-error">
          <ProblemAlert error={meetings.error} title={t("diary.meetings.loadFailed")} />
          <Button onClick={() => void meetings.refetch()}>{t("diary.retry")}</Button>
        </div>
      ) : meetings.data.length === 0 ? (
        <p className="empty">{t("diary.meetings.none")}</p>
      ) : (
        meetings.data.map((meeting) => <MeetingCard key={meeting.id} meeting={meeting} studentId={studentId} />)
      )}
    </div>
  );
}

export default function MeetingsRoute() {
  const { studentId = "" } = useParams();
  return (
    <StudentGate studentId={studentId}>
      {(student, students) => <Meetings student={student} students={students} />}
    </StudentGate>
  );
}
