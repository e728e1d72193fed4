import { useState } from "react";
import { useTranslation } from "react-i18next";

import type { components } from "@/api/generated/schema";

import { clearAttendance, markAttendance, saveErrorMessage } from "../api/mutations";

import "../absence-notes.css";

type AttendanceState = components["schemas"]["AttendanceState"];

/**
 * «Снять отметку» for one student on the lesson page: the saved mark goes (DELETE) and
 * «Вернуть» puts it back, as undo does in the journal grid. `mark` is the saved one;
 * `onChange` receives the mark as it now stands on the server.
 */
export function ClearAttendanceMark({
  lessonId,
  studentId,
  name,
  mark,
  onChange,
}: {
  lessonId: string;
  studentId: string;
  name: string;
  mark: AttendanceState | null;
  onChange: (mark: AttendanceState | null) => void;
}) {
  const { t } = useTranslation();
  // The mark just cleared, while «Вернуть» is on offer.
  const [removed, setRemoved] = useState<AttendanceState | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const run = async (action: () => Promise<void>, fallback: string) => {
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (problem) {
      setError(saveErrorMessage(problem, fallback));
    } finally {
      setBusy(false);
    }
  };
  const clear = (current: AttendanceState) =>
    run(async () => {
      await clearAttendance(lessonId, studentId);
      setRemoved(current);
      onChange(null);
    }, t("journal.lesson.clearFailed"));
  const restore = (previous: AttendanceState) =>
    run(async () => {
      const saved = await markAttendance(lessonId, [
        { student_id: studentId, status: previous.status, minutes_late: previous.minutes_late, reason: previous.reason },
      ]);
      const mine = saved.find((m) => m.student_id === studentId);
      setRemoved(null);
      onChange(mine ? { status: mine.status, minutes_late: mine.minutes_late, reason: mine.reason } : previous);
    }, t("journal.lesson.saveFailed"));

  // A mark set again through the form replaces the offer to restore the old one.
  const undo = mark ? null : removed;
  if (!mark && !undo && !error) return null;
  return (
    <div className="mark-clear">
      {undo ? (
        <>
          <p className="mark-clear__note" role="status">
            {busy ? t("journal.lesson.markSaving") : t("journal.lesson.markCleared")}
          </p>
          <button
            type="button"
            className="mark-clear__button"
            aria-busy={busy || undefined}
            aria-disabled={busy || undefined}
            onClick={() => void restore(undo)}
          >
            {t("journal.lesson.restoreMark")}
            <span className="visually-hidden">: {name}</span>
          </button>
        </>
      ) : mark ? (
        <button
          type="button"
          className="mark-clear__button"
          aria-busy={busy || undefined}
          aria-disabled={busy || undefined}
          onClick={() => void clear(mark)}
        >
          {busy ? t("journal.lesson.markSaving") : t("journal.lesson.clearMark")}
          <span className="visually-hidden">: {name}</span>
        </button>
      ) : null}
      {error ? (
        <p className="field__error" role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}
