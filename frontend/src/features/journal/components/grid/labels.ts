import { weightedAverage } from "@/lib/grades";

import type { Journal, JournalMark } from "../../api/types";
import type { LessonLabel } from "./JournalHead";

/** «27.11» and «пт» for each lesson's column: formatted once per journal (a grid has a
 * thousand cells, Intl formatters are not free). */
export function lessonLabels(lessons: Journal["lessons"], language: string): LessonLabel[] {
  const date = new Intl.DateTimeFormat(language, { day: "2-digit", month: "2-digit", timeZone: "UTC" });
  const weekday = new Intl.DateTimeFormat(language, { weekday: "short", timeZone: "UTC" });
  return lessons.map((lesson) => {
    const [y, m, d] = lesson.date.split("-").map(Number) as [number, number, number];
    const noon = new Date(Date.UTC(y, m - 1, d, 12));
    return { date: date.format(noon), weekday: weekday.format(noon) };
  });
}

/** Each student's weighted average over the journal's lessons (null without grades). */
export function studentAverages(journal: Journal, marks: Map<string, JournalMark>): Map<string, number | null> {
  const result = new Map<string, number | null>();
  for (const student of journal.students) {
    const grades = journal.lessons.flatMap((lesson) => marks.get(`${student.id}:${lesson.id}`)?.grades ?? []);
    result.set(student.id, weightedAverage(grades.map((g) => ({ value: g.value, weight: g.work_type.weight }))).average);
  }
  return result;
}
