import { useTranslation } from "react-i18next";
import { Link } from "react-router";

import { formatDateTime } from "@/lib/format";
import { currentLanguage } from "@/lib/i18n";

import type { Notification } from "../api/notifications";
import { notificationTarget } from "../lib/links";

export function NotificationItem({
  notification,
  staff,
  onOpen,
}: {
  notification: Notification;
  staff: boolean;
  onOpen: (notification: Notification) => void;
}) {
  const { t } = useTranslation();
  const locale = currentLanguage();
  const target = notificationTarget(notification.link, staff);
  const unread = !notification.read_at;
  const content = (
    <>
      <span className="notice__title">
        {unread ? <span className="notice__dot" aria-hidden="true" /> : null}
        {unread ? <span className="visually-hidden">{t("diary.notifications.unreadMark")} </span> : null}
        {notification.title}
      </span>
      <span className="notice__body">{notification.body}</span>
      <span className="notice__time">{formatDateTime(notification.created_at, { locale })}</span>
    </>
  );
  return (
    <li className={`notice${unread ? " notice--unread" : ""}`}>
      {target ? (
        <Link to={target} className="notice__link" onClick={() => onOpen(notification)}>
          {content}
        </Link>
      ) : (
        <button type="button" className="notice__link" onClick={() => onOpen(notification)}>
          {content}
        </button>
      )}
    </li>
  );
}
