import { useTranslation } from "react-i18next";

import { Skeleton } from "@/components/ui/Skeleton";
import { currentLanguage } from "@/lib/i18n";
import { todayIn } from "@/lib/iso-week";
import { formatDayHeading, formatWeekdayShort } from "@/lib/school-time";

import type { Diary, DiaryDay } from "../api/types";
import { eventsOn } from "../lib/events";
import { DueHomework } from "./DueHomework";
import { EventItem } from "./EventItem";
import { LessonItem } from "./LessonItem";

/** Monday–Friday always; Saturday and Sunday when something happens on them. */
export function visibleDays(days: DiaryDay[], events: Diary["events"] = []): DiaryDay[] {
  return days.filter(
    (day, index) =>
      index < 5 || day.lessons.length > 0 || day.homework.length > 0 || eventsOn(events, day.date).some((e) => !e.all_day),
  );
}

/** On a phone the week is long: a strip of days jumps to one (today is marked). */
export function DayStrip({ days, today }: { days: DiaryDay[]; today: string }) {
  const { t } = useTranslation();
  const locale = currentLanguage();
  return (
    <nav className="day-strip" aria-label={t("diary.dayStrip")}>
      <ul>
        {days.map((day) => (
          <li key={day.date}>
            <button
              type="button"
              className="day-strip__day"
              aria-current={day.date === today ? "date" : undefined}
              onClick={() => {
                const heading = document.getElementById(`day-${day.date}`);
                heading?.scrollIntoView({ block: "start" });
                heading?.focus({ preventScroll: true });
              }}
            >
              <span className="day-strip__weekday">{formatWeekdayShort(day.date, locale)}</span>
              <span className="day-strip__date">{Number(day.date.slice(8, 10))}</span>
              <span className="visually-hidden">{formatDayHeading(day.date, locale)}</span>
            </button>
          </li>
        ))}
      </ul>
    </nav>
  );
}

export function WeekView({
  diary,
  canTickHomework,
  onHomeworkDone,
  readOnly = false,
}: {
  diary: Diary;
  canTickHomework: boolean;
  onHomeworkDone: (homeworkId: string, done: boolean) => void;
  /** A pupil who left the school: no ticking, no writing to teachers. */
  readOnly?: boolean;
}) {
  const { t } = useTranslation();
  const locale = currentLanguage();
  const today = todayIn(diary.timezone);
  const days = visibleDays(diary.days, diary.events);
  return (
    <>
    <DayStrip days={days} today={today} />
    <div className={`week week--${days.length}`}>
      {days.map((day) => {
        const isToday = day.date === today;
        return (
          <section
            key={day.date}
            className={`day card${isToday ? " day--today" : ""}`}
            aria-labelledby={`day-${day.date}`}
            aria-current={isToday ? "date" : undefined}
          >
            <h2 className="day__title" id={`day-${day.date}`} tabIndex={-1}>
              {formatDayHeading(day.date, locale)}
              {isToday ? <span className="day__today">{t("diary.today")}</span> : null}
            </h2>
            {eventsOn(diary.events, day.date).length > 0 ? (
              <ul className="events day__events" aria-label={t("diary.events.ofDay")}>
                {eventsOn(diary.events, day.date).map((event) => (
                  <EventItem key={`${event.kind}-${event.id}`} event={event} timeZone={diary.timezone} withDay={false} />
                ))}
              </ul>
            ) : null}
            {day.homework.length > 0 ? (
              <div className="day__homework">
                {day.homework.map((homework) => (
                  <DueHomework key={homework.id} homework={homework} withSubject canTick={canTickHomework} onDone={onHomeworkDone} />
                ))}
              </div>
            ) : null}
            {day.lessons.length === 0 ? (
              <p className="day__empty">{t("diary.noLessons")}</p>
            ) : (
              <ol className="day__lessons">
                {day.lessons.map((lesson) => (
                  <LessonItem
                    key={lesson.id}
                    lesson={lesson}
                    timeZone={diary.timezone}
                    canTickHomework={canTickHomework}
                    onHomeworkDone={onHomeworkDone}
                    canWrite={!readOnly}
                  />
                ))}
              </ol>
            )}
          </section>
        );
      })}
    </div>
    </>
  );
}

export function WeekSkeleton() {
  const { t } = useTranslation();
  return (
    <div className="week week--5" role="status" aria-busy="true">
      <span className="visually-hidden">{t("diary.loading")}</span>
      {Array.from({ length: 5 }, (_, i) => (
        <div key={i} className="day card" aria-hidden="true">
          <Skeleton width="70%" height="1.25rem" />
          {Array.from({ length: 4 }, (__, j) => (
            <div key={j} className="lesson lesson--skeleton">
              <Skeleton width="40%" height="0.875rem" />
              <Skeleton width="75%" height="1.125rem" />
              <Skeleton width="55%" height="0.875rem" />
            </div>
          ))}
        </div>
      ))}
    </div>
  );
}
