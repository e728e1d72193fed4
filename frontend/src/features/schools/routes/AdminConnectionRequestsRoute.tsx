import { useId, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router";

import { Alert } from "@/components/ui/Alert";
import { Button } from "@/components/ui/Button";
import { ConfirmDialog } from "@/components/ui/ConfirmDialog";
import { PageTitle } from "@/components/ui/PageTitle";
import { ProblemAlert } from "@/components/ui/ProblemAlert";
import { Skeleton } from "@/components/ui/Skeleton";
import { formatDate } from "@/lib/format";
import { currentLanguage } from "@/lib/i18n";
import { formatPhone } from "@/lib/masks";
import { byName, useRegions } from "@/lib/regions";

import {
  fetchRequestLetter,
  useAdminConnectionRequests,
  useDecideConnection,
  type ConnectionDecision,
  type ConnectionRequest,
  type ConnectionStatus,
} from "../api/connection";
import { ConnectionStatusBadge } from "../components/ConnectionStatusBadge";

import "@/styles/records.css";

const STATUSES: readonly (ConnectionStatus | null)[] = [null, "submitted", "in_progress", "connected", "declined"];

/** Operators: requests to connect schools, oldest first; «В работе» with a date, «Подключена», «Отклонена». */
export default function AdminConnectionRequestsRoute() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const raw = params.get("status");
  const status = STATUSES.includes(raw as ConnectionStatus) ? (raw as ConnectionStatus) : null;
  const region = params.get("region") ?? "";
  const list = useAdminConnectionRequests(status, region);
  const regionId = useId();
  const all = useRegions();
  const regions = useMemo(() => byName(all), [all]);

  const link = (next: ConnectionStatus | null) => {
    const search = new URLSearchParams();
    if (next) search.set("status", next);
    if (region) search.set("region", region);
    return `?${search.toString()}`;
  };

  return (
    <div className="container page">
      <PageTitle title={t("schools.admin.title")} />
      <h1>{t("schools.admin.title")}</h1>
      <p className="lead">{t("schools.admin.lead")}</p>
      <nav aria-label={t("staffReview.queue.filter")}>
        <ul className="filter-tabs">
          {STATUSES.map((s) => (
            <li key={s ?? "all"}>
              <Link to={link(s)} aria-current={s === status ? "page" : undefined}>
                {s ? t(`schools.requestStatus.${s}`) : t("staffReview.tabs.all")}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <div className="field after-filter">
        <label className="field__label" htmlFor={regionId}>
          {t("schools.search.region")}
        </label>
        <select
          id={regionId}
          className="input select"
          value={region}
          onChange={(event) => {
            const next = new URLSearchParams(params);
            if (event.target.value) next.set("region", event.target.value);
            else next.delete("region");
            setParams(next);
          }}
        >
          <option value="">{t("schools.search.allRegions")}</option>
          {regions.map((r) => (
            <option key={r.code} value={r.code}>
              {r.name}
            </option>
          ))}
        </select>
      </div>
      {list.isPending ? (
        <Skeleton height="8rem" />
      ) : list.isError ? (
        <ProblemAlert error={list.error} />
      ) : list.data.items.length === 0 ? (
        <p className="card empty-card">{t("schools.admin.empty")}</p>
      ) : (
        <ul className="record-list after-card">
          {list.data.items.map((request) => (
            <AdminRow key={request.id} request={request} />
          ))}
        </ul>
      )}
    </div>
  );
}

function AdminRow({ request }: { request: ConnectionRequest }) {
  const { t } = useTranslation();
  const locale = currentLanguage();
  const decide = useDecideConnection();
  const [open, setOpen] = useState<ConnectionDecision["status"] | null>(null);
  const [comment, setComment] = useState("");
  const [expected, setExpected] = useState("");
  const [done, setDone] = useState<string | null>(null);
  const ids = { comment: useId(), date: useId() };
  const closed = request.status === "connected" || request.status === "declined";

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
          <dt>{t("schools.admin.contact")}</dt>
          <dd>
            {request.contact_name}, <span className="nowrap">{formatPhone(request.contact_phone)}</span>
            {request.contact_email ? `, ${request.contact_email}` : ""}
          </dd>
        </div>
        <div>
          <dt>{t("schools.requests.region")}</dt>
          <dd>
            {request.school.region_name} · {t("schools.admin.inn", { inn: request.school.inn })}
          </dd>
        </div>
      </dl>
      <blockquote className="timeline__comment">{request.message}</blockquote>
      {request.letter_document_id ? <LetterLink requestId={request.id} /> : null}
      {request.expected_date ? (
        <p className="record__deadline">{t("schools.requests.expected", { date: formatDate(request.expected_date, { locale }) })}</p>
      ) : null}
      {done ? (
        <Alert tone="success">
          <p>{done}</p>
        </Alert>
      ) : null}
      {closed ? null : (
        <div className="form__actions">
          <button type="button" className="button button--danger-outline" onClick={() => setOpen("declined")}>
            {t("schools.admin.declined")}
          </button>
          {request.status === "submitted" ? (
            <button type="button" className="button button--secondary" onClick={() => setOpen("in_progress")}>
              {t("schools.admin.inProgress")}
            </button>
          ) : null}
          <button type="button" className="button button--primary" onClick={() => setOpen("connected")}>
            {t("schools.admin.connected")}
          </button>
        </div>
      )}
      <ConfirmDialog
        open={open !== null}
        title={open ? t(`schools.admin.questions.${open}`, { school: request.school.short_name }) : ""}
        confirmLabel={t("schools.admin.confirm")}
        tone={open === "declined" ? "danger" : "primary"}
        busy={decide.isPending}
        onCancel={() => setOpen(null)}
        onConfirm={async () => {
          if (!open) return;
          try {
            await decide.mutateAsync({
              id: request.id,
              body: { status: open, comment: comment.trim() || null, expected_date: open === "in_progress" ? expected || null : null },
            });
            setDone(t(`schools.admin.done.${open}`));
            setOpen(null);
          } catch {
            // shown in the dialog
          }
        }}
      >
        {open === "in_progress" ? (
          <div className="field">
            <label className="field__label" htmlFor={ids.date}>
              {t("schools.admin.expectedDate")} <span className="field__optional">{t("form.optional")}</span>
            </label>
            <input id={ids.date} type="date" className="input" value={expected} onChange={(event) => setExpected(event.target.value)} />
          </div>
        ) : null}
        <div className="field">
          <label className="field__label" htmlFor={ids.comment}>
            {t("schools.admin.comment")} <span className="field__optional">{t("form.optional")}</span>
          </label>
          <textarea id={ids.comment} className="input textarea" rows={3} value={comment} onChange={(event) => setComment(event.target.value)} />
        </div>
        {decide.isError ? <ProblemAlert error={decide.error} /> : null}
      </ConfirmDialog>
    </li>
  );
}

/** «Открыть письмо школы»: fetched with the token (a plain link would carry none), in a new tab. */
function LetterLink({ requestId }: { requestId: string }) {
  const { t } = useTranslation();
  const [state, setState] = useState<"idle" | "loading" | "error">("idle");
  return (
    <p>
      <Button
        variant="secondary"
        busy={state === "loading"}
        onClick={async () => {
          setState("loading");
          try {
            const url = URL.createObjectURL(await fetchRequestLetter(requestId));
            window.open(url, "_blank", "noopener");
            // The new tab has read it by then; the page keeps no copy.
            setTimeout(() => URL.revokeObjectURL(url), 60_000);
            setState("idle");
          } catch {
            setState("error");
          }
        }}
      >
        {t("schools.admin.openLetter")}
      </Button>{" "}
      {state === "error" ? <span className="field__error">{t("schools.admin.letterFailed")}</span> : null}
    </p>
  );
}
