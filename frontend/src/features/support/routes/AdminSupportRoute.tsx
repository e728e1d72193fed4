import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router";

import { PageTitle } from "@/components/ui/PageTitle";
import { ProblemAlert } from "@/components/ui/ProblemAlert";
import { Skeleton } from "@/components/ui/Skeleton";

import { useAdminTickets, type TicketStatus } from "../api/support";

import { TicketRow } from "./SupportRoute";

import "@/styles/records.css";
import "../support.css";

const STATUSES: readonly (TicketStatus | null)[] = ["open", "answered", "closed", null];

/** Support staff: tickets by status («Открытые» first), each to answer. */
export default function AdminSupportRoute() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const raw = params.get("status");
  const status: TicketStatus | null = raw === "all" ? null : STATUSES.includes(raw as TicketStatus) ? (raw as TicketStatus) : "open";
  const list = useAdminTickets(status);
  return (
    <div className="container page">
      <PageTitle title={t("support.admin.title")} />
      <h1>{t("support.admin.title")}</h1>
      <nav aria-label={t("staffReview.queue.filter")}>
        <ul className="filter-tabs">
          {STATUSES.map((s) => (
            <li key={s ?? "all"}>
              <Link to={`?status=${s ?? "all"}`} aria-current={s === status ? "page" : undefined}>
                {s ? t(`support.admin.tabs.${s}`) : t("staffReview.tabs.all")}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      {list.isPending ? (
        <Skeleton height="6rem" />
      ) : list.isError ? (
        <ProblemAlert error={list.error} />
      ) : list.data.items.length === 0 ? (
        <p className="card empty-card">{t("support.admin.empty")}</p>
      ) : (
        <ul className="record-list">
          {list.data.items.map((ticket) => (
            <TicketRow key={ticket.id} ticket={ticket} href={`/admin/support/${ticket.id}`} staff />
          ))}
        </ul>
      )}
    </div>
  );
}
