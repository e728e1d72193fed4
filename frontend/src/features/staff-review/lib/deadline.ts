import type { TFunction } from "i18next";

import { formatDate } from "@/lib/format";

import type { QueueItem } from "../api/review";

const DAY = 86_400_000;

/** The deadline as the school reads it: whose move, until when, and how late. */
export function staffDeadline(item: QueueItem, t: TFunction, locale: string, now = Date.now()) {
  if (!item.due_at || !item.due_date) return null;
  const date = formatDate(item.due_date, { locale });
  const ours = item.awaiting === "school";
  const late = item.overdue ? Math.max(1, Math.floor((now - Date.parse(item.due_at)) / DAY)) : 0;
  return {
    ours,
    overdue: item.overdue,
    text: ours ? t("staffReview.deadline.ours", { date }) : t("staffReview.deadline.applicant", { date }),
    late: item.overdue ? t("staffReview.deadline.late", { count: late }) : null,
  };
}
