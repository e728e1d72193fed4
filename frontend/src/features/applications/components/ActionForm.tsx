import { useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";

import { Button } from "@/components/ui/Button";
import { ErrorIcon } from "@/components/ui/icons";
import { ProblemAlert } from "@/components/ui/ProblemAlert";
import { ApiProblem } from "@/lib/api";
import { formatDate, formatFileSize } from "@/lib/format";
import { currentLanguage } from "@/lib/i18n";

import { useApplicantAction, useMyDocuments } from "../api/applications";

/**
 * The applicant's answer — a reply to the school's request for information, or an appeal
 * against a refusal: a comment and, if wanted, documents already uploaded to the profile.
 */
export function ActionForm({
  applicationId,
  kind,
  onDone,
}: {
  applicationId: string;
  kind: "reply" | "appeal";
  /** Called once the server took it (the page then says so: this form goes with the action). */
  onDone: (kind: "reply" | "appeal") => void;
}) {
  const { t } = useTranslation();
  const locale = currentLanguage();
  const ids = { comment: useId(), commentError: useId(), docs: useId() };
  const [comment, setComment] = useState("");
  const [chosen, setChosen] = useState<string[]>([]);
  const [error, setError] = useState<string | null>(null);
  const documents = useMyDocuments();
  const action = useApplicantAction(applicationId);

  const send = () => {
    if (!comment.trim()) {
      setError(t(kind === "reply" ? "applications.action.replyRequired" : "applications.action.appealRequired"));
      document.getElementById(ids.comment)?.focus();
      return;
    }
    setError(null);
    action.mutate({ kind, comment: comment.trim(), attachment_ids: chosen }, { onSuccess: () => onDone(kind) });
  };

  const fieldErrors = action.error instanceof ApiProblem ? action.error.fieldErrors() : {};
  const commentError = error ?? fieldErrors.comment ?? null;

  return (
    <form
      className="form"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        send();
      }}
    >
      <div className={`field${commentError ? " field--invalid" : ""}`}>
        <label className="field__label" htmlFor={ids.comment}>
          {t(kind === "reply" ? "applications.action.replyLabel" : "applications.action.appealLabel")}
        </label>
        <textarea
          id={ids.comment}
          name="comment"
          className="input textarea"
          rows={5}
          maxLength={2000}
          value={comment}
          aria-required="true"
          aria-invalid={commentError ? true : undefined}
          aria-describedby={commentError ? ids.commentError : undefined}
          onChange={(event) => {
            setComment(event.target.value);
            if (error && event.target.value.trim()) setError(null);
          }}
        />
        {commentError ? (
          <p id={ids.commentError} className="field__error">
            <ErrorIcon className="field__error-icon" width={18} height={18} />
            <span>{commentError}</span>
          </p>
        ) : null}
      </div>

      <fieldset className="fieldset doc-pick" aria-describedby={ids.docs}>
        <legend className="field__label">
          {t("applications.action.documents")} <span className="field__optional">{t("form.optional")}</span>
        </legend>
        <p id={ids.docs} className="field__hint">
          {t("applications.action.documentsHint")}
        </p>
        {documents.isPending ? (
          <p className="muted">{t("applications.loading")}</p>
        ) : documents.isError ? (
          <ProblemAlert error={documents.error} />
        ) : documents.data.items.length === 0 ? (
          <p className="muted">{t("applications.action.noDocuments")}</p>
        ) : (
          documents.data.items.map((doc) => (
            <label key={doc.id} className="radio doc-pick__item">
              <input
                type="checkbox"
                name="attachment_ids"
                value={doc.id}
                checked={chosen.includes(doc.id)}
                onChange={(event) =>
                  setChosen((current) =>
                    event.target.checked ? [...current, doc.id] : current.filter((id) => id !== doc.id),
                  )
                }
              />
              <span>
                {t(`applications.documentKinds.${doc.kind}`)}
                <span className="muted">
                  {" · "}
                  {t("applications.action.uploaded", { date: formatDate(doc.created_at, { locale }) })}
                  {" · "}
                  {formatFileSize(doc.size, locale)}
                </span>
              </span>
            </label>
          ))
        )}
        <p className="form__aside">
          <Link to="/profile/documents">{t("applications.action.uploadMore")}</Link>
        </p>
      </fieldset>

      {action.isError && !fieldErrors.comment ? <ProblemAlert error={action.error} /> : null}
      <div className="form__actions">
        <Button type="submit" busy={action.isPending}>
          {t(kind === "reply" ? "applications.action.sendReply" : "applications.action.sendAppeal")}
        </Button>
      </div>
    </form>
  );
}
