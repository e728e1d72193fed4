import type { TFunction } from "i18next";

import { formatDate } from "@/lib/format";

import type { ApplicationItem } from "../api/applications";

export interface Deadline {
  text: string;
  /** The applicant must act. */
  yours: boolean;
  overdue: boolean;
}

/** The next deadline as the applicant reads it: «Решение школы — до 4 декабря 2026 г.», «Ответьте до …». */
export function nextDeadline(item: ApplicationItem, t: TFunction, locale: string): Deadline | null {
  const date = item.due_date ? formatDate(item.due_date, { locale }) : null;
  const overdue = item.overdue;
  if (item.status === "draft") {
    return { text: t("applications.deadline.draft"), yours: true, overdue: false };
  }
  if (item.next_action) {
    const due = item.next_action.due_at ? formatDate(item.next_action.due_at, { locale, timeZone: item.school?.timezone }) : null;
    const text =
      item.next_action.code === "appeal"
        ? due
          ? t("applications.deadline.appealUntil", { date: due })
          : item.next_action.label
        : due
          ? t("applications.deadline.replyBy", { date: due })
          : item.next_action.label;
    return { text, yours: true, overdue };
  }
  if (item.awaiting === "school" && date) {
    const key = item.status === "appealed" ? "applications.deadline.appealReviewBy" : "applications.deadline.decisionBy";
    return { text: t(key, { date }), yours: false, overdue };
  }
  return null;
}
