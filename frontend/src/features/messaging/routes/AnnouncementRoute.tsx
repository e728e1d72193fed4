import { useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";

import { PageTitle } from "@/components/ui/PageTitle";
import { ProblemAlert } from "@/components/ui/ProblemAlert";
import { Skeleton } from "@/components/ui/Skeleton";
import { formatDateTime } from "@/lib/format";
import { currentLanguage } from "@/lib/i18n";

import { useAnnouncement, useMarkAnnouncementRead } from "../api/messaging";
import { AttachmentList } from "../components/Attachments";

import "@/styles/records.css";
import "../messaging.css";

export default function AnnouncementRoute() {
  const { t } = useTranslation();
  const locale = currentLanguage();
  const { id = "" } = useParams();
  const query = useAnnouncement(id);
  const markRead = useMarkAnnouncementRead(id);
  const marked = useRef(false);
  useEffect(() => {
    if (query.data && !query.data.read && !marked.current) {
      marked.current = true;
      markRead.mutate();
    }
  }, [query.data, markRead]);

  if (query.isPending) {
    return (
      <div className="container page page--narrow" role="status" aria-label={t("messaging.loading")}>
        <Skeleton height="2.5rem" width="60%" />
        <Skeleton height="8rem" />
      </div>
    );
  }
  if (query.isError) {
    return (
      <div className="container page page--narrow">
        <ProblemAlert error={query.error} />
        <Link to="/announcements">{t("messaging.announcements.title")}</Link>
      </div>
    );
  }
  const a = query.data;
  return (
    <div className="container page page--narrow">
      <PageTitle title={a.title} />
      <nav aria-label={t("services.breadcrumbs")} className="crumbs">
        <ol>
          <li>
            <Link to="/announcements">{t("messaging.announcements.title")}</Link>
          </li>
          <li aria-current="page">{a.title}</li>
        </ol>
      </nav>
      <article className="card section-card">
        <h1 className="msg-title">{a.title}</h1>
        <p className="muted">
          {a.class_name}
          {a.author_name ? ` · ${a.author_name}` : ""} · {formatDateTime(a.created_at, { locale })}
        </p>
        <p className="msg-bubble__text">{a.text}</p>
        <AttachmentList items={a.attachments} />
        {a.recipients_count !== null && a.recipients_count !== undefined ? (
          <p className="msg-readcount">
            <strong>{t("messaging.announcements.readCount", { read: a.read_count ?? 0, total: a.recipients_count })}</strong>
            {" · "}
            {t(`messaging.announcements.audience.${a.audience}`)}
          </p>
        ) : null}
      </article>
    </div>
  );
}
