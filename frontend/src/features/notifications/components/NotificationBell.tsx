import { useEffect, useId, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useLocation } from "react-router";

import { hasAnyRole, STAFF_ROLES, useMe, useSession } from "@/lib/auth/hooks";

import { useMarkAllRead, useMarkRead, useNotifications } from "../api/notifications";
import "../notifications.css";
import { BellIcon } from "./BellIcon";
import { NotificationItem } from "./NotificationItem";

const SHOWN = 8;

/** The header's bell: the unread count, and the newest notifications in a panel. */
export function NotificationBell() {
  const { t } = useTranslation();
  const { status } = useSession();
  const signedIn = status === "signed-in";
  const me = useMe();
  const feed = useNotifications(SHOWN, signedIn);
  const markRead = useMarkRead();
  const markAll = useMarkAllRead();
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const root = useRef<HTMLDivElement>(null);
  const toggle = useRef<HTMLButtonElement>(null);
  const location = useLocation();

  useEffect(() => setOpen(false), [location.pathname, location.search]);

  useEffect(() => {
    if (!open) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key === "Escape") {
        setOpen(false);
        toggle.current?.focus();
      }
    };
    const onPointer = (event: PointerEvent) => {
      if (root.current && !root.current.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener("keydown", onKey);
    document.addEventListener("pointerdown", onPointer);
    return () => {
      document.removeEventListener("keydown", onKey);
      document.removeEventListener("pointerdown", onPointer);
    };
  }, [open]);

  if (!signedIn) return null;
  const unread = feed.data?.unread ?? 0;
  const staff = hasAnyRole(me.data, STAFF_ROLES);
  const label = unread > 0 ? t("diary.notifications.bellUnread", { count: unread }) : t("diary.notifications.bell");

  return (
    <div className="bell" ref={root}>
      <button
        ref={toggle}
        type="button"
        className="header-tool bell__toggle"
        aria-expanded={open}
        aria-controls={panelId}
        title={label}
        onClick={() => setOpen((on) => !on)}
      >
        <BellIcon />
        <span className="bell__text">{t("diary.notifications.title")}</span>
        {unread > 0 ? (
          <span className="bell__count">
            <span className="visually-hidden">{t("diary.notifications.unreadPrefix")}</span>
            {unread > 99 ? "99+" : unread}
          </span>
        ) : null}
      </button>
      <div id={panelId} className="bell__panel" hidden={!open}>
        <div className="bell__head">
          <p className="bell__heading">{t("diary.notifications.title")}</p>
          {unread > 0 ? (
            <button type="button" className="bell__all-read" onClick={() => markAll.mutate()}>
              {t("diary.notifications.readAll")}
            </button>
          ) : null}
        </div>
        {feed.isPending ? (
          <p className="bell__empty">{t("diary.loading")}</p>
        ) : feed.isError ? (
          <p className="bell__empty">{t("diary.notifications.failed")}</p>
        ) : feed.data.items.length === 0 ? (
          <p className="bell__empty">{t("diary.notifications.empty")}</p>
        ) : (
          <ul className="notices">
            {feed.data.items.map((n) => (
              <NotificationItem
                key={n.id}
                notification={n}
                staff={staff}
                onOpen={(item) => {
                  if (!item.read_at) markRead.mutate(item.id);
                  setOpen(false);
                }}
              />
            ))}
          </ul>
        )}
        <Link to="/notifications" className="bell__more" onClick={() => setOpen(false)}>
          {t("diary.notifications.all")}
        </Link>
      </div>
    </div>
  );
}
