import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";

import { PageTitle } from "@/components/ui/PageTitle";
import { ProblemAlert } from "@/components/ui/ProblemAlert";
import { Skeleton } from "@/components/ui/Skeleton";
import { useMe } from "@/lib/auth/hooks";
import { formatDateTime } from "@/lib/format";
import { currentLanguage } from "@/lib/i18n";

import { useConversations, useUnread } from "../api/messaging";
import { counterpartNames, preview } from "../lib";

import "@/styles/records.css";
import "../messaging.css";

/** «Сообщения»: my conversations, newest activity first, unread ones marked with a count. */
export default function MessagesRoute() {
  const { t } = useTranslation();
  const locale = currentLanguage();
  const me = useMe();
  const [unreadOnly, setUnreadOnly] = useState(false);
  const list = useConversations(unreadOnly);
  const unread = useUnread(true);
  const announcements = unread.data?.announcements ?? 0;

  return (
    <div className="container page page--narrow">
      <PageTitle title={t("messaging.title")} />
      <div className="msg-head">
        <h1>{t("messaging.title")}</h1>
        <Link className="button button--primary" to="/messages/new">
          {t("messaging.write")}
        </Link>
      </div>
      <p className="msg-tabs">
        <Link to="/announcements" className="msg-tabs__link">
          {t("messaging.announcements.title")}
          {announcements > 0 ? (
            <span className="msg-badge" aria-label={t("messaging.unreadCount", { count: announcements })}>
              {announcements}
            </span>
          ) : null}
        </Link>
      </p>
      <label className="radio msg-filter">
        <input type="checkbox" checked={unreadOnly} onChange={(event) => setUnreadOnly(event.target.checked)} />
        <span>{t("messaging.unreadOnly")}</span>
      </label>
      {list.isPending ? (
        <div role="status" aria-label={t("messaging.loading")}>
          <Skeleton height="4.5rem" />
          <Skeleton height="4.5rem" />
        </div>
      ) : list.isError ? (
        <ProblemAlert error={list.error} />
      ) : list.data.items.length === 0 ? (
        <div className="card empty-state">
          <p>{unreadOnly ? t("messaging.emptyUnread") : t("messaging.empty")}</p>
        </div>
      ) : (
        <ul className="msg-list" aria-busy={list.isFetching}>
          {list.data.items.map((c) => (
            <li key={c.id}>
              <Link to={`/messages/${c.id}`} className={`card msg-item${c.unread_count > 0 ? " msg-item--unread" : ""}`}>
                <span className="msg-item__top">
                  <span className="msg-item__who">{counterpartNames(c, me.data?.id)}</span>
                  {c.unread_count > 0 ? (
                    <span className="msg-badge" aria-label={t("messaging.unreadCount", { count: c.unread_count })}>
                      {c.unread_count}
                    </span>
                  ) : null}
                </span>
                {c.subject || c.student_name ? (
                  <span className="msg-item__subject">
                    {[c.subject, c.student_name ? t("messaging.about", { name: c.student_name }) : null]
                      .filter(Boolean)
                      .join(" · ")}
                  </span>
                ) : null}
                {c.last_message ? (
                  <span className="msg-item__preview">
                    {c.last_message.author_id === me.data?.id ? `${t("messaging.you")}: ` : ""}
                    {preview(c.last_message.text)}
                  </span>
                ) : null}
                <span className="msg-item__time muted">
                  {formatDateTime(c.last_message?.created_at ?? c.created_at, { locale })}
                </span>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
