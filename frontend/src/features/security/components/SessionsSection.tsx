import { useTranslation } from "react-i18next";

import { Alert } from "@/components/ui/Alert";
import { Button } from "@/components/ui/Button";
import { ProblemAlert } from "@/components/ui/ProblemAlert";
import { Skeleton } from "@/components/ui/Skeleton";
import { formatDateTime } from "@/lib/format";
import { currentLanguage } from "@/lib/i18n";

import { useRevokeSessions, useSessions, type SessionItem } from "../api/security-api";
import { describeUserAgent } from "../utils/user-agent";

function deviceName(t: (key: "security.unknownDevice") => string, item: SessionItem): string {
  const { browser, system } = describeUserAgent(item.user_agent);
  return [browser, system].filter(Boolean).join(", ") || t("security.unknownDevice");
}

export function SessionsSection() {
  const { t } = useTranslation();
  const locale = currentLanguage();
  const sessions = useSessions();
  const revoke = useRevokeSessions();

  const others = sessions.data?.items.filter((s) => !s.current) ?? [];

  return (
    <section className="card section-card" aria-labelledby="sessions-title">
      <h2 id="sessions-title">{t("security.sessionsTitle")}</h2>
      <p>{t("security.sessionsLead")}</p>
      {revoke.error ? <ProblemAlert error={revoke.error} /> : null}
      {revoke.isSuccess ? <Alert tone="success">{t("security.revoked")}</Alert> : null}
      {sessions.isPending ? (
        <div role="status" aria-busy="true">
          <span className="visually-hidden">{t("security.sessionsLoading")}</span>
          <Skeleton width="70%" />
          <Skeleton width="50%" />
        </div>
      ) : sessions.isError ? (
        <div className="stack">
          <ProblemAlert error={sessions.error} />
          <Button onClick={() => void sessions.refetch()}>{t("status.retry")}</Button>
        </div>
      ) : (
        <>
          <ul className="session-list">
            {sessions.data.items.map((item) => {
              const name = deviceName(t, item);
              return (
                <li key={item.id} className="session-row">
                  <div>
                    <p className="session-row__device">
                      {name} {item.current ? <span className="badge badge--ok">{t("security.thisDevice")}</span> : null}
                    </p>
                    <p className="muted">
                      {t("security.signedInAt", { when: formatDateTime(item.created_at, { locale }) })}
                      <br />
                      {t("security.lastUsedAt", { when: formatDateTime(item.last_used_at, { locale }) })}
                    </p>
                  </div>
                  {!item.current ? (
                    <Button aria-label={`${t("security.revoke")}: ${name}`} variant="secondary" busy={revoke.isPending} onClick={() => revoke.mutate([item.id])}>
                      {t("security.revoke")}
                    </Button>
                  ) : null}
                </li>
              );
            })}
          </ul>
          {others.length > 1 ? (
            <Button variant="secondary" busy={revoke.isPending} onClick={() => revoke.mutate(others.map((s) => s.id))}>
              {t("security.revokeOthers")}
            </Button>
          ) : null}
        </>
      )}
    </section>
  );
}
