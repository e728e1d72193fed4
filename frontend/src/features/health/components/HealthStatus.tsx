import { useTranslation } from "react-i18next";

import { Button } from "@/components/ui/Button";
import { CheckCircleIcon, ErrorIcon, WarningIcon } from "@/components/ui/icons";
import { Skeleton } from "@/components/ui/Skeleton";
import { ApiProblem } from "@/lib/api";
import { formatDate, formatTime } from "@/lib/format";
import { currentLanguage } from "@/lib/i18n";

import { useHealth, type Health } from "../api/get-health";

export function HealthSkeleton() {
  const { t } = useTranslation();
  return (
    <div className="card status-card" role="status" aria-busy="true">
      <span className="visually-hidden">{t("status.checking")}</span>
      <div className="status-card__head">
        <Skeleton width="2rem" height="2rem" />
        <Skeleton width="60%" height="1.5rem" />
      </div>
      <Skeleton width="80%" />
      <Skeleton width="50%" />
      <Skeleton width="40%" />
    </div>
  );
}

function HealthDetails({ health, checkedAt }: { health: Health; checkedAt: number }) {
  const { t } = useTranslation();
  const locale = currentLanguage();
  const date = new Date(checkedAt);
  return (
    <dl className="facts">
      <div className="facts__row">
        <dt>{t("status.database")}</dt>
        <dd>
          {health.database === "ok" ? t("status.databaseOk") : t("status.databaseUnavailable")}
        </dd>
      </div>
      <div className="facts__row">
        <dt>{t("status.version")}</dt>
        <dd>{health.version}</dd>
      </div>
      <div className="facts__row">
        <dt>{t("status.environment")}</dt>
        <dd>{health.environment}</dd>
      </div>
      <div className="facts__row">
        <dt>{t("status.checkedAt")}</dt>
        <dd>
          {t("status.checkedAtValue", {
            date: formatDate(date, { locale }),
            time: formatTime(date, { locale }),
          })}
        </dd>
      </div>
    </dl>
  );
}

export function HealthStatus() {
  const { t } = useTranslation();
  const health = useHealth();

  if (health.isPending) {
    return <HealthSkeleton />;
  }

  if (health.isError) {
    const problem = health.error instanceof ApiProblem ? health.error : null;
    return (
      <div className="card status-card status-card--error" role="alert">
        <div className="status-card__head">
          <ErrorIcon className="status-icon status-icon--error" />
          <h2 className="status-card__title">{t("status.errorTitle")}</h2>
        </div>
        {problem?.problem?.detail ? <p>{problem.problem.detail}</p> : null}
        <p>{t("status.errorText")}</p>
        {problem?.requestId ? (
          <p className="muted">{t("status.errorRequestId", { requestId: problem.requestId })}</p>
        ) : null}
        <Button onClick={() => void health.refetch()} disabled={health.isFetching}>
          {t("status.retry")}
        </Button>
      </div>
    );
  }

  const ok = health.data.status === "ok";
  return (
    <div className={`card status-card status-card--${ok ? "ok" : "degraded"}`}>
      <div className="status-card__head" role="status">
        {ok ? (
          <CheckCircleIcon className="status-icon status-icon--ok" />
        ) : (
          <WarningIcon className="status-icon status-icon--degraded" />
        )}
        <h2 className="status-card__title">{ok ? t("status.ok") : t("status.degraded")}</h2>
      </div>
      <p>{ok ? t("status.okText") : t("status.degradedText")}</p>
      <HealthDetails health={health.data} checkedAt={health.dataUpdatedAt} />
      <Button
        variant="secondary"
        onClick={() => void health.refetch()}
        disabled={health.isFetching}
        aria-busy={health.isFetching}
      >
        {health.isFetching ? t("status.checking") : t("status.refresh")}
      </Button>
    </div>
  );
}
