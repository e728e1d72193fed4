import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router";

import { Alert } from "@/components/ui/Alert";
import { Button } from "@/components/ui/Button";
import { PageTitle } from "@/components/ui/PageTitle";
import { ProblemAlert } from "@/components/ui/ProblemAlert";
import { Skeleton } from "@/components/ui/Skeleton";
import { ApplicationStatusBadge } from "@/components/ui/StatusBadge";
import { useMe } from "@/lib/auth/hooks";
import { formatDate, fullName } from "@/lib/format";
import { currentLanguage } from "@/lib/i18n";

import { useQueue, type ApplicationStatus, type QueueItem } from "../api/review";
import { staffDeadline } from "../lib/deadline";

import "@/styles/records.css";
import "../staff-review.css";

type QueueStatus = Exclude<ApplicationStatus, "draft">;

const TABS: readonly (QueueStatus | null)[] = [
  null,
  "submitted",
  "under_review",
  "appealed",
  "info_requested",
  "suspended",
  "approved",
  "rejected",
  "withdrawn",
];

function isStatus(value: string | null): value is QueueStatus {
  return !!value && (TABS as readonly (string | null)[]).includes(value);
}

/** The school's queue: filter by status, overdue ones marked, the oldest deadline first. */
export default function QueueRoute() {
  const { t } = useTranslation();
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const raw = params.get("status");
  const status = isStatus(raw) ? raw : null;
  const overdue = params.get("overdue") === "1";
  const schoolId = me.data?.school_id ?? null;
  const queue = useQueue(schoolId, status, overdue);

  const href = (next: QueueStatus | null) => {
    const search = new URLSearchParams();
    if (next) search.set("status", next);
    if (overdue) search.set("overdue", "1");
    const text = search.toString();
    return text ? `?${text}` : "?";
  };

  return (
    <div className="container page">
      <PageTitle title={t("staffReview.queue.title")} />
      <h1>{t("staffReview.queue.title")}</h1>
      <p className="lead">{t("staffReview.queue.lead")}</p>
      {me.data && !schoolId ? (
        <Alert tone="warning" live={false}>
          <p>{t("staffReview.queue.noSchool")}</p>
        </Alert>
      ) : (
        <>
          <nav aria-label={t("staffReview.queue.filter")}>
            <ul className="filter-tabs">
              {TABS.map((tab) => (
                <li key={tab ?? "all"}>
                  <Link to={href(tab)} aria-current={tab === status ? "page" : undefined}>
                    {tab ? t(`staffReview.tabs.${tab}`) : t("staffReview.tabs.all")}
                  </Link>
                </li>
              ))}
            </ul>
          </nav>
          <label className="radio overdue-toggle">
            <input
              type="checkbox"
              checked={overdue}
              onChange={(event) => {
                const next = new URLSearchParams(params);
                if (event.target.checked) next.set("overdue", "1");
                else next.delete("overdue");
                setParams(next);
              }}
            />
            <span>{t("staffReview.queue.overdueOnly")}</span>
          </label>
          {queue.isPending ? (
            <div className="record-list" role="status" aria-label={t("applications.loading")}>
              <Skeleton height="6rem" />
              <Skeleton height="6rem" />
            </div>
          ) : queue.isError ? (
            <div className="stack">
              <ProblemAlert error={queue.error} title={t("staffReview.queue.failed")} />
              <Button variant="secondary" onClick={() => void queue.refetch()}>
                {t("applications.retry")}
              </Button>
            </div>
          ) : queue.data.items.length === 0 ? (
            <p className="card empty-card">{t("staffReview.queue.empty")}</p>
          ) : (
            <>
              <p className="muted" role="status">
                {t("staffReview.queue.count", { count: queue.data.total })}
              </p>
              <ul className="record-list">
                {queue.data.items.map((item) => (
                  <QueueRow key={item.id} item={item} />
                ))}
              </ul>
            </>
          )}
        </>
      )}
    </div>
  );
}

function QueueRow({ item }: { item: QueueItem }) {
  const { t } = useTranslation();
  const locale = currentLanguage();
  const deadline = staffDeadline(item, t, locale);
  const schoolLate = !!deadline?.ours && deadline.overdue;
  return (
    <li className={`card record${schoolLate ? " record--overdue" : ""}`}>
      <div className="record__head">
        <h2 className="record__title">
          <Link to={`/staff/applications/${item.id}`}>
            {t("applications.list.number", { number: item.number ?? "—" })}
            <span className="visually-hidden">: {fullName(item.child)}</span>
          </Link>
        </h2>
        <ApplicationStatusBadge status={item.status} />
      </div>
      <dl className="record__facts">
        <div>
          <dt>{t("applications.list.child")}</dt>
          <dd>
            {fullName(item.child)}, {formatDate(item.child.birth_date, { locale })}
          </dd>
        </div>
        <div>
          <dt>{t("applications.review.class")}</dt>
          <dd>{item.class?.name ?? "—"}</dd>
        </div>
        <div>
          <dt>{t("applications.list.submittedAt")}</dt>
          <dd>{item.submitted_at ? formatDate(item.submitted_at, { locale, timeZone: item.school?.timezone }) : "—"}</dd>
        </div>
      </dl>
      {deadline ? (
        <p className={`record__deadline${schoolLate ? " record__deadline--overdue" : ""}`}>
          {schoolLate ? <span className="overdue-flag">{t("staffReview.deadline.overdue")}</span> : null}
          {deadline.text}
          {deadline.late ? ` · ${deadline.late}` : ""}
        </p>
      ) : null}
    </li>
  );
}
