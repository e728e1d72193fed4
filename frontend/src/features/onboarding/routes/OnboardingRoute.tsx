import { useRef, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";

import { Alert } from "@/components/ui/Alert";
import { Button } from "@/components/ui/Button";
import { PageTitle } from "@/components/ui/PageTitle";
import { ProblemAlert } from "@/components/ui/ProblemAlert";
import { useMe } from "@/lib/auth/hooks";

import { ACCEPT, MAX_SIZE, downloadRoster, downloadTemplate, isRunning, useApply, useImport, useUpload, type RosterImport } from "../api/onboarding";
import { RejectedRows } from "../components/RejectedRows";
import { SummaryTable } from "../components/SummaryTable";

import "../onboarding.css";

/** «Загрузка списков»: the school admin brings the school's roster in from a file. */
export default function OnboardingRoute() {
  const { t } = useTranslation();
  const me = useMe();
  const schoolId = me.data?.school_id ?? "";
  const [importId, setImportId] = useState<string | null>(null);
  const [localError, setLocalError] = useState<string | null>(null);
  const [downloadError, setDownloadError] = useState<unknown>(null);
  const fileRef = useRef<HTMLInputElement>(null);
  const upload = useUpload(schoolId);
  const current = useImport(importId);

  function submit(event: FormEvent) {
    event.preventDefault();
    const file = fileRef.current?.files?.[0];
    if (!file) {
      setLocalError(t("onboarding.upload.choose"));
      fileRef.current?.focus();
      return;
    }
    if (file.size > MAX_SIZE) {
      setLocalError(t("onboarding.upload.tooLarge"));
      return;
    }
    setLocalError(null);
    upload.mutate({ file, mode: "preview" }, { onSuccess: (item) => setImportId(item.id) });
  }

  return (
    <div className="container page onboarding">
      <PageTitle title={t("onboarding.title")} />
      <h1>{t("onboarding.title")}</h1>
      <p>{t("onboarding.intro")}</p>
      <div className="onboarding__downloads">
        <Button variant="secondary" onClick={() => downloadTemplate().catch(setDownloadError)}>
          {t("onboarding.template")}
        </Button>
        {schoolId ? (
          <Button variant="secondary" onClick={() => downloadRoster(schoolId).catch(setDownloadError)}>
            {t("onboarding.export")}
          </Button>
        ) : null}
      </div>
      {downloadError ? <ProblemAlert error={downloadError} /> : null}
      <form className="card onboarding__upload" onSubmit={submit} noValidate>
        <label htmlFor="roster-file">{t("onboarding.upload.label")}</label>
        <p className="muted" id="roster-file-hint">
          {t("onboarding.upload.hint")}
        </p>
        <input
          id="roster-file"
          ref={fileRef}
          type="file"
          accept={ACCEPT}
          aria-describedby="roster-file-hint"
          aria-invalid={localError ? true : undefined}
          onChange={() => setLocalError(null)}
        />
        {localError ? (
          <p className="field__error" role="alert">
            {localError}
          </p>
        ) : null}
        <Button type="submit" busy={upload.isPending}>
          {t("onboarding.upload.submit")}
        </Button>
        {upload.isError ? <ProblemAlert error={upload.error} /> : null}
      </form>
      {current.data ? <ImportPanel item={current.data} /> : null}
      {current.isError ? <ProblemAlert error={current.error} /> : null}
    </div>
  );
}

function ImportPanel({ item }: { item: RosterImport }) {
  const { t } = useTranslation();
  const apply = useApply(item.id);
  const preview = item.mode === "preview";
  if (isRunning(item)) {
    return (
      <section className="card onboarding__progress" aria-live="polite">
        <label htmlFor="import-progress">{t(preview ? "onboarding.progress.preview" : "onboarding.progress.apply", { percent: item.progress })}</label>
        <progress id="import-progress" max={100} value={item.progress}>
          {item.progress} %
        </progress>
      </section>
    );
  }
  if (item.status === "failed") {
    return (
      <section className="onboarding__result">
        <Alert tone="error" title={t("onboarding.failed")}>
          <p>{item.failure ?? t("errors.server")}</p>
        </Alert>
        <SummaryTable summary={item.summary} preview />
        <RejectedRows importId={item.id} total={item.error_count} />
      </section>
    );
  }
  return (
    <section className="onboarding__result" aria-live="polite">
      {preview ? (
        <Alert tone={item.error_count ? "warning" : "info"} title={t("onboarding.checked")}>
          <p>{item.error_count ? t("onboarding.checkedWithErrors", { count: item.error_count }) : t("onboarding.checkedClean")}</p>
        </Alert>
      ) : (
        <Alert tone="success" title={t("onboarding.applied")}>
          <p>{t("onboarding.appliedNext")}</p>
        </Alert>
      )}
      <SummaryTable summary={item.summary} preview={preview} />
      {preview ? (
        <div className="onboarding__actions">
          <Button busy={apply.isPending} onClick={() => apply.mutate(item.error_count > 0)}>
            {item.error_count ? t("onboarding.applyValid") : t("onboarding.apply")}
          </Button>
          {apply.isError ? <ProblemAlert error={apply.error} /> : null}
        </div>
      ) : null}
      <RejectedRows importId={item.id} total={item.error_count} />
    </section>
  );
}
