import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";

import { Alert } from "@/components/ui/Alert";
import { Button } from "@/components/ui/Button";
import { PageTitle } from "@/components/ui/PageTitle";
import { ProblemAlert } from "@/components/ui/ProblemAlert";
import { Skeleton } from "@/components/ui/Skeleton";
import { ApiProblem } from "@/lib/api";
import { hasAnyRole, useMe } from "@/lib/auth/hooks";

import { downloadExport, isExportRunning, useExport } from "@/lib/exports";
import "../reports.css";

/** Where the «файл готов» notification leads: the export's state and its file. */
export default function ExportRoute() {
  const { t } = useTranslation();
  const { exportId } = useParams();
  const item = useExport(exportId ?? null);
  const me = useMe();
  const staff = !!me.data && hasAnyRole(me.data, ["teacher", "class_teacher", "school_admin"]);
  return (
    <div className="container page rp-page">
      <PageTitle title={t("reports.export.exportTitle")} />
      <h1>{t("reports.export.exportTitle")}</h1>
      {item.isPending ? (
        <Skeleton width="50%" />
      ) : item.isError ? (
        item.error instanceof ApiProblem && item.error.status === 404 ? (
          <Alert tone="info" live={false}>
            <p>{t("reports.export.notFound")}</p>
          </Alert>
        ) : (
          <ProblemAlert error={item.error} title={t("reports.export.failed")} />
        )
      ) : isExportRunning(item.data) ? (
        <div className="rp-export__progress" aria-live="polite">
          <label htmlFor="export-progress">{t("reports.export.progress", { percent: item.data.progress })}</label>
          <progress id="export-progress" max={100} value={item.data.progress}>
            {item.data.progress} %
          </progress>
        </div>
      ) : item.data.status === "done" ? (
        <div className="rp-export">
          <p className="rp-export__done">{t("reports.export.ready", { name: item.data.file_name })}</p>
          <div>
            <Button onClick={() => void downloadExport(item.data, "report")}>{t("reports.export.download", { format: item.data.format.toUpperCase() })}</Button>
          </div>
        </div>
      ) : (
        <Alert tone="error" title={t("reports.export.failed")}>
          <p>{item.data.error ?? t("errors.server")}</p>
        </Alert>
      )}
      <p>
        <Link to={staff ? "/school/reports" : "/reports"}>{t("reports.export.toReports")}</Link>
      </p>
    </div>
  );
}
