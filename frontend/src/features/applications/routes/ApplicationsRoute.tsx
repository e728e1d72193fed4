import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";

import { Button } from "@/components/ui/Button";
import { PageTitle } from "@/components/ui/PageTitle";
import { ProblemAlert } from "@/components/ui/ProblemAlert";
import { Skeleton } from "@/components/ui/Skeleton";
import { ApplicationStatusBadge } from "@/components/ui/StatusBadge";
import { formatDate, fullName } from "@/lib/format";
import { currentLanguage } from "@/lib/i18n";

import { PAGE_SIZE, useApplications, type ApplicationItem } from "../api/applications";
import { nextDeadline } from "../lib/deadline";

import "@/styles/records.css";
import "../applications.css";

/** «Мои заявления»: number, date, child, school, status, next deadline; newest first. */
export default function ApplicationsRoute() {
  const { t } = useTranslation();
  const [limit, setLimit] = useState(PAGE_SIZE);
  const list = useApplications(limit);

  return (
    <div className="container page">
      <PageTitle title={t("applications.list.title")} />
      <div className="page-head">
        <h1>{t("applications.list.title")}</h1>
        <Link to="/applications/new" className="button button--primary">
          {t("applications.list.new")}
        </Link>
      </div>
      <p className="lead">{t("applications.list.lead")}</p>
      {list.isPending ? (
        <div className="record-list" role="status" aria-label={t("applications.loading")}>
          <Skeleton height="7rem" />
          <Skeleton height="7rem" />
        </div>
      ) : list.isError ? (
        <div className="stack">
          <ProblemAlert error={list.error} title={t("applications.list.failed")} />
          <Button variant="secondary" onClick={() => void list.refetch()}>
            {t("applications.retry")}
          </Button>
        </div>
      ) : list.data.items.length === 0 ? (
        <div className="card empty-card">
          <p>{t("applications.list.empty")}</p>
          <Link to="/services/education/electronic-diary">{t("applications.list.emptyAction")}</Link>
        </div>
      ) : (
        <>
          <p className="muted">{t("applications.list.count", { count: list.data.total })}</p>
          <ul className="record-list">
            {list.data.items.map((item) => (
              <ApplicationRow key={item.id} item={item} />
            ))}
          </ul>
          {list.data.total > list.data.items.length ? (
            <Button variant="secondary" onClick={() => setLimit((n) => Math.min(n + PAGE_SIZE, 100))} busy={list.isFetching}>
              {t("applications.list.more")}
            </Button>
          ) : null}
        </>
      )}
      <p className="after-card">
        <Link to="/connection-requests">{t("services.mine.connectionRequests")}</Link>
        {" · "}
        <Link to="/support">{t("services.mine.support")}</Link>
      </p>
    </div>
  );
}

function ApplicationRow({ item }: { item: ApplicationItem }) {
  const { t } = useTranslation();
  const locale = currentLanguage();
  const deadline = nextDeadline(item, t, locale);
  const href = item.status === "draft" ? `/applications/${item.id}/edit` : `/applications/${item.id}`;
  const date = item.submitted_at ?? item.created_at;
  const tz = item.school?.timezone;
  return (
    <li className={`card record${deadline?.yours ? " record--yours" : ""}`}>
      <div className="record__head">
        <h2 className="record__title">
          <Link to={href}>
            {item.number ? t("applications.list.number", { number: item.number }) : t("applications.list.draft")}
          </Link>
        </h2>
        <ApplicationStatusBadge status={item.status} />
      </div>
      <dl className="record__facts">
        <div>
          <dt>{item.submitted_at ? t("applications.list.submittedAt") : t("applications.list.createdAt")}</dt>
          <dd>{formatDate(date, { locale, timeZone: tz })}</dd>
        </div>
        <div>
          <dt>{t("applications.list.child")}</dt>
          <dd>{fullName(item.child)}</dd>
        </div>
        <div>
          <dt>{t("applications.list.school")}</dt>
          <dd>
            {item.school?.short_name ?? t("applications.review.missing")}
            {item.class ? `, ${t("applications.list.class", { name: item.class.name })}` : ""}
          </dd>
        </div>
      </dl>
      {deadline ? (
        <p className={`record__deadline${deadline.yours ? " record__deadline--yours" : ""}${deadline.overdue ? " record__deadline--overdue" : ""}`}>
          {deadline.text}
          {deadline.overdue ? ` · ${t("applications.deadline.overdue")}` : ""}
        </p>
      ) : null}
      {item.status === "approved" && item.child.student_id ? (
        <Link to={`/diary/${item.child.student_id}`} className="button button--secondary record__action">
          {t("applications.detail.openDiary")}
        </Link>
      ) : null}
      {item.status === "draft" ? (
        <Link to={href} className="button button--secondary record__action">
          {t("applications.list.continue")}
        </Link>
      ) : null}
    </li>
  );
}
