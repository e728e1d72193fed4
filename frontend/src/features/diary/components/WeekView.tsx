import { useTranslation } from "react-i18next";

import { Skeleton } from "@/components/ui/Skeleton";
import { currentLanguage } from "@/lib/i18n";
import { todayIn } from "@/lib/iso-week";
import { formatDayHeading } from "@/lib/school-time";

import type { Diary, DiaryDay } from "../api/types";
import { LessonItem } from "./LessonItem";

/** Monday–Saturday always; Sunday only when something happens on it. */
function visibleDays(days: DiaryDay[]): DiaryDay[] {
  return days.filter((day, index) => index < 6 || day.lessons.length > 0);
}

export function WeekView({
  diary,
  canTickHomework,
  onHomeworkDone,
}: {
  diary: Diary;
  canTickHomework: boolean;
  onHomeworkDone: (homeworkId: string, done: boolean) => void;
}) {
  const { t } = useTranslation();
  const locale = currentLanguage();
  const today = todayIn(diary.timezone);
  const days = visibleDays(diary.days);
  return (
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
            <h2 className="day__title" id={`day-${day.date}`}>
              {formatDayHeading(day.date, locale)}
              {isToday ? <span className="day__today">{t("diary.today")}</span> : null}
            </h2>
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
                  />
                ))}
              </ol>
            )}
          </section>
        );
      })}
    </div>
  );
}

export function WeekSkeleton() {
  const { t } = useTranslation();
  return (
    <div className="week week--6" role="status" aria-busy="true">
      <span className="visually-hidden">{t("diary.loading")}</span>
      {Array.from({ length: 6 }, (_, i) => (
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
