import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";

import { Alert } from "@/components/ui/Alert";
import { Button } from "@/components/ui/Button";
import { ConfirmDialog } from "@/components/ui/ConfirmDialog";
import { ProblemAlert } from "@/components/ui/ProblemAlert";
import { Skeleton } from "@/components/ui/Skeleton";
import { StatusBadge } from "@/components/ui/StatusBadge";
import { ApiProblem } from "@/lib/api";
import { formatDateTime } from "@/lib/format";
import { currentLanguage } from "@/lib/i18n";

import {
  downloadRecord,
  downloadRecordPdf,
  setTermGrades,
  signOff,
  signedRecordsKey,
  useSignedRecords,
  type SignedRecord,
  type SignOffParams,
} from "../api/signoff";

interface Props {
  params: SignOffParams;
  className: string;
  subjectName: string;
  termName: string;
  /** The caller teaches this subject in the class: only they sign. */
  canSign: boolean;
}

function signerOf(record: SignedRecord): string {
  const signer = record.document.signer as { name?: string } | undefined;
  return signer?.name ?? "";
}

function codeOf(error: unknown): string | undefined {
  return error instanceof ApiProblem ? error.problem?.code : undefined;
}

/**
 * «Итоговые оценки и подпись» under the journal: set the term grades, sign them (with a
 * confirmation), see what is signed; a signed grade changes only with a reason, which
 * signs a new record naming the old one.
 */
export function TermSignOff({ params, className, subjectName, termName, canSign }: Props) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const queryClient = useQueryClient();
  const ids = { title: useId(), reason: useId() };
  const records = useSignedRecords(params);
  const [confirming, setConfirming] = useState(false);
  const [reason, setReason] = useState("");
  const [needsReason, setNeedsReason] = useState(false);
  const [done, setDone] = useState<string | null>(null);

  const refresh = () => queryClient.invalidateQueries({ queryKey: signedRecordsKey(params) });
  const grades = useMutation({
    mutationFn: () => setTermGrades(params, needsReason ? reason.trim() : undefined),
    onSuccess: (rows) => {
      setDone(needsReason ? t("journal.signoff.corrected") : t("journal.signoff.gradesSet", { count: rows.length }));
      setNeedsReason(false);
      setReason("");
      void refresh();
    },
    onError: (error) => {
      if (codeOf(error) === "term_signed") setNeedsReason(true);
    },
  });
  const sign = useMutation({
    mutationFn: () => signOff(params),
    onSuccess: () => {
      setConfirming(false);
      setDone(t("journal.signoff.signed"));
      void refresh();
    },
    onError: () => setConfirming(false),
  });

  const list = records.data ?? [];
  const inForce = list.find((r) => !r.corrected_by);
  const subject = { className, subject: subjectName, term: termName };

  return (
    <section className="card jr-card jr-signoff" aria-labelledby={ids.title}>
      <h2 id={ids.title}>{t("journal.signoff.title")}</h2>
      {records.isPending ? (
        <Skeleton height="2.5rem" />
      ) : records.isError ? (
        <ProblemAlert error={records.error} title={t("journal.loadFailed")} />
      ) : inForce ? (
        <p className="jr-signoff__status" data-testid="signoff-status">
          <StatusBadge tone="ok">{t("journal.signoff.statusSigned")}</StatusBadge>{" "}
          {t("journal.signoff.signedBy", {
            name: signerOf(inForce),
            date: formatDateTime(inForce.signed_at, { locale: language }),
          })}
        </p>
      ) : (
        <p className="jr-signoff__status" data-testid="signoff-status">
          <StatusBadge tone="action">{t("journal.signoff.statusNotSigned")}</StatusBadge>{" "}
          {t("journal.signoff.notSignedHint")}
        </p>
      )}

      {done ? (
        <Alert tone="success">
          <p>{done}</p>
        </Alert>
      ) : null}
      {grades.isError && !needsReason ? <ProblemAlert error={grades.error} /> : null}
      {sign.isError ? <ProblemAlert error={sign.error} /> : null}

      {needsReason ? (
        <div className="field">
          <Alert tone="warning">
            <p>{t("journal.signoff.reasonNeeded")}</p>
          </Alert>
          <label className="field__label" htmlFor={ids.reason}>
            {t("journal.signoff.reason")}
          </label>
          <input
            id={ids.reason}
            className="input"
            value={reason}
            maxLength={500}
            onChange={(e) => setReason(e.target.value)}
          />
        </div>
      ) : null}

      <div className="form__actions jr-signoff__actions">
        <Button
          variant="secondary"
          busy={grades.isPending}
          disabled={needsReason && reason.trim().length < 3}
          onClick={() => {
            setDone(null);
            grades.mutate();
          }}
        >
          {needsReason ? t("journal.signoff.correct") : t("journal.signoff.setGrades")}
        </Button>
        {canSign && !inForce ? (
          <Button
            onClick={() => {
              setDone(null);
              setConfirming(true);
            }}
          >
            {t("journal.signoff.sign")}
          </Button>
        ) : null}
        <Link className="button button--link" to="/verify">
          {t("journal.signoff.verifyLink")}
        </Link>
      </div>

      {list.length > 0 ? (
        <>
          <h3>{t("journal.signoff.history")}</h3>
          <ul className="jr-signoff__list">
            {list.map((record) => (
              <li key={record.id} className="jr-signoff__item">
                <span>
                  {formatDateTime(record.signed_at, { locale: language })} — {signerOf(record)}
                  {record.corrects ? ` · ${t("journal.signoff.correction", { reason: record.correction_reason ?? "" })}` : ""}
                  {record.corrected_by ? ` · ${t("journal.signoff.replaced")}` : ""}
                </span>
                <span className="jr-signoff__downloads">
                  <Button variant="link" onClick={() => void downloadRecordPdf(record)}>
                    {t("journal.signoff.downloadPdf")}
                  </Button>
                  <Button variant="link" onClick={() => downloadRecord(record)}>
                    {t("journal.signoff.download")}
                  </Button>
                </span>
              </li>
            ))}
          </ul>
        </>
      ) : null}

      <ConfirmDialog
        open={confirming}
        title={t("journal.signoff.confirmTitle")}
        confirmLabel={t("journal.signoff.confirm")}
        busy={sign.isPending}
        onConfirm={() => sign.mutate()}
        onCancel={() => setConfirming(false)}
      >
        <p>{t("journal.signoff.confirmText", subject)}</p>
      </ConfirmDialog>
    </section>
  );
}
