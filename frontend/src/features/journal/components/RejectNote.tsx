import { useMutation } from "@tanstack/react-query";
import { useId, useState } from "react";
import { useTranslation } from "react-i18next";

import { Button } from "@/components/ui/Button";
import { ProblemAlert } from "@/components/ui/ProblemAlert";
import { ApiProblem } from "@/lib/api";

import { rejectNote, type AbsenceNote } from "../api/absence-notes";

/**
 * «Не принять…»: opens a short form for the reason the family will read; the note is
 * turned down only with it.
 */
export function RejectNote({ noteId, label, onRejected }: { noteId: string; label: string; onRejected: (note: AbsenceNote) => void }) {
  const { t } = useTranslation();
  const id = useId();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState("");
  const [error, setError] = useState<string | null>(null);
  const reject = useMutation({
    mutationFn: () => rejectNote(noteId, reason.trim()),
    onSuccess: (note) => {
      setOpen(false);
      onRejected(note);
    },
    onError: (problem) => {
      if (problem instanceof ApiProblem) setError(problem.fieldErrors().reason ?? null);
    },
  });
  if (!open) {
    return (
      <Button variant="secondary" onClick={() => setOpen(true)}>
        {t("journal.classNotes.reject")}
        <span className="visually-hidden">: {label}</span>
      </Button>
    );
  }
  return (
    <form
      className="note-reject"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        if (reason.trim().length < 3) {
          setError(t("journal.classNotes.rejectReasonShort"));
          return;
        }
        setError(null);
        reject.mutate();
      }}
    >
      <div className={`field${error ? " field--invalid" : ""}`}>
        <label className="field__label" htmlFor={id}>
          {t("journal.classNotes.rejectReason")}
        </label>
        <textarea
          className="input textarea"
          id={id}
          value={reason}
          maxLength={500}
          autoFocus
          aria-invalid={!!error || undefined}
          aria-describedby={`${id}-hint${error ? ` ${id}-e` : ""}`}
          onChange={(e) => setReason(e.target.value)}
        />
        <p className="field__hint" id={`${id}-hint`}>
          {t("journal.classNotes.rejectReasonHint")}
        </p>
        {error ? (
          <p className="field__error" id={`${id}-e`}>
            {error}
          </p>
        ) : null}
      </div>
      {reject.isError && !error ? <ProblemAlert error={reject.error} title={t("journal.classNotes.rejectFailed")} /> : null}
      <div className="section-actions">
        <Button type="submit" busy={reject.isPending}>
          {t("journal.classNotes.rejectSend")}
        </Button>
        <Button variant="secondary" onClick={() => setOpen(false)}>
          {t("journal.classNotes.rejectCancel")}
        </Button>
      </div>
    </form>
  );
}
