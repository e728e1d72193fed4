import { useTranslation } from "react-i18next";

import type { components } from "@/api/generated/schema";
import { formatDateTime } from "@/lib/format";
import { currentLanguage } from "@/lib/i18n";

import { ApplicationStatusBadge } from "./StatusBadge";

import "./application-history.css";

type HistoryEntry = components["schemas"]["HistoryEntry"];

const KNOWN_ACTIONS = [
  "create",
  "submit",
  "start_review",
  "request_info",
  "approve",
  "reject",
  "reply",
  "appeal",
  "withdraw",
  "suspend",
] as const;
const KNOWN_ACTORS = ["applicant", "school_admin", "class_teacher", "system"] as const;

type Known<T extends readonly string[]> = T[number];
const isKnown = <T extends readonly string[]>(list: T, value: string): value is Known<T> =>
  (list as readonly string[]).includes(value);

/**
 * The full history of an application, newest first: when (in the school's zone), what
 * happened, who did it, the status it led to, the reason and the comment.
 */
export function ApplicationHistory({
  entries,
  timeZone,
  viewer,
}: {
  entries: readonly HistoryEntry[];
  timeZone?: string;
  /** The applicant reads «Вы»; school staff read «Заявитель». */
  viewer: "applicant" | "staff";
}) {
  const { t } = useTranslation();
  const locale = currentLanguage();
  if (!entries.length) return <p className="empty-state">{t("applications.history.empty")}</p>;
  const newestFirst = [...entries].sort((a, b) => b.at.localeCompare(a.at));
  return (
    <ol className="timeline">
      {newestFirst.map((entry, index) => {
        const action = isKnown(KNOWN_ACTIONS, entry.action)
          ? t(`applications.history.actions.${entry.action}`)
          : entry.action;
        const actor =
          entry.actor_role === "applicant"
            ? viewer === "applicant"
              ? t("applications.history.actors.you")
              : t("applications.history.actors.applicant")
            : isKnown(KNOWN_ACTORS, entry.actor_role)
              ? t(`applications.history.actors.${entry.actor_role}`)
              : entry.actor_role;
        return (
          <li key={`${entry.at}-${index}`} className="timeline__item">
            <p className="timeline__when">
              <time dateTime={entry.at}>{formatDateTime(entry.at, { locale, timeZone })}</time>
            </p>
            <p className="timeline__what">{action}</p>
            <p className="timeline__who">
              {t("applications.history.by", { actor })} · <ApplicationStatusBadge status={entry.status_to} />
            </p>
            {entry.reason_label ? (
              <p className="timeline__reason">
                <span className="timeline__label">{t("applications.history.reason")}</span> {entry.reason_label}
              </p>
            ) : null}
            {entry.comment ? (
              <blockquote className="timeline__comment">
                <span className="visually-hidden">{t("applications.history.comment")} </span>
                {entry.comment}
              </blockquote>
            ) : null}
            {entry.attachments.length ? (
              <p className="timeline__attachments muted">
                {t("applications.history.attachedNames", {
                  names: entry.attachments.map((doc) => t(`applications.documentKinds.${doc.kind}`)).join(", "),
                })}
              </p>
            ) : null}
          </li>
        );
      })}
    </ol>
  );
}
