import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";

import { Alert } from "@/components/ui/Alert";
import { ApplicationHistory } from "@/components/ui/ApplicationHistory";
import { ConfirmDialog } from "@/components/ui/ConfirmDialog";
import { PageTitle } from "@/components/ui/PageTitle";
import { ProblemAlert } from "@/components/ui/ProblemAlert";
import { Skeleton } from "@/components/ui/Skeleton";
import { ApplicationStatusBadge } from "@/components/ui/StatusBadge";
import { ApiProblem } from "@/lib/api";
import { isOpenApplication } from "@/lib/application-status";
import { formatDate, formatDateTime, fullName } from "@/lib/format";
import { currentLanguage } from "@/lib/i18n";
import { formatPhone } from "@/lib/masks";
import { formatOffset, zoneDifference, zoneOffsetMinutes } from "@/lib/school-time";

import { useApplicantAction, useApplication, type Application, type HistoryEntry } from "../api/applications";
import { ActionForm } from "../components/ActionForm";
import { nextDeadline } from "../lib/deadline";
import { zoneName } from "../lib/zone";

import "@/styles/records.css";
import "../applications.css";

/**
 * One application: the action the parent must take comes first (reply to a request,
 * appeal a refusal within 30 days, finish the draft), then the details and the full history.
 */
export default function ApplicationRoute() {
  const { t } = useTranslation();
  const { id = "" } = useParams();
  const query = useApplication(id);

  if (query.isPending) {
    return (
      <div className="container page page--narrow" role="status" aria-label={t("applications.loading")}>
        <Skeleton height="2.5rem" width="60%" />
        <Skeleton height="10rem" />
      </div>
    );
  }
  if (query.isError) {
    const missing = query.error instanceof ApiProblem && query.error.status === 404;
    return (
      <div className="container page page--narrow">
        <PageTitle title={t("applications.detail.notFound")} />
        <h1>{missing ? t("applications.detail.notFound") : t("applications.detail.title")}</h1>
        {missing ? <p>{t("applications.detail.notFoundText")}</p> : <ProblemAlert error={query.error} />}
        <Link to="/applications">{t("applications.list.title")}</Link>
      </div>
    );
  }
  return <ApplicationView application={query.data} />;
}

function lastEntry(history: readonly HistoryEntry[], action: string): HistoryEntry | undefined {
  return [...history].filter((entry) => entry.action === action).sort((a, b) => b.at.localeCompare(a.at))[0];
}

type Notice = "reply" | "appeal" | "withdraw";

const NOTICES = {
  reply: "applications.action.replySent",
  appeal: "applications.action.appealSent",
  withdraw: "applications.withdraw.done",
} as const;

function ApplicationView({ application }: { application: Application }) {
  const { t } = useTranslation();
  const [notice, setNotice] = useState<Notice | null>(null);
  const locale = currentLanguage();
  const tz = application.school?.timezone;
  const title = application.number
    ? t("applications.detail.titleNumber", { number: application.number })
    : t("applications.detail.titleDraft");
  const deadline = nextDeadline(application, t, locale);

  return (
    <div className="container page page--narrow">
      <PageTitle title={title} />
      <nav aria-label={t("services.breadcrumbs")} className="crumbs">
        <ol>
          <li>
            <Link to="/applications">{t("applications.list.title")}</Link>
          </li>
          <li aria-current="page">{application.number ?? t("applications.list.draft")}</li>
        </ol>
      </nav>
      <div className="record-header">
        <h1>{title}</h1>
        <p className="record-header__status">
          <ApplicationStatusBadge status={application.status} />
          {deadline && !deadline.yours ? (
            <span className={deadline.overdue ? "record__deadline--overdue" : undefined}>
              {deadline.text}
              {deadline.overdue ? ` · ${t("applications.deadline.overdue")}` : ""}
            </span>
          ) : null}
        </p>
      </div>

      {notice ? (
        <Alert tone="success">
          <p>{t(NOTICES[notice])}</p>
        </Alert>
      ) : null}

      <RequiredAction application={application} onDone={setNotice} />

      {application.status === "approved" ? (
        <Alert tone="success" live={false} title={t("applications.detail.approvedTitle")}>
          <p>{t("applications.detail.approvedText", { class: application.class?.name ?? "" })}</p>
          {application.student_id ? (
            <Link to={`/diary/${application.student_id}`}>{t("applications.detail.openDiary")}</Link>
          ) : null}
        </Alert>
      ) : null}

      <section className="card section-card after-card" aria-labelledby="details">
        <h2 id="details">{t("applications.detail.details")}</h2>
        <dl className="facts-list">
          <div>
            <dt>{t("applications.list.child")}</dt>
            <dd>
              {fullName(application.child)}, {t("applications.child.born", { date: formatDate(application.child.birth_date, { locale }) })}
            </dd>
          </div>
          <div>
            <dt>{t("applications.review.school")}</dt>
            <dd>{application.school?.short_name ?? t("applications.review.missing")}</dd>
          </div>
          <div>
            <dt>{t("applications.review.class")}</dt>
            <dd>{application.class?.name ?? t("applications.review.missing")}</dd>
          </div>
          <div>
            <dt>{t("applications.contacts.phone")}</dt>
            <dd>{application.contact_phone ? formatPhone(application.contact_phone) : t("applications.review.missing")}</dd>
          </div>
          <div>
            <dt>{t("applications.contacts.studentNumber")}</dt>
            <dd>{application.student_number || t("applications.review.notGiven")}</dd>
          </div>
          <div>
            <dt>{t("applications.review.consent")}</dt>
            <dd>
              {application.consent
                ? t("applications.detail.consentGiven", {
                    version: application.consent.version,
                    date: formatDate(application.consent.given_at, { locale, timeZone: tz }),
                  })
                : t("applications.review.missing")}
            </dd>
          </div>
          {application.submitted_at ? (
            <div>
              <dt>{t("applications.list.submittedAt")}</dt>
              <dd>{formatDateTime(application.submitted_at, { locale, timeZone: tz })}</dd>
            </div>
          ) : null}
          {application.decided_at ? (
            <div>
              <dt>{t("applications.detail.decidedAt")}</dt>
              <dd>{formatDateTime(application.decided_at, { locale, timeZone: tz })}</dd>
            </div>
          ) : null}
          {application.attachments.length ? (
            <div>
              <dt>{t("applications.detail.attachments")}</dt>
              <dd>
                <ul className="plain-list">
                  {application.attachments.map((doc) => (
                    <li key={doc.id}>
                      {t(`applications.documentKinds.${doc.kind}`)} · {formatDate(doc.created_at, { locale })}
                    </li>
                  ))}
                </ul>
              </dd>
            </div>
          ) : null}
        </dl>
        {tz && zoneDifference(tz) ? (
          <p className="muted">
            {t("applications.detail.zone", {
              city: zoneName(tz, locale) ?? tz,
              offset: formatOffset(zoneOffsetMinutes(tz)),
            })}
          </p>
        ) : null}
      </section>

      <section className="card section-card after-card" aria-labelledby="history">
        <h2 id="history">{t("applications.detail.history")}</h2>
        <ApplicationHistory entries={application.history} timeZone={tz} viewer="applicant" />
      </section>

      {isOpenApplication(application.status) ? <Withdraw application={application} onDone={() => setNotice("withdraw")} /> : null}

      <p className="after-card muted">
        {t("applications.detail.help")} <Link to={`/support/new?application=${encodeURIComponent(application.number ?? "")}`}>{t("applications.detail.helpLink")}</Link>
      </p>
    </div>
  );
}

function RequiredAction({ application, onDone }: { application: Application; onDone: (kind: Notice) => void }) {
  const { t } = useTranslation();
  const locale = currentLanguage();
  const next = application.next_action;
  if (!next) return null;
  const tz = application.school?.timezone;
  const due = next.due_at ? formatDate(next.due_at, { locale, timeZone: tz }) : null;

  if (next.code === "submit") {
    return (
      <section className="card action-card" aria-labelledby="action-title">
        <h2 id="action-title">{t("applications.action.submitTitle")}</h2>
        <p>{t("applications.action.submitText")}</p>
        <Link to={`/applications/${application.id}/edit`} className="button button--primary">
          {t("applications.list.continue")}
        </Link>
      </section>
    );
  }

  const source = lastEntry(application.history, next.code === "reply" ? "request_info" : "reject");
  return (
    <section className="card action-card" aria-labelledby="action-title">
      <p className="action-card__kicker">{t("applications.action.required")}</p>
      <h2 id="action-title">
        {next.code === "reply"
          ? application.status === "suspended"
            ? t("applications.action.suspendedTitle")
            : t("applications.action.replyTitle")
          : t("applications.action.appealTitle")}
      </h2>
      {source?.reason_label || source?.comment ? (
        <div className="action-card__request">
          {source.reason_label ? (
            <p>
              <strong>{t("applications.history.reason")}</strong> {source.reason_label}
            </p>
          ) : null}
          {source.comment ? <blockquote className="timeline__comment">{source.comment}</blockquote> : null}
        </div>
      ) : null}
      {due ? (
        <p className="action-card__due">
          {next.code === "reply"
            ? application.status === "suspended"
              ? t("applications.action.suspendedText")
              : t("applications.action.replyDue", { date: due })
            : t("applications.action.appealDue", { date: due })}
        </p>
      ) : null}
      {next.code === "appeal" ? <p>{t("applications.action.appealHow")}</p> : null}
      <ActionForm applicationId={application.id} kind={next.code} onDone={onDone} />
    </section>
  );
}

function Withdraw({ application, onDone }: { application: Application; onDone: () => void }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [comment, setComment] = useState("");
  const action = useApplicantAction(application.id);
  return (
    <section className="after-card withdraw" aria-labelledby="withdraw-title">
      <h2 id="withdraw-title" className="withdraw__title">
        {t("applications.withdraw.title")}
      </h2>
      <p className="muted">{t("applications.withdraw.text")}</p>
      <button type="button" className="button button--danger-outline" onClick={() => setOpen(true)}>
        {t("applications.withdraw.button")}
      </button>
      <ConfirmDialog
        open={open}
        title={t("applications.withdraw.question")}
        confirmLabel={t("applications.withdraw.confirm")}
        tone="danger"
        busy={action.isPending}
        onCancel={() => setOpen(false)}
        onConfirm={async () => {
          try {
            await action.mutateAsync({ kind: "withdraw", comment: comment.trim() || undefined });
            setOpen(false);
            onDone();
          } catch {
            // shown in the dialog
          }
        }}
      >
        <p>{t("applications.withdraw.consequence")}</p>
        <div className="field">
          <label className="field__label" htmlFor="withdraw-comment">
            {t("applications.withdraw.comment")} <span className="field__optional">{t("form.optional")}</span>
          </label>
          <textarea
            id="withdraw-comment"
            className="input textarea"
            rows={3}
            maxLength={2000}
            value={comment}
            onChange={(event) => setComment(event.target.value)}
          />
        </div>
        {action.isError ? <ProblemAlert error={action.error} /> : null}
      </ConfirmDialog>
    </section>
  );
}
