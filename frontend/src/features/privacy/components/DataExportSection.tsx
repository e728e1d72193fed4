import { useTranslation } from "react-i18next";

import { Alert } from "@/components/ui/Alert";
import { Button } from "@/components/ui/Button";
import { ProblemAlert } from "@/components/ui/ProblemAlert";

import { isExportRunning, useExportDownload } from "@/lib/exports";

import { useCreateDataExport, type DataFormat } from "../api/privacy-api";

const FORMATS: DataFormat[] = ["pdf", "json"];

/** «Скачать мои данные»: orders the copy, shows the job's progress, saves the file once made. */
export function DataExportSection() {
  const { t } = useTranslation();
  const create = useCreateDataExport();
  const { item, follow: setExportId, save, downloadError } = useExportDownload("personal-data");

  const running = create.isPending || isExportRunning(item.data);
  const percent = item.data?.progress ?? 0;
  return (
    <section className="card section-card" aria-labelledby="data-export-title">
      <h2 id="data-export-title">{t("privacy.exportTitle")}</h2>
      <p>{t("privacy.exportLead")}</p>
      <div className="form__actions">
        {FORMATS.map((format) => (
          <Button
            key={format}
            variant={format === "pdf" ? "primary" : "secondary"}
            busy={running}
            onClick={() => {
              if (running) return;
              setExportId(null);
              create.mutate(format, { onSuccess: (made) => setExportId(made.id) });
            }}
          >
            {t(`privacy.exportAs.${format}`)}
          </Button>
        ))}
      </div>
      <p className="muted">{t("privacy.exportNote")}</p>
      <div aria-live="polite">
        {running ? (
          <div className="privacy-progress">
            <label htmlFor="data-export-progress">{t("privacy.exportProgress", { percent })}</label>
            <progress id="data-export-progress" max={100} value={percent}>
              {percent} %
            </progress>
          </div>
        ) : null}
        {item.data?.status === "done" ? (
          <p>
            {t("privacy.exportReady", { name: item.data.file_name })}{" "}
            <Button variant="link" onClick={() => item.data && void save(item.data)}>
              {t("privacy.exportAgain")}
            </Button>
          </p>
        ) : null}
      </div>
      {item.data?.status === "failed" ? (
        <Alert tone="error" title={t("privacy.exportFailed")}>
          <p>{item.data.error ?? t("errors.server")}</p>
        </Alert>
      ) : null}
      {create.isError ? <ProblemAlert error={create.error} title={t("privacy.exportFailed")} /> : null}
      {item.isError ? <ProblemAlert error={item.error} title={t("privacy.exportFailed")} /> : null}
      {downloadError ? <ProblemAlert error={downloadError} title={t("privacy.exportFailed")} /> : null}
    </section>
  );
}
