import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useId } from "react";
import { useTranslation } from "react-i18next";

import { ProblemAlert } from "@/components/ui/ProblemAlert";

import { planWork } from "../../api/mutations";
import { lessonQuery } from "../../api/queries";
import type { LessonOut } from "../../api/types";

/** The school's work type for a test: the one families see as «Контрольная». */
const TEST = "test";

/**
 * «Контрольная работа» on a coming lesson: families see «Контрольная по алгебре в
 * четверг» in the diary and «Ближайшие события». Saved at once; a lesson that has begun
 * keeps what it had (the control is gone).
 */
export function PlannedWorkForm({ lesson, now = new Date() }: { lesson: LessonOut; now?: Date }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const id = useId();
  const planned = lesson.planned_work?.code === TEST;
  const save = useMutation({
    mutationFn: (test: boolean) => planWork(lesson.id, test ? TEST : null),
    onSuccess: (plannedWork) => {
      queryClient.setQueryData(lessonQuery(lesson.id).queryKey, { ...lesson, planned_work: plannedWork });
      void queryClient.invalidateQueries({ queryKey: ["journal", "grid"] });
    },
  });
  if (Date.parse(lesson.starts_at) <= now.getTime() || lesson.status === "cancelled") {
    return planned ? <p className="planned-note">{t("journal.lesson.plannedPast")}</p> : null;
  }
  const checked = save.isPending ? save.variables : planned;
  return (
    <section className="card jr-card" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t("journal.lesson.plannedTitle")}</h2>
      <label className="radio planned-toggle" htmlFor={id}>
        <input
          id={id}
          type="checkbox"
          checked={checked}
          aria-describedby={`${id}-hint`}
          onChange={(event) => save.mutate(event.target.checked)}
          disabled={save.isPending}
        />
        <span>{t("journal.lesson.plannedTest")}</span>
      </label>
      <p id={`${id}-hint`} className="field__hint">
        {t("journal.lesson.plannedHint")}
      </p>
      {save.isSuccess && !save.isPending ? (
        <p className="saved-note" role="status">
          {planned ? t("journal.lesson.plannedSaved") : t("journal.lesson.plannedCleared")}
        </p>
      ) : null}
      {save.isError ? <ProblemAlert error={save.error} title={t("journal.lesson.saveFailed")} /> : null}
    </section>
  );
}
