import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router";

import { Button } from "@/components/ui/Button";
import { PageTitle } from "@/components/ui/PageTitle";
import { ProblemAlert } from "@/components/ui/ProblemAlert";
import { Skeleton } from "@/components/ui/Skeleton";
import { hasAnyRole, useMe } from "@/lib/auth/hooks";
import { currentLanguage } from "@/lib/i18n";
import { currentWeek, parseWeek, shiftWeek, todayIn, weekDays } from "@/lib/iso-week";
import { formatDayHeading, formatDayRange } from "@/lib/school-time";

import { useAssignments, useMyLessons } from "../api/queries";
import type { LessonSummary } from "../api/types";
import "../journal.css";

function LessonLink({ lesson, me }: { lesson: LessonSummary; me: string | undefined }) {
  const { t } = useTranslation();
  // starts_at carries the school's offset: its wall-clock time is the school's.
  const time = `${lesson.starts_at.slice(11, 16)}–${lesson.ends_at.slice(11, 16)}`;
  const substituting = lesson.substitute_teacher?.id === me;
  return (
    <li className="teach-lesson">
      <Link to={`/teach/lessons/${lesson.id}`} className="teach-lesson__link">
        <span className="teach-lesson__time">
          {lesson.number}. {time}
        </span>
        <span className="teach-lesson__title">
          {lesson.subject.name} · {lesson.school_class.name}
          {lesson.status === "cancelled" ? <span className="teach-flag teach-flag--cancelled">{t("diary.cancelled")}</span> : null}
          {lesson.status === "moved" ? <span className="teach-flag teach-flag--moved">{t("diary.moved")}</span> : null}
          {substituting ? <span className="teach-flag teach-flag--substitute">{t("journal.teach.substitution")}</span> : null}
        </span>
        <span className="teach-lesson__meta">
          {lesson.topic ? lesson.topic : t("journal.teach.noTopic")}
          {lesson.room ? ` · ${t("diary.room", { room: lesson.room })}` : ""}
        </span>
      </Link>
    </li>
  );
}

export default function TeachRoute() {
  const { t } = useTranslation();
  const locale = currentLanguage();
  const [params] = useSearchParams();
  const requested = params.get("week");
  const thisWeek = currentWeek();
  const week = parseWeek(requested) ? requested! : thisWeek;
  const days = weekDays(week);
  const me = useMe();
  const admin = hasAnyRole(me.data, ["school_admin"]);
  const lessons = useMyLessons(days[0]!, days[6]!);
  const assignments = useAssignments(me.data && !admin ? me.data.id : undefined);
  const today = todayIn();
  const byDay = days
    .map((day) => ({ day, lessons: (lessons.data ?? []).filter((l) => l.date === day) }))
    .filter((d, index) => index < 6 || d.lessons.length > 0);

  return (
    <div className="container page">
      <PageTitle title={t("journal.teach.title")} />
      <h1>{t("journal.teach.title")}</h1>

      <section aria-labelledby="journals-title">
        <h2 id="journals-title">{t("journal.teach.journals")}</h2>
        {assignments.isPending ? (
          <Skeleton width="20rem" height="2.75rem" />
        ) : assignments.isError ? (
          <ProblemAlert error={assignments.error} title={t("journal.loadFailed")} />
        ) : assignments.data.length === 0 ? (
          <p className="muted">{t("journal.teach.noJournals")}</p>
        ) : (
          <ul className="teach-journals">
            {assignments.data.map((a) => (
              <li key={a.id}>
                <Link to={`/teach/journal/${a.school_class.id}?subject=${a.subject.id}`}>
                  {t("journal.grid.assignmentOption", { className: a.school_class.name, subject: a.subject.name })}
                  {a.hours_per_week != null ? (
                    <span className="teach-journals__hours">
                      {t("journal.teach.hours", { hours: a.hours_per_week.toLocaleString(locale) })}
                    </span>
                  ) : null}
                </Link>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="lessons-title">
        <h2 id="lessons-title">{t("journal.teach.lessons")}</h2>
        <nav className="jr-week-nav" aria-label={t("diary.weekNav")}>
          <Link className="jr-arrow" to={`/teach?week=${shiftWeek(week, -1)}`}>
            ← <span className="visually-hidden">{t("diary.previousWeek")}</span>
          </Link>
          <p className="jr-week-nav__range">{formatDayRange(days[0]!, days[6]!, locale)}</p>
          <Link className="jr-arrow" to={`/teach?week=${shiftWeek(week, 1)}`}>
            <span className="visually-hidden">{t("diary.nextWeek")}</span> →
          </Link>
          {week !== thisWeek ? (
            <Link className="button button--secondary" to="/teach">
              {t("diary.thisWeek")}
            </Link>
          ) : null}
        </nav>
        {lessons.isPending ? (
          <div className="teach-days" role="status" aria-busy="true">
            <span className="visually-hidden">{t("journal.loading")}</span>
            {Array.from({ length: 3 }, (_, i) => (
              <div key={i} className="card teach-day" aria-hidden="true">
                <Skeleton width="60%" height="1.25rem" />
                <Skeleton width="80%" />
                <Skeleton width="70%" />
              </div>
            ))}
          </div>
        ) : lessons.isError ? (
          <div className="jr-error">
            <ProblemAlert error={lessons.error} title={t("journal.loadFailed")} />
            <Button onClick={() => void lessons.refetch()}>{t("journal.retry")}</Button>
          </div>
        ) : lessons.data.length === 0 ? (
          <div className="card jr-empty">
            <p className="jr-empty__title">{t("journal.teach.noLessons")}</p>
          </div>
        ) : (
          <div className="teach-days">
            {byDay.map(({ day, lessons: list }) => (
              <section
                key={day}
                className={`card teach-day${day === today ? " teach-day--today" : ""}`}
                aria-labelledby={`teach-${day}`}
                aria-current={day === today ? "date" : undefined}
              >
                <h3 id={`teach-${day}`}>
                  {formatDayHeading(day, locale)}
                  {day === today ? <span className="jr-today">{t("diary.today")}</span> : null}
                </h3>
                {list.length === 0 ? (
                  <p className="muted">{t("diary.noLessons")}</p>
                ) : (
                  <ol className="teach-lessons">
                    {list.map((lesson) => (
                      <LessonLink key={lesson.id} lesson={lesson} me={me.data?.id} />
                    ))}
                  </ol>
                )}
              </section>
            ))}
          </div>
        )}
      </section>
    </div>
  );
}
