import { useTranslation } from "react-i18next";
import { Link } from "react-router";

import { PageTitle } from "@/components/ui/PageTitle";
import { ProblemAlert } from "@/components/ui/ProblemAlert";
import { Skeleton } from "@/components/ui/Skeleton";
import { formatDate } from "@/lib/format";
import { currentLanguage } from "@/lib/i18n";

import { useMyTickets, type TicketItem } from "../api/support";
import { TicketStatusBadge } from "../components/TicketStatusBadge";

import "@/styles/records.css";
import "../support.css";

/** «Обращения в поддержку»: number, subject, status, the application it is about. */
export default function SupportRoute() {
  const { t } = useTranslation();
  const list = useMyTickets();
  return (
    <div className="container page">
      <PageTitle title={t("support.list.title")} />
      <div className="page-head">
        <h1>{t("support.list.title")}</h1>
        <Link to="/support/new" className="button button--primary">
          {t("support.list.new")}
        </Link>
      </div>
      <p className="lead">{t("support.list.lead")}</p>
      {list.isPending ? (
        <Skeleton height="6rem" />
      ) : list.isError ? (
        <ProblemAlert error={list.error} />
      ) : list.data.items.length === 0 ? (
        <div className="card empty-card">
          <p>{t("support.list.empty")}</p>
          <Link to="/services/help/support">{t("support.list.tips")}</Link>
        </div>
      ) : (
        <ul className="record-list">
          {list.data.items.map((ticket) => (
            <TicketRow key={ticket.id} ticket={ticket} href={`/support/${ticket.id}`} />
          ))}
        </ul>
      )}
    </div>
  );
}

export function TicketRow({ ticket, href, staff }: { ticket: TicketItem; href: string; staff?: boolean }) {
  const { t } = useTranslation();
  const locale = currentLanguage();
  return (
    <li className="card record">
      <div className="record__head">
        <h2 className="record__title">
          <Link to={href}>{t("support.number", { number: ticket.number })}</Link>
        </h2>
        <TicketStatusBadge status={ticket.status} staff={staff} />
      </div>
      <p className="ticket-subject">{ticket.subject}</p>
      <dl className="record__facts">
        <div>
          <dt>{t("support.list.created")}</dt>
          <dd>{formatDate(ticket.created_at, { locale })}</dd>
        </div>
        <div>
          <dt>{t("support.list.updated")}</dt>
          <dd>{formatDate(ticket.updated_at, { locale })}</dd>
        </div>
        <div>
          <dt>{t("support.list.application")}</dt>
          <dd>{ticket.application_number ? <span className="nowrap">{ticket.application_number}</span> : t("support.list.noApplication")}</dd>
        </div>
      </dl>
    </li>
  );
}
