/**
 * What changed about a lesson, in words a parent reads at a glance: «Урок отменён»,
 * «Перенесён с 25 ноября», «Замена: Орлова Н. П.», and the school's note. Words, not
 * colours: the diary must read the same to a screen reader and in high-contrast mode.
 */

import type { TFunction } from "i18next";

import { formatTime, shortName } from "@/lib/format";
import { formatDayMonth } from "@/lib/school-time";

import type { DiaryLesson } from "../api/types";

type ChangedLesson = Pick<
  DiaryLesson,
  "status" | "starts_at" | "original_date" | "original_starts_at" | "substitute_teacher" | "change_note"
>;

export interface LessonChange {
  /** The heading's flag: «Урок отменён», «Перенесён с 25 ноября»; null when neither. */
  flag: { kind: "cancelled" | "moved"; text: string } | null;
  /** «Замена: Орлова Н. П.» */
  substitute: string | null;
  /** The school's explanation, as typed. */
  note: string | null;
}

/** «Орлова Нина Петровна» → «Орлова Н. П.» (the API sends whole names in one string). */
export function shortPersonName(name: string): string {
  const [last = "", first = "", ...rest] = name.trim().split(/\s+/u);
  return shortName({ last_name: last, first_name: first, middle_name: rest.join(" ") || null });
}

/**
 * Where a moved lesson was: «25 ноября» from another day; «08:30» when it only moved
 * within its day. The lesson's own day is its start in the school's offset, as sent.
 */
export function movedFrom(lesson: ChangedLesson, timeZone: string, locale: string): string | null {
  if (!lesson.original_date) return null;
  const day = lesson.starts_at.slice(0, 10);
  if (lesson.original_date === day && lesson.original_starts_at) {
    return formatTime(lesson.original_starts_at, { timeZone, locale });
  }
  return formatDayMonth(lesson.original_date, locale);
}

export function lessonChange(lesson: ChangedLesson, t: TFunction, timeZone: string, locale: string): LessonChange {
  let flag: LessonChange["flag"] = null;
  if (lesson.status === "cancelled") {
    // A lesson moved and then cancelled is cancelled: where it was no longer matters.
    flag = { kind: "cancelled", text: t("diary.change.cancelled") };
  } else if (lesson.status === "moved") {
    const from = movedFrom(lesson, timeZone, locale);
    flag = { kind: "moved", text: from ? t("diary.change.movedFrom", { from }) : t("diary.change.moved") };
  }
  return {
    flag,
    substitute: lesson.substitute_teacher
      ? t("diary.substitute", { name: shortPersonName(lesson.substitute_teacher.name) })
      : null,
    note: lesson.change_note?.trim() || null,
  };
}
