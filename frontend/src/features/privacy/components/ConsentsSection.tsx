import { useState } from "react";
import { useTranslation } from "react-i18next";

import { Alert } from "@/components/ui/Alert";
import { Button } from "@/components/ui/Button";
import { ConfirmDialog } from "@/components/ui/ConfirmDialog";
import { ProblemAlert } from "@/components/ui/ProblemAlert";
import { Skeleton } from "@/components/ui/Skeleton";
import { formatDate } from "@/lib/format";
import { currentLanguage } from "@/lib/i18n";

import { useConsents, useWithdrawConsent, type Consent } from "../api/consents-api";

/** «Согласия»: each consent with its dates; withdrawing one says first what will stop. */
export function ConsentsSection() {
  const { t } = useTranslation();
  const consents = useConsents();
  const withdraw = useWithdrawConsent();
  const [asking, setAsking] = useState<Consent | null>(null);
  const [stopped, setStopped] = useState<string[] | null>(null);
  const day = (value: string) => formatDate(value, { locale: currentLanguage() });

  return (
    <section className="card section-card" aria-labelledby="consents-title">
      <h2 id="consents-title">{t("privacy.consentsTitle")}</h2>
      <p>{t("privacy.consentsLead")}</p>
      {stopped ? (
        <Alert tone="success" title={t("privacy.withdrawn")}>
          <ul className="privacy-list">
            {stopped.map((what) => (
              <li key={what}>{what}</li>
            ))}
          </ul>
        </Alert>
      ) : null}
      {consents.error ? <ProblemAlert error={consents.error} /> : null}
      {withdraw.error ? <ProblemAlert error={withdraw.error} /> : null}
      {consents.isPending ? (
        <Skeleton width="80%" />
      ) : consents.data && consents.data.length === 0 ? (
        <p className="muted">{t("privacy.noConsents")}</p>
      ) : (
        <ul className="privacy-consents">
          {consents.data?.map((consent) => (
            <li key={consent.id} className="privacy-consent">
              <p>
                <strong>{consent.title}</strong>
                <br />
                {t("privacy.consentFor", { number: consent.application_number ?? t("privacy.draft"), school: consent.school_name ?? "—" })}
                <br />
                <span className="muted">
                  {t("privacy.consentGiven", { version: consent.version, date: day(consent.given_at) })}
                  {consent.withdrawn_at ? ` · ${t("privacy.consentWithdrawn", { date: day(consent.withdrawn_at) })}` : ""}
                </span>
              </p>
              {consent.withdrawn_at ? null : (
                <Button variant="secondary" onClick={() => setAsking(consent)}>
                  {t("privacy.withdraw")}
                </Button>
              )}
            </li>
          ))}
        </ul>
      )}
      <ConfirmDialog
        open={asking !== null}
        title={t("privacy.withdrawTitle")}
        confirmLabel={t("privacy.withdraw")}
        tone="danger"
        busy={withdraw.isPending}
        onCancel={() => setAsking(null)}
        onConfirm={async () => {
          if (!asking) return;
          const done = await withdraw.mutateAsync(asking.id);
          setStopped(done.stopped);
          setAsking(null);
        }}
      >
        <p>{t("privacy.withdrawStops")}</p>
        <ul className="privacy-list">
          {asking?.relies_on_it.map((what) => (
            <li key={what}>{what}</li>
          ))}
        </ul>
        <p className="muted">{t("privacy.withdrawKept")}</p>
      </ConfirmDialog>
    </section>
  );
}
