import { useState } from "react";
import { useTranslation } from "react-i18next";

import { Alert } from "@/components/ui/Alert";
import { Button } from "@/components/ui/Button";
import { PageTitle } from "@/components/ui/PageTitle";
import { ProblemAlert } from "@/components/ui/ProblemAlert";
import { Skeleton } from "@/components/ui/Skeleton";
import { formatDateTime } from "@/lib/format";
import { currentLanguage } from "@/lib/i18n";

import { useReportedConversations, useReportedMessages, type Conversation } from "../api/messaging";

import "@/styles/records.css";
import "../messaging.css";

function Thread({ conversation }: { conversation: Conversation }) {
  const { t } = useTranslation();
  const locale = currentLanguage();
  const messages = useReportedMessages(conversation.id, true);
  const names = new Map(conversation.participants.map((p) => [p.account_id, p.name]));
  if (messages.isPending) return <Skeleton height="8rem" />;
  if (messages.isError) return <ProblemAlert error={messages.error} />;
  return (
    <ol className="msg-thread" aria-label={t("messaging.thread")}>
      {messages.data.items.map((m) => (
        <li key={m.id} className="msg-bubble">
          <p className="msg-bubble__meta">
            <span className="msg-bubble__author">{names.get(m.author_id ?? "") ?? "—"}</span>
            {" · "}
            <time dateTime={m.created_at}>{formatDateTime(m.created_at, { locale })}</time>
          </p>
          {/* Plain text, as the participants wrote it: never rendered as markup. */}
          <p className="msg-bubble__text">{m.text}</p>
          {m.attachments.length ? (
            <p className="muted">{t("messaging.moderation.files", { names: m.attachments.map((a) => a.file_name).join(", ") })}</p>
          ) : null}
        </li>
      ))}
    </ol>
  );
}

function Reported({ conversation }: { conversation: Conversation }) {
  const { t } = useTranslation();
  const locale = currentLanguage();
  const [open, setOpen] = useState(false);
  const who = conversation.participants.map((p) => p.name).join(", ");
  return (
    <li className="card moderation-item">
      <h2 className="moderation-item__title">{conversation.subject || t("messaging.moderation.noSubject")}</h2>
      <p className="muted">
        {t("messaging.moderation.participants", { names: who })}
        {conversation.student_name ? ` · ${t("messaging.moderation.about", { name: conversation.student_name })}` : ""}
      </p>
      {conversation.last_message ? (
        <p className="muted">
          {t("messaging.moderation.last", { when: formatDateTime(conversation.last_message.created_at, { locale }) })}
        </p>
      ) : null}
      {open ? (
        <Thread conversation={conversation} />
      ) : (
        <div className="moderation-item__read">
          <p className="field__hint">{t("messaging.moderation.audited")}</p>
          <Button variant="secondary" onClick={() => setOpen(true)}>
            {t("messaging.moderation.read")}
          </Button>
        </div>
      )}
    </li>
  );
}

/** /school/moderation: conversations a participant reported; reading one is audited. */
export default function ModerationRoute() {
  const { t } = useTranslation();
  const reported = useReportedConversations();
  return (
    <div className="container page page--narrow">
      <PageTitle title={t("messaging.moderation.title")} />
      <h1>{t("messaging.moderation.title")}</h1>
      <p className="lead">{t("messaging.moderation.lead")}</p>
      {reported.isPending ? (
        <Skeleton height="10rem" />
      ) : reported.isError ? (
        <ProblemAlert error={reported.error} />
      ) : reported.data.items.length === 0 ? (
        <Alert tone="info" live={false}>
          <p>{t("messaging.moderation.none")}</p>
        </Alert>
      ) : (
        <ul className="moderation-list">
          {reported.data.items.map((c) => (
            <Reported key={c.id} conversation={c} />
          ))}
        </ul>
      )}
    </div>
  );
}
