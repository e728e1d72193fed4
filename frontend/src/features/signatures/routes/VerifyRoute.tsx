import { useMutation, useQuery } from "@tanstack/react-query";
import { useId, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router";

import type { components } from "@/api/generated/schema";
import { Alert } from "@/components/ui/Alert";
import { Button } from "@/components/ui/Button";
import { PageTitle } from "@/components/ui/PageTitle";
import { ProblemAlert } from "@/components/ui/ProblemAlert";
import { api, unwrap } from "@/lib/api";
import { formatDateTime } from "@/lib/format";
import { currentLanguage } from "@/lib/i18n";

import { parseRecord, type Saved } from "../lib/parse-record";
import "../signatures.css";

type Verdict = components["schemas"]["VerifyOut"];
type RecordCheck = components["schemas"]["RecordCheckOut"];

const REASONS: Record<string, "verify.reason_malformed" | "verify.reason_unknown_key" | "verify.reason_signature_mismatch"> = {
  malformed: "verify.reason_malformed",
  unknown_key: "verify.reason_unknown_key",
  signature_mismatch: "verify.reason_signature_mismatch",
};

function nameOf(document: Record<string, unknown>, key: string): string {
  const part = document[key];
  return typeof part === "object" && part !== null && "name" in part ? String((part as { name: unknown }).name) : "—";
}

/** `?record=ID`, the link of a printed record's QR code: the server's copy checked, with what
 * it is of (no pupil's name or grade) to compare with the paper. */
/** Whether the record verifies: the same words for a checked file and a QR code's link. */
function Verdict({
  valid,
  reason,
  lead,
}: {
  valid: boolean;
  reason?: string | null;
  lead: "verify.byLinkLead" | "verify.validText";
}) {
  const { t } = useTranslation();
  return valid ? (
    <Alert tone="success" title={t("verify.valid")}>
      <p>{t(lead)}</p>
    </Alert>
  ) : (
    <Alert tone="error" title={t("verify.invalid")}>
      <p>{t(REASONS[reason ?? ""] ?? "verify.reason_signature_mismatch")}</p>
    </Alert>
  );
}

function RecordByLink({ id }: { id: string }) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const check = useQuery({
    queryKey: ["signed-record-check", id],
    queryFn: async ({ signal }): Promise<RecordCheck> =>
      unwrap(
        await api.GET("/api/v1/signed-records/{record_id}/verification", {
          params: { path: { record_id: id } },
          signal,
        }),
      ),
    retry: false,
  });
  const verdict = check.data;
  return (
    <section className="card verify-result verify-by-link" aria-live="polite" data-testid="verify-by-link">
      <h2 className="verify-by-link__title">{t("verify.byLinkTitle", { id })}</h2>
      {check.isPending ? <p>{t("app.loading")}</p> : null}
      {check.isError ? <ProblemAlert error={check.error} /> : null}
      {verdict ? (
        <>
          <Verdict valid={verdict.valid} reason={verdict.reason} lead="verify.byLinkLead" />
          {verdict.valid ? (
            <dl className="verify-result__facts">
              <dt>{t("verify.record")}</dt>
              <dd>
                {verdict.school_name}, {verdict.class_name}, {verdict.subject_name}, {verdict.term_name}
              </dd>
              <dt>{t("verify.signer")}</dt>
              <dd>{verdict.signer_name}</dd>
              <dt>{t("verify.signedAt")}</dt>
              <dd>{verdict.signed_at ? formatDateTime(verdict.signed_at, { locale: language }) : "—"}</dd>
              <dt>{t("verify.pupils")}</dt>
              <dd>{verdict.grades_count}</dd>
              <dt>{t("verify.key")}</dt>
              <dd className="verify-result__key">{verdict.key_id}</dd>
            </dl>
          ) : null}
          {verdict.valid && verdict.corrects ? (
            <p>{t("verify.correctsShort", { id: verdict.corrects })}</p>
          ) : null}
          {verdict.corrected_by ? (
            <Alert tone="warning">
              <p>{t("verify.correctedBy", { id: verdict.corrected_by })}</p>
            </Alert>
          ) : null}
        </>
      ) : null}
    </section>
  );
}

/** «Проверка подписи»: public, no sign-in. Paste or choose a saved record; see valid or not, who and when. */
export default function VerifyRoute() {
  const { t } = useTranslation();
  const language = currentLanguage();
  const [params] = useSearchParams();
  const recordId = params.get("record");
  const ids = { file: useId(), text: useId() };
  const [text, setText] = useState("");
  const [notJson, setNotJson] = useState(false);
  const [checked, setChecked] = useState<Saved | null>(null);

  const check = useMutation({
    mutationFn: async (saved: Saved): Promise<Verdict> =>
      unwrap(await api.POST("/api/v1/signed-records/verify", { body: saved })),
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const saved = parseRecord(text);
    setNotJson(!saved);
    setChecked(saved);
    if (saved) check.mutate(saved);
  };

  const verdict = check.data;
  const document = checked?.document;
  const term = document?.term as { name?: string; academic_year?: string } | undefined;
  const grades = Array.isArray(document?.grades) ? document.grades.length : 0;

  return (
    <div className="container page verify-page">
      <PageTitle title={t("verify.title")} />
      <h1>{t("verify.title")}</h1>
      {recordId ? <RecordByLink id={recordId} /> : <p className="lead">{t("verify.lead")}</p>}

      <form className="card verify-form" onSubmit={submit} noValidate>
        {recordId ? <h2 className="verify-form__title">{t("verify.orFile")}</h2> : null}
        <div className="field">
          <label className="field__label" htmlFor={ids.file}>
            {t("verify.file")}
          </label>
          <input
            id={ids.file}
            className="input"
            type="file"
            accept="application/json,.json"
            onChange={async (e) => {
              const file = e.target.files?.[0];
              if (file) setText(await file.text());
            }}
          />
        </div>
        <div className="field">
          <label className="field__label" htmlFor={ids.text}>
            {t("verify.text")}
          </label>
          <textarea
            id={ids.text}
            className="input verify-form__text"
            rows={8}
            spellCheck={false}
            value={text}
            onChange={(e) => setText(e.target.value)}
          />
        </div>
        {notJson ? (
          <Alert tone="error">
            <p>{t("verify.notJson")}</p>
          </Alert>
        ) : null}
        <div className="form__actions">
          <Button type="submit" busy={check.isPending} disabled={!text.trim()}>
            {t("verify.check")}
          </Button>
        </div>
      </form>

      {check.isError ? <ProblemAlert error={check.error} /> : null}
      {verdict && document ? (
        <section className="card verify-result" aria-live="polite" data-testid="verify-result">
          <Verdict valid={verdict.valid} reason={verdict.reason} lead="verify.validText" />
          {verdict.valid ? (
            <dl className="verify-result__facts">
              <dt>{t("verify.signer")}</dt>
              <dd>{verdict.signer_name}</dd>
              <dt>{t("verify.signedAt")}</dt>
              <dd>{verdict.signed_at ? formatDateTime(verdict.signed_at, { locale: language }) : "—"}</dd>
              <dt>{t("verify.record")}</dt>
              <dd>
                {nameOf(document, "school")}, {nameOf(document, "class")}, {nameOf(document, "subject")},{" "}
                {term?.name ?? "—"} {term?.academic_year ?? ""}
              </dd>
              <dt>{t("verify.grades")}</dt>
              <dd>{grades}</dd>
              <dt>{t("verify.key")}</dt>
              <dd className="verify-result__key">{verdict.key_id}</dd>
            </dl>
          ) : null}
          {verdict.valid && document.excerpt_for ? <p>{t("verify.excerpt")}</p> : null}
          {verdict.valid && typeof document.corrects === "string" ? (
            <p>{t("verify.corrects", { id: document.corrects, reason: String(document.correction_reason ?? "—") })}</p>
          ) : null}
          {verdict.corrected_by ? (
            <Alert tone="warning">
              <p>{t("verify.correctedBy", { id: verdict.corrected_by })}</p>
            </Alert>
          ) : null}
        </section>
      ) : null}
    </div>
  );
}
