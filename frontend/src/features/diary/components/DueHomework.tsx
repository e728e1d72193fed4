import { useTranslation } from "react-i18next";

import { AttachmentLinks } from "@/components/ui/AttachmentLinks";
import { currentLanguage } from "@/lib/i18n";
import { formatDayMonth } from "@/lib/school-time";

import type { DiaryHomework } from "../api/types";

export interface DueHomeworkProps {
  homework: DiaryHomework;
  /** On a day without a lesson of its subject the item names the subject itself. */
  withSubject?: boolean;
  canTick: boolean;
  onDone?: (homeworkId: string, done: boolean) => void;
}

/**
 * Homework where the diary shows it: on the lesson (or day) it is due, saying when it
 * was set, so a family reading tomorrow's lessons sees what has to be ready.
 */
export function DueHomework({ homework, withSubject = false, canTick, onDone }: DueHomeworkProps) {
  const { t } = useTranslation();
  const locale = currentLanguage();
  const setEarlier = homework.set_on < homework.due_date;
  return (
    <div className={`homework${homework.done ? " homework--done" : ""}`}>
      <div className="homework__head">
        <span className="lesson__label">
          {withSubject ? `${homework.subject.name}. ` : ""}
          {setEarlier
            ? t("diary.homeworkSetOn", { date: formatDayMonth(homework.set_on, locale) })
            : t("diary.homeworkSameDay")}
        </span>
        {canTick ? (
          <label className="homework__done">
            <input type="checkbox" checked={homework.done} onChange={(event) => onDone?.(homework.id, event.target.checked)} />
            <span>{t("diary.done")}</span>
          </label>
        ) : homework.done ? (
          <span className="homework__done-flag">{t("diary.doneFlag")}</span>
        ) : null}
      </div>
      <p className="lesson__line homework__text">{homework.text}</p>
      <AttachmentLinks items={homework.attachments} className="homework__files" />
    </div>
  );
}
