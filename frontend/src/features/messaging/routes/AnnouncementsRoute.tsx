import { useEffect, useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";

import { PageTitle } from "@/components/ui/PageTitle";
import { ProblemAlert } from "@/components/ui/ProblemAlert";
import { Skeleton } from "@/components/ui/Skeleton";
import { hasAnyRole, useMe } from "@/lib/auth/hooks";
import { formatDateTime } from "@/lib/format";
import { currentLanguage } from "@/lib/i18n";

import { useClassAnnouncements, useMyAnnouncements, useMyClasses, type Announcement } from "../api/messaging";
import { preview } from "../lib";

import "@/styles/records.css";
import "../messaging.css";

const LEADS = ["class_teacher", "school_admin"] as const;

/** «Объявления»: those sent to me; for a class teacher or admin also their classes' with read counts. */
export default function AnnouncementsRoute() {
  const { t } = useTranslation();
  const me = useMe();
  const lead = hasAnyRole(me.data, LEADS);
  return (
    <div className="container page page--narrow">
      <PageTitle title={t("messaging.announcements.title")} />
      <nav aria-label={t("services.breadcrumbs")} className="crumbs">
        <ol>
          <li>
            <Link to="/messages">{t("messaging.title")}</Link>
          </li>
          <li aria-current="page">{t("messaging.announcements.title")}</li>
        </ol>
      </nav>
      <h1>{t("messaging.announcements.title")}</h1>
      {lead ? <ClassAnnouncements /> : null}
      <Received heading={lead} />
    </div>
  );
}

function Received({ heading }: { heading: boolean }) {
  const { t } = useTranslation();
  const list = useMyAnnouncements();
  if (list.isPending) return <Skeleton height="6rem" />;
  if (list.isError) return <ProblemAlert error={list.error} />;
  if (heading && list.data.items.length === 0) return null;
  return (
    <section aria-labelledby="received">
      {heading ? <h2 id="received">{t("messaging.announcements.received")}</h2> : null}
      {list.data.items.length === 0 ? (
        <div className="card empty-state">
          <p>{t("messaging.announcements.empty")}</p>
        </div>
      ) : (
        <AnnouncementList items={list.data.items} />
      )}
    </section>
  );
}

function ClassAnnouncements() {
  const { t } = useTranslation();
  const classes = useMyClasses(true);
  const [classId, setClassId] = useState<string | null>(null);
  const selectId = useId();
  useEffect(() => {
    if (classId === null && classes.data && classes.data.length > 0) setClassId(classes.data[0]!.id);
  }, [classes.data, classId]);
  const list = useClassAnnouncements(classId);
  if (classes.isPending) return <Skeleton height="4rem" />;
  if (classes.isError) return <ProblemAlert error={classes.error} />;
  if (classes.data.length === 0) return null;
  return (
    <section aria-labelledby="written" className="msg-section">
      <div className="msg-head">
        <h2 id="written">{t("messaging.announcements.written")}</h2>
        <Link className="button button--primary" to={`/announcements/new${classId ? `?class=${classId}` : ""}`}>
          {t("messaging.announcements.new")}
        </Link>
      </div>
      {classes.data.length > 1 ? (
        <div className="field">
          <label className="field__label" htmlFor={selectId}>
            {t("messaging.announcements.class")}
          </label>
          <select id={selectId} className="input" value={classId ?? ""} onChange={(e) => setClassId(e.target.value)}>
            {classes.data.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </div>
      ) : null}
      {list.isPending ? (
        <Skeleton height="4rem" />
      ) : list.isError ? (
        <ProblemAlert error={list.error} />
      ) : list.data.items.length === 0 ? (
        <p className="muted">{t("messaging.announcements.noneWritten")}</p>
      ) : (
        <AnnouncementList items={list.data.items} />
      )}
    </section>
  );
}

function AnnouncementList({ items }: { items: Announcement[] }) {
  const { t } = useTranslation();
  const locale = currentLanguage();
  return (
    <ul className="msg-list">
      {items.map((a) => (
        <li key={a.id}>
          <Link to={`/announcements/${a.id}`} className={`card msg-item${a.read ? "" : " msg-item--unread"}`}>
            <span className="msg-item__top">
              <span className="msg-item__who">{a.title}</span>
              {a.read ? null : <span className="msg-badge msg-badge--new">{t("messaging.announcements.new_")}</span>}
            </span>
            <span className="msg-item__subject">
              {a.class_name}
              {a.author_name ? ` · ${a.author_name}` : ""}
            </span>
            <span className="msg-item__preview">{preview(a.text)}</span>
            <span className="msg-item__time muted">
              {formatDateTime(a.created_at, { locale })}
              {a.recipients_count !== null && a.recipients_count !== undefined
                ? ` · ${t("messaging.announcements.readCount", { read: a.read_count ?? 0, total: a.recipients_count })}`
                : ""}
            </span>
          </Link>
        </li>
      ))}
    </ul>
  );
}
