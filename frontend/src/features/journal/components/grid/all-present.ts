import { useState } from "react";
import { useTranslation } from "react-i18next";

import { markAttendance } from "../../api/mutations";
import type { Journal, JournalMark } from "../../api/types";
import { setAttendance } from "../../lib/journal-cache";
import type { LessonLabel } from "./JournalHead";

interface AllPresentContext {
  journal: Journal;
  marks: Map<string, JournalMark>;
  labels: LessonLabel[];
  updateJournal: (update: (j: Journal) => Journal) => void;
  announce: (message: string) => void;
}

/** «✓» over a lesson's column: everyone not yet marked is present, in one request. */
export function useAllPresent({ journal, marks, labels, updateJournal, announce }: AllPresentContext) {
  const { t } = useTranslation();
  const [bulk, setBulk] = useState<Record<string, "saving" | "error">>({});
  const markAllPresent = async (lessonIndex: number) => {
    const lesson = journal.lessons[lessonIndex];
    if (!lesson) return;
    const unmarked = journal.students.filter((s) => !marks.get(`${s.id}:${lesson.id}`)?.attendance);
    if (unmarked.length === 0) {
      announce(t("journal.grid.allMarkedAlready"));
      return;
    }
    setBulk((b) => ({ ...b, [lesson.id]: "saving" }));
    try {
      const saved = await markAttendance(
        lesson.id,
        unmarked.map((s) => ({ student_id: s.id, status: "present" as const })),
      );
      updateJournal((j) =>
        saved.reduce(
          (acc, m) => setAttendance(acc, m.student_id, lesson.id, { status: m.status, minutes_late: m.minutes_late, reason: m.reason }),
          j,
        ),
      );
      setBulk(({ [lesson.id]: _done, ...rest }) => rest);
      announce(t("journal.grid.allPresentDone", { date: labels[lessonIndex]!.date }));
    } catch {
      setBulk((b) => ({ ...b, [lesson.id]: "error" }));
    }
  };

  return { bulk, markAllPresent };
}
