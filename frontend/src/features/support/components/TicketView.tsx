import { useEffect, useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useLocation } from "react-router";

import { Alert } from "@/components/ui/Alert";
import { Button } from "@/components/ui/Button";
import { ConfirmDialog } from "@/components/ui/ConfirmDialog";
import { ErrorIcon } from "@/components/ui/icons";
import { PageTitle } from "@/components/ui/PageTitle";
import { ProblemAlert } from "@/components/ui/ProblemAlert";
import { Skeleton } from "@/components/ui/Skeleton";
import { formatDateTime } from "@/lib/format";
import { currentLanguage } from "@/lib/i18n";

import { fetchMyDocument, fetchTicketScreenshot, useTicket, useTicketAction, type Ticket } from "../api/support";

import { TicketStatusBadge } from "./TicketStatusBadge";

/** One ticket: what was asked, the thread of messages, a reply and «Закрыть обращение». */
export function TicketView({ id, staff }: { id: string; staff: boolean }) {
  const { t } = useTranslation();
  const query = useTicket(id, staff);
  const location = useLocation();
  const created = (location.state as { created?: boolean } | null)?.created;
  const back = staff ? "/admin/support" : "/support";

  if (query.isPending) {
    return (
      <div className="container page page--narrow" role="status" aria-label={t("applications.loading")}>
        <Skeleton height="2.5rem" width="60%" />
        <Skeleton height="10rem" />
      </div>
    );
  }
  if (query.isError) {
    return (
      <div className="container page page--narrow">
        <h1>{t("support.ticket.title")}</h1>
        <ProblemAlert error={query.error} />
        <Link to={back}>{t("support.list.title")}</Link>
      </div>
    );
  }
  const ticket = query.data;
  const title = t("support.ticket.titleNumber", { number: ticket.number });
  return (
    <div className="container page page--narrow">
      <PageTitle title={title} />
      <nav aria-label={t("services.breadcrumbs")} className="crumbs">
        <ol>
          <li>
            <Link to={back}>{staff ? t("support.admin.title") : t("support.list.title")}</Link>
          </li>
          <li aria-current="page">{ticket.number}</li>
        </ol>
      </nav>
      <div className="record-header">
        <h1>{title}</h1>
        <p className="record-header__status">
          <TicketStatusBadge status={ticket.status} staff={staff} />
        </p>
      </div>
      {created ? (
        <Alert tone="success" title={t("support.ticket.createdTitle")}>
          <p>{t("support.ticket.createdText", { number: ticket.number })}</p>
        </Alert>
      ) : null}
      <TicketBody ticket={ticket} staff={staff} />
    </div>
  );
}

function TicketBody({ ticket, staff }: { ticket: Ticket; staff: boolean }) {
  const { t } = useTranslation();
  const locale = currentLanguage();
  return (
    <>
      <section className="card section-card after-card" aria-labelledby="ticket-question">
        <h2 id="ticket-question">{ticket.subject}</h2>
        <p className="muted">{t("support.ticket.createdAt", { date: formatDateTime(ticket.created_at, { locale }) })}</p>
        <p className="thread__text">{ticket.description}</p>
        {ticket.application_number ? (
          <p>
            <strong>{t("support.list.application")}:</strong> <span className="nowrap">{ticket.application_number}</span>
          </p>
        ) : null}
        {ticket.screenshot_document_id ? (
          // The author reads their own file; support reads it through the ticket (audited).
          <Screenshot
            documentId={ticket.screenshot_document_id}
            load={staff ? () => fetchTicketScreenshot(ticket.id) : fetchMyDocument}
          />
        ) : null}
      </section>
      <section className="card section-card after-card" aria-labelledby="ticket-thread">
        <h2 id="ticket-thread">{t("support.ticket.thread")}</h2>
        {ticket.messages.length === 0 ? (
          <p className="empty-state">{staff ? t("support.ticket.noMessagesStaff") : t("support.ticket.noMessages")}</p>
        ) : (
          <ol className="thread">
            {ticket.messages.map((message, index) => (
              <li
                key={`${message.created_at}-${index}`}
                className={`thread__message${message.from_staff ? " thread__message--staff" : " thread__message--mine"}`}
              >
                <p className="thread__meta">
                  {message.from_staff
                    ? (message.author_name ?? t("support.ticket.supportTeam"))
                    : staff
                      ? t("support.ticket.fromUser")
                      : t("support.ticket.fromYou")}
                  {" · "}
                  <time dateTime={message.created_at}>{formatDateTime(message.created_at, { locale })}</time>
                </p>
                <p className="thread__text">{message.text}</p>
              </li>
            ))}
          </ol>
        )}
        <Reply ticket={ticket} staff={staff} />
      </section>
    </>
  );
}

function Reply({ ticket, staff }: { ticket: Ticket; staff: boolean }) {
  const { t } = useTranslation();
  const [text, setText] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [closing, setClosing] = useState(false);
  const [sent, setSent] = useState(false);
  const action = useTicketAction(ticket.id, staff);
  const ids = { text: useId(), error: useId() };

  return (
    <form
      className="form"
      noValidate
      onSubmit={async (event) => {
        event.preventDefault();
        if (!text.trim()) {
          setError(t("support.errors.message"));
          document.getElementById(ids.text)?.focus();
          return;
        }
        setError(null);
        setSent(false);
        try {
          await action.mutateAsync({ kind: "write", text: text.trim() });
          setText("");
          setSent(true);
        } catch {
          // shown below
        }
      }}
    >
      {ticket.status === "closed" && !staff ? <p className="muted">{t("support.ticket.closedHint")}</p> : null}
      <div className={`field${error ? " field--invalid" : ""}`}>
        <label className="field__label" htmlFor={ids.text}>
          {staff ? t("support.ticket.answer") : t("support.ticket.write")}
        </label>
        <textarea
          id={ids.text}
          className="input textarea"
          rows={4}
          maxLength={5000}
          value={text}
          aria-required="true"
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? ids.error : undefined}
          onChange={(event) => setText(event.target.value)}
        />
        {error ? (
          <p id={ids.error} className="field__error">
            <ErrorIcon className="field__error-icon" width={18} height={18} />
            <span>{error}</span>
          </p>
        ) : null}
      </div>
      {sent ? (
        <p role="status" className="muted">
          {t("support.ticket.sent")}
        </p>
      ) : null}
      {action.isError && !closing ? <ProblemAlert error={action.error} /> : null}
      <div className="form__actions">
        {ticket.status !== "closed" ? (
          <Button variant="secondary" onClick={() => setClosing(true)}>
            {t("support.ticket.close")}
          </Button>
        ) : null}
        <Button type="submit" busy={action.isPending && !closing}>
          {t("support.ticket.send")}
        </Button>
      </div>
      <ConfirmDialog
        open={closing}
        title={t("support.ticket.closeQuestion")}
        confirmLabel={t("support.ticket.closeConfirm")}
        busy={action.isPending}
        onCancel={() => setClosing(false)}
        onConfirm={async () => {
          try {
            await action.mutateAsync({ kind: "close" });
            setClosing(false);
          } catch {
            // shown in the dialog
          }
        }}
      >
        <p>{staff ? t("support.ticket.closeTextStaff") : t("support.ticket.closeText")}</p>
        {action.isError ? <ProblemAlert error={action.error} /> : null}
      </ConfirmDialog>
    </form>
  );
}

function Screenshot({ documentId, load }: { documentId: string; load: (documentId: string) => Promise<Blob> }) {
  const { t } = useTranslation();
  const [url, setUrl] = useState<string | null>(null);
  const [type, setType] = useState<string>("");
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    let objectUrl: string | null = null;
    let cancelled = false;
    load(documentId)
      .then((blob) => {
        if (cancelled) return;
        objectUrl = URL.createObjectURL(blob);
        setType(blob.type);
        setUrl(objectUrl);
      })
      .catch(() => !cancelled && setFailed(true));
    return () => {
      cancelled = true;
      if (objectUrl) URL.revokeObjectURL(objectUrl);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- one load per document
  }, [documentId]);
  if (failed) return <p className="muted">{t("support.ticket.screenshotFailed")}</p>;
  if (!url) return <Skeleton height="6rem" width="12rem" />;
  return type.startsWith("image/") ? (
    <figure className="ticket-shot">
      <img src={url} alt={t("support.ticket.screenshotAlt")} />
      <figcaption className="muted">{t("support.ticket.screenshot")}</figcaption>
    </figure>
  ) : (
    <a href={url} target="_blank" rel="noopener noreferrer">
      {t("support.ticket.screenshotOpen")}
    </a>
  );
}
