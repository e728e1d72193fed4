import { useId } from "react";
import { useTranslation } from "react-i18next";

import { Alert } from "@/components/ui/Alert";
import { Button } from "@/components/ui/Button";
import { ProblemAlert } from "@/components/ui/ProblemAlert";

import { isExportRunning, useExportDownload } from "@/lib/exports";

import { useCreateExport } from "../api/queries";
import type { ExportFormat, ExportRequest } from "../api/types";

const FORMATS: ExportFormat[] = ["pdf", "xlsx", "csv"];

/**
 * «Скачать PDF / XLSX / CSV» for one report: orders the file (POST /exports), shows the
 * job's progress as a bar while polling the export, and saves the file once it is made.
 * `request` is null while the report has nothing to export yet (no class chosen).
 */
export function ExportButtons({ title, request, formats = FORMATS }: { title: string; request: ExportRequest | null; formats?: ExportFormat[] }) {
  const { t } = useTranslation();
  const id = useId();
  const create = useCreateExport();
  const { item, follow: setExportId, save, downloadError } = useExportDownload("report");

  const running = create.isPending || isExportRunning(item.data);
  function order(format: ExportFormat) {
    if (!request || running) return;
    setExportId(null);
    create.mutate({ ...request, format }, { onSuccess: (made) => setExportId(made.id) });
  }

  return (
    <section className="rp-export" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`} className="rp-export__title">
        {title}
      </h3>
      <div className="rp-export__buttons">
        {formats.map((format) => (
          <Button key={format} variant="secondary" busy={running} disabled={!request} onClick={() => order(format)}>
            {t("reports.export.download", { format: format.toUpperCase() })}
          </Button>
        ))}
      </div>
      <div aria-live="polite">
        {running ? (
          <div className="rp-export__progress">
            <label htmlFor={`${id}-progress`}>{t("reports.export.progress", { percent: item.data?.progress ?? 0 })}</label>
            <progress id={`${id}-progress`} max={100} value={item.data?.progress ?? 0}>
              {item.data?.progress ?? 0} %
            </progress>
          </div>
        ) : null}
        {item.data?.status === "done" ? (
          <p className="rp-export__done">
            {t("reports.export.ready", { name: item.data.file_name })}{" "}
            <Button variant="link" onClick={() => item.data && void save(item.data)}>
              {t("reports.export.again")}
            </Button>
          </p>
        ) : null}
      </div>
      {item.data?.status === "failed" ? (
        <Alert tone="error" title={t("reports.export.failed")}>
          <p>{item.data.error ?? t("errors.server")}</p>
        </Alert>
      ) : null}
      {create.isError ? <ProblemAlert error={create.error} title={t("reports.export.failed")} /> : null}
      {item.isError ? <ProblemAlert error={item.error} title={t("reports.export.failed")} /> : null}
      {downloadError ? <ProblemAlert error={downloadError} title={t("reports.export.downloadFailed")} /> : null}
    </section>
  );
}
