import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";

import { ApplicationHistory } from "@/components/ui/ApplicationHistory";
import { LevelBadge } from "@/components/ui/LevelBadge";
import { PageTitle } from "@/components/ui/PageTitle";
import { ProblemAlert } from "@/components/ui/ProblemAlert";
import { Skeleton } from "@/components/ui/Skeleton";
import { ApplicationStatusBadge } from "@/components/ui/StatusBadge";
import { formatDate, formatDateTime, fullName } from "@/lib/format";
import { currentLanguage } from "@/lib/i18n";
import { formatPhone } from "@/lib/masks";

import { useReviewedApplication } from "../api/review";
import { DecisionPanel } from "../components/DecisionPanel";
import { DocumentLink } from "../components/DocumentLink";
import { staffDeadline } from "../lib/deadline";

import "@/styles/records.css";
import "../staff-review.css";

/** One application for the school: the child, the applicant, documents, decisions, history. */
export default function ReviewRoute() {
  const { t } = useTranslation();
  const { id = "" } = useParams();
  const query = useReviewedApplication(id);
  const locale = currentLanguage();

  if (query.isPending) {
    return (
      <div className="container page page--narrow" role="status" aria-label={t("applications.loading")}>
        <Skeleton height="2.5rem" width="60%" />
        <Skeleton height="12rem" />
      </div>
    );
  }
  if (query.isError) {
    return (
      <div className="container page page--narrow">
        <h1>{t("staffReview.detail.title")}</h1>
        <ProblemAlert error={query.error} />
        <Link to="/staff/applications">{t("staffReview.queue.title")}</Link>
      </div>
    );
  }
  const application = query.data;
  const tz = application.school?.timezone;
  const deadline = staffDeadline(application, t, locale);
  const title = t("applications.detail.titleNumber", { number: application.number ?? "—" });
  const documents = [...application.attachments, ...(application.child_documents ?? [])].filter(
    (doc, index, all) => all.findIndex((d) => d.id === doc.id) === index,
  );

  return (
    <div className="container page page--narrow">
      <PageTitle title={title} />
      <nav aria-label={t("services.breadcrumbs")} className="crumbs">
        <ol>
          <li>
            <Link to="/staff/applications">{t("staffReview.queue.title")}</Link>
          </li>
          <li aria-current="page">{application.number}</li>
        </ol>
      </nav>
      <div className="record-header">
        <h1>{title}</h1>
        <p className="record-header__status">
          <ApplicationStatusBadge status={application.status} />
          {deadline ? (
            <span className={deadline.ours && deadline.overdue ? "record__deadline--overdue" : undefined}>
              {deadline.text}
              {deadline.late ? ` · ${deadline.late}` : ""}
            </span>
          ) : null}
        </p>
      </div>

      <DecisionPanel application={application} />

      <section className="card section-card after-card" aria-labelledby="child-data">
        <h2 id="child-data">{t("staffReview.detail.child")}</h2>
        <dl className="facts-list">
          <div>
            <dt>{t("applications.child.name")}</dt>
            <dd>{fullName(application.child)}</dd>
          </div>
          <div>
            <dt>{t("applications.child.birthDate")}</dt>
            <dd>{formatDate(application.child.birth_date, { locale })}</dd>
          </div>
          <div>
            <dt>{t("staffReview.detail.snils")}</dt>
            <dd>{application.child.snils}</dd>
          </div>
          <div>
            <dt>{t("staffReview.detail.certificate")}</dt>
            <dd>{application.child.birth_certificate}</dd>
          </div>
          <div>
            <dt>{t("applications.review.class")}</dt>
            <dd>{application.class?.name ?? "—"}</dd>
          </div>
          <div>
            <dt>{t("applications.contacts.studentNumber")}</dt>
            <dd>{application.student_number || t("applications.review.notGiven")}</dd>
          </div>
        </dl>
      </section>

      <section className="card section-card after-card" aria-labelledby="applicant-data">
        <h2 id="applicant-data">{t("staffReview.detail.applicant")}</h2>
        <dl className="facts-list">
          {application.applicant ? (
            <>
              <div>
                <dt>{t("applications.child.name")}</dt>
                <dd>{fullName(application.applicant)}</dd>
              </div>
              <div>
                <dt>{t("staffReview.detail.level")}</dt>
                <dd>
                  <LevelBadge level={application.applicant.level as "simplified" | "standard" | "confirmed"} />
                </dd>
              </div>
            </>
          ) : null}
          <div>
            <dt>{t("applications.contacts.phone")}</dt>
            <dd>{application.contact_phone ? formatPhone(application.contact_phone) : "—"}</dd>
          </div>
          <div>
            <dt>{t("applications.review.consent")}</dt>
            <dd>
              {application.consent
                ? t("applications.detail.consentGiven", {
                    version: application.consent.version,
                    date: formatDate(application.consent.given_at, { locale, timeZone: tz }),
                  })
                : "—"}
            </dd>
          </div>
          {application.submitted_at ? (
            <div>
              <dt>{t("applications.list.submittedAt")}</dt>
              <dd>{formatDateTime(application.submitted_at, { locale, timeZone: tz })}</dd>
            </div>
          ) : null}
        </dl>
      </section>

      <section className="card section-card after-card" aria-labelledby="documents">
        <h2 id="documents">{t("staffReview.detail.documents")}</h2>
        {documents.length ? (
          <ul className="plain-list doc-links">
            {documents.map((doc) => (
              <DocumentLink key={doc.id} applicationId={application.id} document={doc} />
            ))}
          </ul>
        ) : (
          <p className="empty-state">{t("staffReview.detail.noDocuments")}</p>
        )}
        <p className="muted">{t("staffReview.detail.audit")}</p>
      </section>

      <section className="card section-card after-card" aria-labelledby="history">
        <h2 id="history">{t("applications.detail.history")}</h2>
        <ApplicationHistory entries={application.history} timeZone={tz} viewer="staff" />
      </section>
    </div>
  );
}
