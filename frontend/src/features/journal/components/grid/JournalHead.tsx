import { useTranslation } from "react-i18next";
import { Link } from "react-router";

import type { Journal } from "../../api/types";

export interface LessonLabel {
  date: string;
  weekday: string;
}

interface JournalHeadProps {
  journal: Journal;
  labels: LessonLabel[];
  /** The cursor's column, highlighted so the teacher sees which lesson they are in. */
  currentCol: number;
  today: string;
  bulk: Record<string, "saving" | "error">;
  onAllPresent: (lessonIndex: number) => void;
}

/** The grid's header row: one column per lesson, each with its «все присутствуют» button. */
export function JournalHead({ journal, labels, currentCol, today, bulk, onAllPresent }: JournalHeadProps) {
  const { t } = useTranslation();
  const lessonLabels = labels;
  return (
<thead>
  <tr>
    <th scope="col" className="journal__corner">
      {t("journal.grid.student")}
    </th>
    {journal.lessons.map((lesson, index) => (
      <th
        key={lesson.id}
        scope="col"
        className={`journal__lesson${lesson.status === "cancelled" ? " journal__lesson--cancelled" : ""}${index === currentCol ? " journal__lesson--current" : ""}`}
      >
        <Link to={`/teach/lessons/${lesson.id}`} className="journal__lesson-link" title={lesson.topic ?? undefined}>
          <span className="journal__date">{lessonLabels[index]!.date}</span>
          <span className="journal__weekday">{lessonLabels[index]!.weekday}</span>
          {lesson.status === "cancelled" ? <span className="visually-hidden">{t("journal.grid.cancelled")}</span> : null}
        </Link>
        {lesson.status !== "cancelled" && lesson.date <= today ? (
          <button
            type="button"
            className="journal__all-present"
            onClick={() => onAllPresent(index)}
            title={t("journal.grid.allPresent")}
            aria-busy={bulk[lesson.id] === "saving" || undefined}
          >
            <span aria-hidden="true">{bulk[lesson.id] === "error" ? "!" : "✓"}</span>
            <span className="visually-hidden">
              {t("journal.grid.allPresentFor", { date: lessonLabels[index]!.date })}
            </span>
          </button>
        ) : null}
      </th>
    ))}
    <th scope="col" className="journal__avg-head">
      {t("journal.grid.average")}
    </th>
  </tr>
</thead>
  );
}
