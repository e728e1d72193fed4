import type { TFunction } from "i18next";

import type { GradeSuggestion } from "../api/suggestions";
import type { JournalLesson } from "../api/types";

/** The lesson a platform's result most likely belongs to: the last one on or before its
 * date, else the first after it (the teacher can pick another). */
export function suggestionLesson(lessons: JournalLesson[], scoreDate: string): JournalLesson | undefined {
  const sorted = [...lessons].sort((a, b) => (a.date === b.date ? a.number - b.number : a.date < b.date ? -1 : 1));
  const before = sorted.filter((l) => l.date <= scoreDate);
  return before.length > 0 ? before[before.length - 1] : sorted[0];
}

/** «92 из 100», «зачтено» or the platform's own text. */
export function suggestionScore(item: GradeSuggestion, t: TFunction): string {
  if (item.score !== null && item.score !== undefined) {
    const number = (n: number) => n.toLocaleString("ru", { maximumFractionDigits: 2 });
    return t("journal.suggestions.score", { score: number(item.score), max: number(item.line_item.result_value_max) });
  }
  if (item.text_score === "pass") return t("journal.suggestions.pass");
  if (item.text_score === "fail") return t("journal.suggestions.fail");
  return item.text_score ?? t("journal.suggestions.noScore", { status: item.score_status });
}
