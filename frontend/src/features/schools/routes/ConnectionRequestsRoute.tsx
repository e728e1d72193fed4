import { useTranslation } from "react-i18next";
import { Link } from "react-router";

import { PageTitle } from "@/components/ui/PageTitle";
import { ProblemAlert } from "@/components/ui/ProblemAlert";
import { Skeleton } from "@/components/ui/Skeleton";
import { formatDate } from "@/lib/format";
import { currentLanguage } from "@/lib/i18n";

import { useMyConnectionRequests, type ConnectionRequest } from "../api/connection";
import { ConnectionStatusBadge } from "../components/ConnectionStatusBadge";

import "@/styles/records.css";

/** «Мои запросы на подключение»: each school, its status, the expected date, the answer. */
export default function ConnectionRequestsRoute() {
  const { t } = useTranslation();
  const list = useMyConnectionRequests();
  return (
    <div className="container page">
      <PageTitle title={t("schools.requests.title")} />
      <h1>{t("schools.requests.title")}</h1>
      <p className="lead">{t("schools.requests.lead")}</p>
      {list.isPending ? (
        <Skeleton height="6rem" />
      ) : list.isError ? (
        <ProblemAlert error={list.error} />
      ) : list.data.items.length === 0 ? (
        <div className="card empty-card">
          <p>{t("schools.requests.empty")}</p>
          <Link to="/services/education/school-connection">{t("services.items.school-connection.title")}</Link>
        </div>
      ) : (
        <ul className="record-list">
          {list.data.items.map((request) => (
            <RequestRow key={request.id} request={request} />
          ))}
        </ul>
      )}
    </div>
  );
}

function RequestRow({ request }: { request: ConnectionRequest }) {
  const { t } = useTranslation();
  const locale = currentLanguage();
  return (
    <li className="card record">
      <div className="record__head">
        <h2 className="record__title">{request.school.short_name}</h2>
        <ConnectionStatusBadge status={request.status} />
      </div>
      <dl className="record__facts">
        <div>
          <dt>{t("schools.requests.sentOn")}</dt>
          <dd>{formatDate(request.created_at, { locale })}</dd>
        </div>
        <div>
          <dt>{t("schools.requests.addressee")}</dt>
          <dd>{request.addressee}</dd>
        </div>
        <div>
          <dt>{t("schools.requests.region")}</dt>
          <dd>{request.school.region_name}</dd>
        </div>
      </dl>
      {request.expected_date ? (
        <p className="record__deadline">
          {t("schools.requests.expected", { date: formatDate(request.expected_date, { locale }) })}
        </p>
      ) : null}
      {request.staff_comment ? (
        <p>
          <strong>{t("schools.requests.answer")}</strong> {request.staff_comment}
        </p>
      ) : null}
      {request.status === "connected" ? (
        <Link to="/applications/new" className="button button--primary record__action">
          {t("services.diary.action")}
        </Link>
      ) : null}
    </li>
  );
}
