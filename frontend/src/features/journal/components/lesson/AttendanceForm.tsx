import { useMutation } from "@tanstack/react-query";
import { useId, useMemo, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";

import { Button } from "@/components/ui/Button";
import { ProblemAlert } from "@/components/ui/ProblemAlert";
import { ApiProblem } from "@/lib/api";
import { currentLanguage } from "@/lib/i18n";

import { markAttendance } from "../../api/mutations";
import type { Journal, JournalMark, LessonOut } from "../../api/types";
import { setAttendance } from "../../lib/journal-cache";
import { savedAt, studentName } from "../../lib/roster";
import { ClearAttendanceMark } from "../ClearAttendanceMark";

type Status = "present" | "absent" | "late" | "excused";

const STATUSES: Status[] = ["present", "absent", "late", "excused"];
export function AttendanceForm({ lesson, journal, onSaved }: { lesson: LessonOut; journal: Journal; onSaved: (j: Journal) => void }) {
  const { t } = useTranslation();
  const locale = currentLanguage();
  const name = useId();
  const initial = useMemo(() => {
    const map: Record<string, { status: Status | null; minutes: string }> = {};
    for (const s of lesson.students) {
      const mark = journal.marks.find((m) => m.student_id === s.id && m.lesson_id === lesson.id)?.attendance;
      map[s.id] = { status: mark?.status ?? null, minutes: mark?.minutes_late ? String(mark.minutes_late) : "" };
    }
    return map;
  }, [lesson, journal]);
  const [marks, setMarks] = useState(initial);
  const [saved, setSaved] = useState<string | null>(null);
  const save = useMutation({
    mutationFn: (all: Record<string, { status: Status | null; minutes: string }>) =>
      markAttendance(
        lesson.id,
        Object.entries(all)
          .filter(([, m]) => m.status !== null)
          .map(([studentId, m]) => ({
            student_id: studentId,
            status: m.status!,
            minutes_late: m.status === "late" && m.minutes ? Number(m.minutes) : null,
          })),
      ),
    onSuccess: (result) => {
      setSaved(savedAt(locale));
      onSaved({
        ...journal,
        marks: lesson.students.map((s) => {
          const existing = journal.marks.find((m) => m.student_id === s.id && m.lesson_id === lesson.id);
          const mark = result.find((r) => r.student_id === s.id);
          return {
            student_id: s.id,
            lesson_id: lesson.id,
            grades: existing?.grades ?? [],
            attendance: mark ? { status: mark.status, minutes_late: mark.minutes_late, reason: mark.reason } : existing?.attendance ?? null,
          };
        }),
      });
    },
  });
  const fieldErrors = save.error instanceof ApiProblem ? save.error.fieldErrors() : {};
  const sent = Object.entries(marks).filter(([, m]) => m.status !== null);
  const errorFor = (studentId: string) => {
    const index = sent.findIndex(([id]) => id === studentId);
    return index < 0 ? undefined : fieldErrors[`${index}.minutes_late`] ?? fieldErrors[`${index}.status`] ?? fieldErrors[`${index}.student_id`];
  };
  const set = (studentId: string, change: Partial<{ status: Status | null; minutes: string }>) => {
    setSaved(null);
    setMarks((all) => ({ ...all, [studentId]: { ...all[studentId]!, ...change } }));
  };
  const allPresent = () => {
    const next = { ...marks };
    for (const [id, m] of Object.entries(next)) if (m.status === null) next[id] = { ...m, status: "present" };
    setMarks(next);
    save.mutate(next);
  };
  const unmarked = Object.values(marks).filter((m) => m.status === null).length;
  // The mark as saved (the journal cache), not as edited in the form: only that can be cleared.
  const savedMark = (studentId: string) =>
    journal.marks.find((m) => m.student_id === studentId && m.lesson_id === lesson.id)?.attendance ?? null;
  const keepSaved = (studentId: string, saved: JournalMark["attendance"]) => {
    set(studentId, { status: saved?.status ?? null, minutes: saved?.minutes_late ? String(saved.minutes_late) : "" });
    onSaved(setAttendance(journal, studentId, lesson.id, saved));
  };

  return (
    <form
      className="card jr-card"
      aria-labelledby={`${name}-title`}
      onSubmit={(event: FormEvent) => {
        event.preventDefault();
        save.mutate(marks);
      }}
    >
      <h2 id={`${name}-title`}>{t("journal.lesson.attendanceTitle")}</h2>
      <p className="field__hint">{t("journal.lesson.attendanceHint")}</p>
      <div className="section-actions">
        <Button variant="secondary" onClick={allPresent} busy={save.isPending}>
          {t("journal.lesson.allPresent")}
        </Button>
        <span className="muted">
          {unmarked > 0 ? t("journal.lesson.unmarked", { count: unmarked }) : t("journal.lesson.allMarked")}
        </span>
      </div>
      <ul className="roster">
        {lesson.students.map((s) => {
          const mark = marks[s.id]!;
          const error = errorFor(s.id);
          return (
            <li key={s.id} className="roster__row">
              <p className="roster__name" id={`${name}-${s.id}`}>
                {studentName(s)}
              </p>
              <div className="roster__extra">
                <fieldset className="segmented" aria-labelledby={`${name}-${s.id}`}>
                  <legend>{t("journal.lesson.attendanceOf", { name: studentName(s) })}</legend>
                  {STATUSES.map((status) => (
                    <label key={status} title={t(`journal.lesson.status.${status}`)} className={`segmented__opt segmented__opt--${status}`}>
                      <input
                        type="radio"
                        name={`${name}-${s.id}`}
                        value={status}
                        checked={mark.status === status}
                        onChange={() => set(s.id, { status })}
                      />
                      <span aria-hidden="true">{t(`journal.lesson.statusShort.${status}`)}</span>
                      <span className="visually-hidden">{t(`journal.lesson.status.${status}`)}</span>
                    </label>
                  ))}
                </fieldset>
                {mark.status === "late" ? (
                  <div className="field roster__minutes">
                    <label className="visually-hidden" htmlFor={`${name}-${s.id}-min`}>
                      {t("journal.lesson.minutesFor", { name: studentName(s) })}
                    </label>
                    <input
                      className="input"
                      id={`${name}-${s.id}-min`}
                      inputMode="numeric"
                      placeholder={t("journal.lesson.minutes")}
                      value={mark.minutes}
                      onChange={(e) => set(s.id, { minutes: e.target.value.replace(/\D/g, "").slice(0, 3) })}
                    />
                  </div>
                ) : null}
                <ClearAttendanceMark
                  lessonId={lesson.id}
                  studentId={s.id}
                  name={studentName(s)}
                  mark={savedMark(s.id)}
                  onChange={(saved) => keepSaved(s.id, saved)}
                />
              </div>
              {error ? <p className="field__error">{error}</p> : null}
            </li>
          );
        })}
      </ul>
      {save.isError && Object.keys(fieldErrors).length === 0 ? <ProblemAlert error={save.error} title={t("journal.lesson.saveFailed")} /> : null}
      <div className="section-actions">
        <Button type="submit" busy={save.isPending}>
          {t("journal.lesson.saveAttendance")}
        </Button>
        {saved && !save.isPending ? <p className="saved-note" role="status">{t("journal.lesson.savedAt", { time: saved })}</p> : null}
      </div>
    </form>
  );
}
