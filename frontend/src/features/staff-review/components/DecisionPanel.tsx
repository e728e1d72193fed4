import { useId, useState } from "react";
import { useTranslation } from "react-i18next";

import { Alert } from "@/components/ui/Alert";
import { ConfirmDialog } from "@/components/ui/ConfirmDialog";
import { ErrorIcon } from "@/components/ui/icons";
import { ProblemAlert } from "@/components/ui/ProblemAlert";
import { ApiProblem } from "@/lib/api";
import { fullName, genderFromPatronymic } from "@/lib/format";

import { useDecide, useReasonCodes, type Application, type DecisionIn, type ReasonCode } from "../api/review";

type Decision = DecisionIn["decision"];

/** What the school may decide in each status (the server's workflow). */
export function decisionsFor(status: Application["status"]): Decision[] {
  switch (status) {
    case "submitted":
    case "appealed":
      return ["start_review"];
    case "under_review":
      // The main action last (first on phones, where the row is stacked in reverse).
      return ["reject", "request_info", "approve"];
    default:
      return [];
  }
}

function noneReason(status: Application["status"]): "decided" | "applicant" | "withdrawn" {
  if (status === "withdrawn") return "withdrawn";
  if (status === "info_requested" || status === "suspended" || status === "draft") return "applicant";
  return "decided";
}

const NEEDS_REASON: readonly Decision[] = ["request_info", "reject"];

/** The decision buttons, each behind a confirmation; a reason and comment where the rules want them. */
export function DecisionPanel({ application }: { application: Application }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState<Decision | null>(null);
  const [reason, setReason] = useState<ReasonCode | "">("");
  const [comment, setComment] = useState("");
  const [errors, setErrors] = useState<{ reason?: string; comment?: string }>({});
  const [done, setDone] = useState<Decision | null>(null);
  const decide = useDecide(application.id);
  const reasons = useReasonCodes();
  const ids = { reason: useId(), reasonError: useId(), comment: useId(), commentError: useId() };
  const available = decisionsFor(application.status);

  const start = (decision: Decision) => {
    setReason("");
    setComment("");
    setErrors({});
    decide.reset();
    setOpen(decision);
  };

  const confirm = async () => {
    if (!open) return;
    const needsReason = NEEDS_REASON.includes(open);
    if (needsReason) {
      const next: typeof errors = {};
      if (!reason) next.reason = t("staffReview.decision.reasonRequired");
      if (!comment.trim()) next.comment = t("staffReview.decision.commentRequired");
      setErrors(next);
      if (next.reason || next.comment) {
        document.getElementById(next.reason ? ids.reason : ids.comment)?.focus();
        return;
      }
    }
    try {
      await decide.mutateAsync({
        decision: open,
        reason_code: needsReason ? (reason as ReasonCode) : null,
        comment: comment.trim() || null,
      });
      setDone(open);
      setOpen(null);
    } catch (problem) {
      if (problem instanceof ApiProblem) {
        const fields = problem.fieldErrors();
        if (fields.reason_code || fields.comment) setErrors({ reason: fields.reason_code, comment: fields.comment });
      }
    }
  };

  const child = fullName(application.child);
  return (
    <section className="card section-card decision-panel" aria-labelledby="decision-title">
      <h2 id="decision-title">{t("staffReview.decision.title")}</h2>
      {done ? (
        <Alert tone="success">
          <p>{t(`staffReview.decision.done.${done}`)}</p>
        </Alert>
      ) : null}
      {available.length === 0 ? (
        <p className="muted">{t(`staffReview.decision.none.${noneReason(application.status)}`)}</p>
      ) : (
        <div className="form__actions">
          {available.map((decision) => (
            <button
              key={decision}
              type="button"
              className={`button ${decision === "reject" ? "button--danger-outline" : decision === "request_info" ? "button--secondary" : "button--primary"}`}
              onClick={() => start(decision)}
            >
              {t(`staffReview.decision.buttons.${decision}`)}
            </button>
          ))}
        </div>
      )}
      <ConfirmDialog
        open={open !== null}
        title={open ? t(`staffReview.decision.questions.${open}`) : ""}
        confirmLabel={open ? t(`staffReview.decision.confirm.${open}`) : ""}
        tone={open === "reject" ? "danger" : "primary"}
        busy={decide.isPending}
        onCancel={() => setOpen(null)}
        onConfirm={confirm}
      >
        {open ? (
          <p>
            {t(`staffReview.decision.consequences.${open}`, {
              child,
              class: application.class?.name ?? "",
              // «зачислен» / «зачислена» when the patronymic tells; «зачислен(а)» otherwise.
              context: genderFromPatronymic(application.child.middle_name) ?? undefined,
            })}
          </p>
        ) : null}
        {open && NEEDS_REASON.includes(open) ? (
          <>
            <div className={`field${errors.reason ? " field--invalid" : ""}`}>
              <label className="field__label" htmlFor={ids.reason}>
                {t("staffReview.decision.reason")}
              </label>
              <select
                id={ids.reason}
                className="input select"
                value={reason}
                aria-required="true"
                aria-invalid={errors.reason ? true : undefined}
                aria-describedby={errors.reason ? ids.reasonError : undefined}
                onChange={(event) => setReason(event.target.value as ReasonCode)}
              >
                <option value="">{t("applications.class.choose")}</option>
                {(reasons.data ?? []).map((r) => (
                  <option key={r.code} value={r.code}>
                    {r.label}
                  </option>
                ))}
              </select>
              {errors.reason ? (
                <p id={ids.reasonError} className="field__error">
                  <ErrorIcon className="field__error-icon" width={18} height={18} />
                  <span>{errors.reason}</span>
                </p>
              ) : null}
            </div>
            <div className={`field${errors.comment ? " field--invalid" : ""}`}>
              <label className="field__label" htmlFor={ids.comment}>
                {t("staffReview.decision.comment")}
              </label>
              <p className="field__hint">
                {open === "request_info" ? t("staffReview.decision.commentHintInfo") : t("staffReview.decision.commentHintReject")}
              </p>
              <textarea
                id={ids.comment}
                className="input textarea"
                rows={4}
                maxLength={2000}
                value={comment}
                aria-required="true"
                aria-invalid={errors.comment ? true : undefined}
                aria-describedby={errors.comment ? ids.commentError : undefined}
                onChange={(event) => setComment(event.target.value)}
              />
              {errors.comment ? (
                <p id={ids.commentError} className="field__error">
                  <ErrorIcon className="field__error-icon" width={18} height={18} />
                  <span>{errors.comment}</span>
                </p>
              ) : null}
            </div>
          </>
        ) : open ? (
          <div className="field">
            <label className="field__label" htmlFor={ids.comment}>
              {t("staffReview.decision.comment")} <span className="field__optional">{t("form.optional")}</span>
            </label>
            <textarea
              id={ids.comment}
              className="input textarea"
              rows={3}
              maxLength={2000}
              value={comment}
              onChange={(event) => setComment(event.target.value)}
            />
          </div>
        ) : null}
        {decide.isError && !errors.reason && !errors.comment ? <ProblemAlert error={decide.error} /> : null}
      </ConfirmDialog>
    </section>
  );
}
