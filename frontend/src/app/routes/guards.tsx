import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Link, Navigate, Outlet, useLocation } from "react-router";

import { Alert } from "@/components/ui/Alert";
import { OfflineWeek } from "@/features/diary/components/OfflineWeek";
import { Button } from "@/components/ui/Button";
import { PageTitle } from "@/components/ui/PageTitle";
import { session } from "@/lib/auth";
import { hasAnyRole, useMe, useSession } from "@/lib/auth/hooks";
import { readOfflineWeek } from "@/lib/offline-week";

function Checking() {
  const { t } = useTranslation();
  return (
    <div className="container page" role="status">
      <p className="route-loading">{t("auth.checkingSession")}</p>
    </div>
  );
}

function SessionUnreachable() {
  const { t } = useTranslation();
  // Reloaded without a network: the token was in memory, so nothing can be asked; the
  // week this session kept is shown read-only instead of a dead end.
  const kept = readOfflineWeek();
  if (kept) return <OfflineWeek kept={kept} onRetry={() => void session.bootstrap()} />;
  return (
    <div className="container page page--narrow">
      <Alert tone="error" title={t("auth.sessionErrorTitle")}>
        <p>{t("errors.network")}</p>
        <Button onClick={() => void session.bootstrap()}>{t("status.retry")}</Button>
      </Alert>
    </div>
  );
}

/** Only for signed-in users; others go to /login?next=<where they were going>. */
export function RequireAuth({ children }: { children?: ReactNode }) {
  const { status } = useSession();
  const location = useLocation();
  if (status === "unknown") return <Checking />;
  if (status === "error") return <SessionUnreachable />;
  if (status === "signed-out") {
    const next = `${location.pathname}${location.search}`;
    return <Navigate to={`/login?next=${encodeURIComponent(next)}`} replace />;
  }
  return children ?? <Outlet />;
}

/** Only for holders of one of `roles`; the others are told so (the API would say 403). */
export function RequireRole({ roles, children }: { roles: readonly string[]; children?: ReactNode }) {
  const { t } = useTranslation();
  const me = useMe();
  if (me.isPending) return <Checking />;
  if (!hasAnyRole(me.data, roles)) {
    return (
      <div className="container page page--narrow">
        <PageTitle title={t("auth.forbiddenTitle")} />
        <h1>{t("auth.forbiddenTitle")}</h1>
        <p className="lead">{t("auth.forbiddenText")}</p>
        <Link to="/profile">{t("auth.toProfile")}</Link>
      </div>
    );
  }
  return children ?? <Outlet />;
}
