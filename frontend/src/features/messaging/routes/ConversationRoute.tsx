import { useEffect, useId, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";

import { Button } from "@/components/ui/Button";
import { PageTitle } from "@/components/ui/PageTitle";
import { ProblemAlert } from "@/components/ui/ProblemAlert";
import { Skeleton } from "@/components/ui/Skeleton";
import { useMe } from "@/lib/auth/hooks";
import { formatDateTime } from "@/lib/format";
import { currentLanguage } from "@/lib/i18n";

import {
  useConversation,
  useMarkRead,
  useMessages,
  useReply,
  useReport,
  type Attachment,
  type Conversation,
  type Message,
} from "../api/messaging";
import { AttachmentList, AttachmentPicker } from "../components/Attachments";
import { counterpartNames } from "../lib";

import "@/styles/records.css";
import "../messaging.css";

/** One conversation: the thread (oldest first), read receipts, a reply with files. */
export default function ConversationRoute() {
  const { t } = useTranslation();
  const { id = "" } = useParams();
  const conversation = useConversation(id);
  const me = useMe();

  if (conversation.isPending) {
    return (
      <div className="container page page--narrow" role="status" aria-label={t("messaging.loading")}>
        <Skeleton height="2.5rem" width="60%" />
        <Skeleton height="12rem" />
      </div>
    );
  }
  if (conversation.isError) {
    return (
      <div className="container page page--narrow">
        <h1>{t("messaging.conversation")}</h1>
        <ProblemAlert error={conversation.error} />
        <Link to="/messages">{t("messaging.back")}</Link>
      </div>
    );
  }
  const c = conversation.data;
  const title = counterpartNames(c, me.data?.id);
  return (
    <div className="container page page--narrow msg-page">
      <PageTitle title={title} />
      <nav aria-label={t("services.breadcrumbs")} className="crumbs">
        <ol>
          <li>
            <Link to="/messages">{t("messaging.title")}</Link>
          </li>
          <li aria-current="page">{c.subject ?? title}</li>
        </ol>
      </nav>
      <h1 className="msg-title">{title}</h1>
      {c.subject || c.student_name ? (
        <p className="muted msg-subtitle">
          {[c.subject, c.student_name ? t("messaging.about", { name: c.student_name }) : null].filter(Boolean).join(" · ")}
        </p>
      ) : null}
      <Thread conversation={c} myId={me.data?.id} />
      <ReplyForm conversationId={c.id} />
      <ReportLink conversationId={c.id} reported={c.reported ?? false} />
    </div>
  );
}

function Thread({ conversation, myId }: { conversation: Conversation; myId: string | undefined }) {
  const { t } = useTranslation();
  const locale = currentLanguage();
  const messages = useMessages(conversation.id);
  const markRead = useMarkRead(conversation.id);
  const lastRead = useRef<string | null>(null);
  const names = new Map(conversation.participants.map((p) => [p.account_id, p.name]));
  const items = messages.data?.items ?? [];
  const last = items.at(-1);

  useEffect(() => {
    // Opening the thread reads it: mark up to the newest message once per new message.
    if (!last || lastRead.current === last.id || conversation.unread_count === 0 && last.author_id === myId) return;
    lastRead.current = last.id;
    markRead.mutate(last.id);
  }, [last, conversation.unread_count, myId, markRead]);

  if (messages.isPending) return <Skeleton height="10rem" />;
  if (messages.isError) return <ProblemAlert error={messages.error} />;
  return (
    <ol className="msg-thread" aria-label={t("messaging.thread")}>
      {items.map((m) => (
        <MessageBubble key={m.id} message={m} mine={m.author_id === myId} author={names.get(m.author_id ?? "") ?? "—"} locale={locale} others={conversation.participants.length - 1} names={names} />
      ))}
    </ol>
  );
}

function MessageBubble({
  message,
  mine,
  author,
  locale,
  others,
  names,
}: {
  message: Message;
  mine: boolean;
  author: string;
  locale: string;
  others: number;
  names: Map<string, string>;
}) {
  const { t } = useTranslation();
  const readers = message.read_by.map((id) => names.get(id) ?? "").filter(Boolean);
  return (
    <li className={`msg-bubble${mine ? " msg-bubble--mine" : ""}`}>
      <p className="msg-bubble__meta">
        <span className="msg-bubble__author">{mine ? t("messaging.you") : author}</span>
        {" · "}
        <time dateTime={message.created_at}>{formatDateTime(message.created_at, { locale })}</time>
      </p>
      {/* Plain text: React renders it as text, never as markup; line breaks kept by CSS. */}
      <p className="msg-bubble__text">{message.text}</p>
      <AttachmentList items={message.attachments} />
      {mine ? (
        <p className="msg-bubble__receipt">
          {readers.length === 0
            ? t("messaging.receipt.sent")
            : others <= 1
              ? t("messaging.receipt.read")
              : t("messaging.receipt.readBy", { names: readers.join(", ") })}
        </p>
      ) : null}
    </li>
  );
}

function ReplyForm({ conversationId }: { conversationId: string }) {
  const { t } = useTranslation();
  const [text, setText] = useState("");
  const [files, setFiles] = useState<Attachment[]>([]);
  const [error, setError] = useState<string | null>(null);
  const reply = useReply(conversationId);
  const textId = useId();
  return (
    <form
      className="form card msg-reply"
      noValidate
      onSubmit={async (event) => {
        event.preventDefault();
        if (!text.trim()) {
          setError(t("messaging.errors.text"));
          document.getElementById(textId)?.focus();
          return;
        }
        setError(null);
        try {
          await reply.mutateAsync({ text: text.trim(), attachment_ids: files.map((f) => f.id) });
          setText("");
          setFiles([]);
        } catch {
          // shown below
        }
      }}
    >
      <div className={`field${error ? " field--invalid" : ""}`}>
        <label className="field__label" htmlFor={textId}>
          {t("messaging.reply")}
        </label>
        <textarea
          id={textId}
          className="input textarea"
          rows={3}
          maxLength={10000}
          value={text}
          aria-invalid={error ? true : undefined}
          onChange={(event) => setText(event.target.value)}
        />
        {error ? <p className="field__error">{error}</p> : null}
      </div>
      <AttachmentPicker value={files} onChange={setFiles} />
      {reply.isError ? <ProblemAlert error={reply.error} /> : null}
      <div className="form__actions">
        <Button type="submit" busy={reply.isPending}>
          {t("messaging.send")}
        </Button>
      </div>
    </form>
  );
}

function ReportLink({ conversationId, reported }: { conversationId: string; reported: boolean }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState("");
  const report = useReport(conversationId);
  const reasonId = useId();
  if (reported || report.isSuccess) {
    return <p className="muted msg-report">{t("messaging.report.done")}</p>;
  }
  if (!open) {
    return (
      <p className="msg-report">
        <Button variant="link" onClick={() => setOpen(true)}>
          {t("messaging.report.open")}
        </Button>
      </p>
    );
  }
  return (
    <form
      className="form card msg-report"
      onSubmit={(event) => {
        event.preventDefault();
        if (reason.trim().length >= 3) report.mutate(reason.trim());
      }}
    >
      <p>{t("messaging.report.hint")}</p>
      <div className="field">
        <label className="field__label" htmlFor={reasonId}>
          {t("messaging.report.reason")}
        </label>
        <textarea id={reasonId} className="input textarea" rows={2} maxLength={1000} value={reason} onChange={(e) => setReason(e.target.value)} />
      </div>
      {report.isError ? <ProblemAlert error={report.error} /> : null}
      <div className="form__actions">
        <Button variant="secondary" onClick={() => setOpen(false)}>
          {t("messaging.cancel")}
        </Button>
        <Button type="submit" variant="danger" busy={report.isPending}>
          {t("messaging.report.send")}
        </Button>
      </div>
    </form>
  );
}
