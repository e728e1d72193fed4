import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";

import { Button } from "@/components/ui/Button";
import { PageTitle } from "@/components/ui/PageTitle";
import { ProblemAlert } from "@/components/ui/ProblemAlert";
import { Skeleton } from "@/components/ui/Skeleton";
import { hasAnyRole, STAFF_ROLES, useMe } from "@/lib/auth/hooks";

import { useMarkAllRead, useMarkRead, useNotifications } from "../api/notifications";
import { NotificationItem } from "../components/NotificationItem";
import { ReminderTime } from "../components/ReminderTime";
import "../notifications.css";

const PAGE = 20;

export default function NotificationsRoute() {
  const { t } = useTranslation();
  const [limit, setLimit] = useState(PAGE);
  const feed = useNotifications(limit);
  const me = useMe();
  const markRead = useMarkRead();
  const markAll = useMarkAllRead();
  const staff = hasAnyRole(me.data, STAFF_ROLES);
  return (
    <div className="container page page--narrow">
      <PageTitle title={t("diary.notifications.title")} />
      <h1>{t("diary.notifications.title")}</h1>
      <p>
        <Link to="/profile/notifications">{t("push.settingsLink")}</Link>
      </p>
      {hasAnyRole(me.data, ["parent", "student"]) ? <ReminderTime /> : null}
      {feed.isPending ? (
        <div role="status" aria-busy="true">
          <span className="visually-hidden">{t("diary.loading")}</span>
          <Skeleton height="4rem" />
          <Skeleton height="4rem" />
        </div>
      ) : feed.isError ? (
        <>
          <ProblemAlert error={feed.error} title={t("diary.notifications.failed")} />
          <Button onClick={() => void feed.refetch()}>{t("diary.retry")}</Button>
        </>
      ) : feed.data.items.length === 0 ? (
        <p className="lead">{t("diary.notifications.empty")}</p>
      ) : (
        <>
          <div className="notices-head">
            <p>{t("diary.notifications.unreadCount", { count: feed.data.unread })}</p>
            {feed.data.unread > 0 ? (
              <Button variant="secondary" onClick={() => markAll.mutate()} busy={markAll.isPending}>
                {t("diary.notifications.readAll")}
              </Button>
            ) : null}
          </div>
          <ul className="notices notices--page card">
            {feed.data.items.map((n) => (
              <NotificationItem
                key={n.id}
                notification={n}
                staff={staff}
                onOpen={(item) => {
                  if (!item.read_at) markRead.mutate(item.id);
                }}
              />
            ))}
          </ul>
          {feed.data.total > feed.data.items.length ? (
            <Button variant="secondary" className="notices-more" busy={feed.isFetching} onClick={() => setLimit((l) => Math.min(l + PAGE, 100))}>
              {t("diary.notifications.more")}
            </Button>
          ) : null}
        </>
      )}
    </div>
  );
}
