import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";

import { Alert } from "@/components/ui/Alert";
import { Button } from "@/components/ui/Button";
import { LevelBadge } from "@/components/ui/LevelBadge";
import { PageTitle } from "@/components/ui/PageTitle";
import { ProblemAlert } from "@/components/ui/ProblemAlert";
import { Skeleton } from "@/components/ui/Skeleton";
import { formatDate, formatDateTime, formatFileSize, fullName } from "@/lib/format";
import { currentLanguage } from "@/lib/i18n";
import { formatPhone } from "@/lib/masks";

import { useAccount, useConfirmAccount, useIssueCode, type AccountCard, type ConfirmBody } from "../api/operator-api";
import { DocumentViewer } from "../components/DocumentViewer";

function ConfirmIdentity({ account }: { account: AccountCard }) {
  const { t } = useTranslation();
  const confirm = useConfirmAccount(account.id);
  const [method, setMethod] = useState<ConfirmBody["method"]>("service_center");
  const [note, setNote] = useState("");
  return (
    <section className="card section-card" aria-labelledby="confirm-title">
      <h2 id="confirm-title">{t("operator.confirmTitle")}</h2>
      <p>{t("operator.confirmLead")}</p>
      {confirm.error ? <ProblemAlert error={confirm.error} /> : null}
      <form
        className="form"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          confirm.mutate({ method, note: note.trim() || null });
        }}
      >
        <fieldset className="fieldset">
          <legend className="field__label">{t("operator.method")}</legend>
          {(["service_center", "video"] as const).map((m) => (
            <label key={m} className="radio">
              <input type="radio" name="method" value={m} checked={method === m} onChange={() => setMethod(m)} />
              <span>{t(`operator.methods.${m}`)}</span>
            </label>
          ))}
        </fieldset>
        <div className="field">
          <label className="field__label" htmlFor="confirm-note">
            {t("operator.note")}
            <span className="field__optional"> {t("form.optional")}</span>
          </label>
          <p className="field__hint" id="confirm-note-hint">
            {t("operator.noteHint")}
          </p>
          <textarea
            id="confirm-note"
            className="input textarea"
            rows={3}
            maxLength={500}
            value={note}
            aria-describedby="confirm-note-hint"
            onChange={(event) => setNote(event.target.value)}
          />
        </div>
        <div className="form__actions">
          <Button type="submit" busy={confirm.isPending}>
            {t("operator.confirm")}
          </Button>
        </div>
      </form>
    </section>
  );
}

function IssueCode({ account }: { account: AccountCard }) {
  const { t } = useTranslation();
  const issue = useIssueCode(account.id);
  const locale = currentLanguage();
  return (
    <section className="card section-card" aria-labelledby="code-title">
      <h2 id="code-title">{t("operator.codeTitle")}</h2>
      <p>{t("operator.codeLead")}</p>
      {issue.error ? <ProblemAlert error={issue.error} /> : null}
      {issue.data ? (
        <Alert tone="success" title={t("operator.codeIssued")}>
          <p className="issued-code">
            <code>{issue.data.code}</code>
          </p>
          <p>{t("operator.codeOnce", { until: formatDateTime(issue.data.expires_at, { locale }) })}</p>
        </Alert>
      ) : (
        <Button busy={issue.isPending} onClick={() => issue.mutate()}>
          {t("operator.issueCode")}
        </Button>
      )}
    </section>
  );
}

export default function OperatorAccountRoute() {
  const { t } = useTranslation();
  const { accountId = "" } = useParams();
  const account = useAccount(accountId);
  const locale = currentLanguage();
  const [viewing, setViewing] = useState<string | null>(null);

  const data = account.data;
  return (
    <div className="container page page--narrow">
      <PageTitle title={t("operator.accountTitle")} />
      <p className="breadcrumb">
        <Link to="/operator">{t("operator.backToSearch")}</Link>
      </p>
      <h1>{data ? fullName(data) : t("operator.accountTitle")}</h1>
      {account.isPending ? (
        <div className="card section-card" role="status" aria-busy="true">
          <span className="visually-hidden">{t("app.loading")}</span>
          <Skeleton width="60%" />
          <Skeleton width="80%" />
        </div>
      ) : account.isError ? (
        <div className="stack">
          <ProblemAlert error={account.error} />
          <Button onClick={() => void account.refetch()}>{t("status.retry")}</Button>
        </div>
      ) : (
        <div className="stack">
          <section className="card section-card" aria-labelledby="card-title">
            <h2 id="card-title">{t("operator.cardTitle")}</h2>
            <dl className="facts">
              <div className="facts__row">
                <dt>{t("operator.level")}</dt>
                <dd>
                  <LevelBadge level={data!.level} />
                </dd>
              </div>
              <div className="facts__row">
                <dt>{t("fields.phone")}</dt>
                <dd>{formatPhone(data!.phone)}</dd>
              </div>
              <div className="facts__row">
                <dt>{t("fields.email")}</dt>
                <dd>{data!.email ?? "—"}</dd>
              </div>
              <div className="facts__row">
                <dt>{t("fields.snils")}</dt>
                <dd>{data!.snils ?? t("operator.notGiven")}</dd>
              </div>
              <div className="facts__row">
                <dt>{t("fields.passport")}</dt>
                <dd>{data!.passport ?? t("operator.notGiven")}</dd>
              </div>
              <div className="facts__row">
                <dt>{t("operator.registered")}</dt>
                <dd>{formatDate(data!.created_at, { locale })}</dd>
              </div>
            </dl>
            {data!.registry_message ? (
              <Alert tone={data!.registry_status === "mismatch" ? "warning" : "info"} live={false} title={t("profile.registryTitle")}>
                <p>{data!.registry_message}</p>
              </Alert>
            ) : null}
            {data!.confirmations.length ? (
              <>
                <h3>{t("operator.history")}</h3>
                <ul className="plain-list">
                  {data!.confirmations.map((c) => (
                    <li key={c.created_at}>
                      {formatDateTime(c.created_at, { locale })} — {t(`operator.methods.${c.method}`)}
                    </li>
                  ))}
                </ul>
              </>
            ) : null}
          </section>

          <section className="card section-card" aria-labelledby="docs-title">
            <h2 id="docs-title">{t("operator.documentsTitle")}</h2>
            {data!.documents.length === 0 ? (
              <p className="empty-state">{t("operator.noDocuments")}</p>
            ) : (
              <ul className="doc-list">
                {data!.documents.map((doc) => {
                  const title = `${t(`documents.kinds.${doc.kind}`)}, ${formatDate(doc.created_at, { locale })}`;
                  return (
                    <li key={doc.id} className="doc-row doc-row--operator">
                      <div className="doc-row__main">
                        <p className="doc-row__title">{t(`documents.kinds.${doc.kind}`)}</p>
                        <p className="doc-row__meta">
                          {formatDate(doc.created_at, { locale })} · {doc.content_type}, {formatFileSize(doc.size, locale)}
                          {doc.dpi ? ` · ${doc.dpi}\u00a0dpi` : ""} · {t(`documents.status.${doc.status}`)}
                        </p>
                        {viewing === doc.id ? (
                          <DocumentViewer
                            accountId={data!.id}
                            documentId={doc.id}
                            title={title}
                            contentType={doc.content_type}
                            onClose={() => setViewing(null)}
                          />
                        ) : (
                          <Button aria-label={`${t("operator.view")}: ${title}`} variant="secondary" onClick={() => setViewing(doc.id)}>
                            {t("operator.view")}
                          </Button>
                        )}
                      </div>
                    </li>
                  );
                })}
              </ul>
            )}
          </section>

          {data!.level === "standard" ? (
            <>
              <ConfirmIdentity account={data!} />
              <IssueCode account={data!} />
            </>
          ) : (
            <Alert tone="info" live={false}>
              <p>{data!.level === "confirmed" ? t("operator.alreadyConfirmed") : t("operator.notStandard")}</p>
            </Alert>
          )}
        </div>
      )}
    </div>
  );
}
