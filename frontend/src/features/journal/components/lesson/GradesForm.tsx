import { useMutation } from "@tanstack/react-query";
import { useEffect, useId, useState } from "react";
import { useTranslation } from "react-i18next";

import { Alert } from "@/components/ui/Alert";
import { Button } from "@/components/ui/Button";
import { GradeBadge } from "@/components/ui/GradeBadge";
import { ProblemAlert } from "@/components/ui/ProblemAlert";
import { ApiProblem } from "@/lib/api";
import { formatWeight, gradeTone, gradeWord } from "@/lib/grades";
import { currentLanguage } from "@/lib/i18n";

import { deleteGrade, recordGrades } from "../../api/mutations";
import type { Journal, LessonOut, WorkType } from "../../api/types";
import { isAbsence } from "../../lib/grid-model";
import { gradeOfType } from "../../lib/journal-cache";
import { savedAt, studentName } from "../../lib/roster";

type Value = number | "pass" | "fail";

export function GradesForm({
  lesson,
  journal,
  workTypes,
  passFail,
  onSaved,
}: {
  lesson: LessonOut;
  journal: Journal;
  workTypes: WorkType[];
  passFail: boolean;
  onSaved: (j: Journal) => void;
}) {
  const { t } = useTranslation();
  const locale = currentLanguage();
  const name = useId();
  const defaultType = workTypes.find((w) => w.is_default) ?? workTypes[0];
  const [workTypeCode, setWorkTypeCode] = useState(defaultType?.code ?? "");
  const markOf = (studentId: string) => journal.marks.find((m) => m.student_id === studentId && m.lesson_id === lesson.id);
  const existing = (studentId: string) => gradeOfType(markOf(studentId), workTypeCode);
  const fromServer = () =>
    Object.fromEntries(
      lesson.students.map((s) => {
        const g = existing(s.id);
        return [s.id, { value: g ? String(g.value) : "", comment: g?.comment ?? "" }];
      }),
    );
  const [entries, setEntries] = useState<Record<string, { value: string; comment: string }>>(fromServer);
  const [saved, setSaved] = useState<string | null>(null);
  // Pupils marked «Н» whose grade the teacher confirmed (work handed in later).
  const [confirmed, setConfirmed] = useState<Set<string>>(() => new Set());
  const absent = (studentId: string) => isAbsence(markOf(studentId)?.attendance?.status ?? null);
  // Another work type: show what is there for it.
  useEffect(() => {
    setEntries(fromServer());
  }, [workTypeCode]); // only on a change of work type: typed grades stay while the journal refreshes

  const toValue = (text: string): Value => (text === "pass" || text === "fail" ? text : Number(text));
  const changed = lesson.students.filter((s) => {
    const entry = entries[s.id]!;
    const g = existing(s.id);
    return entry.value !== (g ? String(g.value) : "") || (entry.value !== "" && entry.comment !== (g?.comment ?? ""));
  });
  const toRecord = changed.filter((s) => entries[s.id]!.value !== "");
  const toDelete = changed.filter((s) => entries[s.id]!.value === "" && existing(s.id));

  const save = useMutation({
    mutationFn: async () => {
      const recorded = toRecord.length
        ? await recordGrades(
            lesson.id,
            toRecord.map((s) => ({
              student_id: s.id,
              value: toValue(entries[s.id]!.value),
              work_type: workTypeCode || null,
              comment: entries[s.id]!.comment.trim() || null,
              absent_confirmed: confirmed.has(s.id),
            })),
          )
        : [];
      for (const s of toDelete) await deleteGrade(existing(s.id)!.id);
      return recorded;
    },
    onSuccess: (recorded) => {
      setSaved(savedAt(locale));
      const deleted = new Set(toDelete.map((s) => s.id));
      onSaved({
        ...journal,
        marks: lesson.students.map((s) => {
          const mark = markOf(s.id);
          const mine = recorded.find((r) => r.student_id === s.id);
          let grades = mark?.grades ?? [];
          if (mine || deleted.has(s.id)) grades = grades.filter((g) => g.work_type.code !== workTypeCode);
          if (mine) grades = [...grades, { id: mine.id, value: mine.value, work_type: mine.work_type, comment: mine.comment }];
          return { student_id: s.id, lesson_id: lesson.id, grades, attendance: mark?.attendance ?? null };
        }),
      });
    },
  });
  const fieldErrors = save.error instanceof ApiProblem ? save.error.fieldErrors() : {};
  const errorFor = (studentId: string) => {
    const index = toRecord.findIndex((s) => s.id === studentId);
    if (index < 0) return undefined;
    return fieldErrors[`${index}.absent_confirmed`] ?? fieldErrors[`${index}.value`] ?? fieldErrors[`${index}.comment`] ?? fieldErrors[`${index}.student_id`] ?? fieldErrors[`${index}.work_type`];
  };
  const values: Value[] = passFail ? ["pass", "fail"] : [5, 4, 3, 2, 1];

  return (
    <form
      className="card jr-card"
      aria-labelledby={`${name}-title`}
      onSubmit={(event) => {
        event.preventDefault();
        if (changed.length) save.mutate();
      }}
    >
      <h2 id={`${name}-title`}>{t("journal.lesson.gradesTitle")}</h2>
      {workTypes.length > 0 ? (
        <div className="field">
          <label className="field__label" htmlFor={`${name}-type`}>
            {t("journal.grid.workType")}
          </label>
          <select className="input select" id={`${name}-type`} value={workTypeCode} onChange={(e) => setWorkTypeCode(e.target.value)}>
            {workTypes.map((w) => (
              <option key={w.code} value={w.code}>
                {t("journal.grid.workTypeOption", { name: w.name, weight: formatWeight(w.weight, locale) })}
              </option>
            ))}
          </select>
        </div>
      ) : null}
      <ul className="roster">
        {lesson.students.map((s) => {
          const entry = entries[s.id]!;
          const other = (markOf(s.id)?.grades ?? []).filter((g) => g.work_type.code !== workTypeCode);
          const error = errorFor(s.id);
          return (
            <li key={s.id} className="roster__row">
              <div>
                <p className="roster__name" id={`${name}-${s.id}`}>
                  {studentName(s)}
                </p>
                {other.length > 0 ? (
                  <p className="field__hint">
                    {t("journal.lesson.otherGrades")}{" "}
                    {other.map((g) => (
                      <GradeBadge key={g.id} value={g.value} workType={g.work_type} comment={g.comment} />
                    ))}
                  </p>
                ) : null}
              </div>
              <div className="roster__extra">
                <fieldset className="segmented" aria-labelledby={`${name}-${s.id}`}>
                  <legend>{t("journal.lesson.gradeOf", { name: studentName(s) })}</legend>
                  <label title={t("journal.lesson.noGrade")} className="segmented__opt segmented__opt--none">
                    <input
                      type="radio"
                      name={`${name}-${s.id}`}
                      value=""
                      checked={entry.value === ""}
                      onChange={() => setEntries((all) => ({ ...all, [s.id]: { ...entry, value: "" } }))}
                    />
                    <span aria-hidden="true">—</span>
                    <span className="visually-hidden">{t("journal.lesson.noGrade")}</span>
                  </label>
                  {values.map((value) => (
                    <label key={value} className={`segmented__opt segmented__opt--${gradeTone(value)}`}>
                      <input
                        type="radio"
                        name={`${name}-${s.id}`}
                        value={String(value)}
                        checked={entry.value === String(value)}
                        onChange={() => {
                          setSaved(null);
                          setEntries((all) => ({ ...all, [s.id]: { ...entry, value: String(value) } }));
                        }}
                      />
                      {gradeWord(value, locale)}
                    </label>
                  ))}
                </fieldset>
                {entry.value !== "" ? (
                  <div className="field roster__comment">
                    <label className="visually-hidden" htmlFor={`${name}-${s.id}-c`}>
                      {t("journal.lesson.commentFor", { name: studentName(s) })}
                    </label>
                    <input
                      className="input"
                      id={`${name}-${s.id}-c`}
                      maxLength={500}
                      placeholder={t("journal.lesson.comment")}
                      value={entry.comment}
                      onChange={(e) => setEntries((all) => ({ ...all, [s.id]: { ...entry, comment: e.target.value } }))}
                    />
                  </div>
                ) : null}
                {entry.value !== "" && absent(s.id) ? (
                  <label className="roster__absent-confirm">
                    <input
                      type="checkbox"
                      checked={confirmed.has(s.id)}
                      onChange={(e) =>
                        setConfirmed((all) => {
                          const next = new Set(all);
                          if (e.target.checked) next.add(s.id);
                          else next.delete(s.id);
                          return next;
                        })
                      }
                    />
                    <span>{t("journal.lesson.absentConfirm")}</span>
                  </label>
                ) : null}
              </div>
              {error ? <p className="field__error">{error}</p> : null}
            </li>
          );
        })}
      </ul>
      {save.isError && Object.keys(fieldErrors).length === 0 ? <ProblemAlert error={save.error} title={t("journal.lesson.saveFailed")} /> : null}
      {save.isError && Object.keys(fieldErrors).length > 0 ? (
        <Alert tone="error">{(save.error as ApiProblem).problem?.detail ?? t("journal.lesson.saveFailed")}</Alert>
      ) : null}
      <div className="section-actions">
        <Button type="submit" busy={save.isPending} aria-disabled={changed.length === 0 || undefined}>
          {t("journal.lesson.saveGrades")}
        </Button>
        {changed.length > 0 ? (
          <span className="muted">{t("journal.lesson.changed", { count: changed.length })}</span>
        ) : saved && !save.isPending ? (
          <p className="saved-note" role="status">{t("journal.lesson.savedAt", { time: saved })}</p>
        ) : null}
      </div>
    </form>
  );
}
