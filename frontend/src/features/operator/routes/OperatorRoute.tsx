import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";

import { Alert } from "@/components/ui/Alert";
import { Button } from "@/components/ui/Button";
import { LevelBadge } from "@/components/ui/LevelBadge";
import { PageTitle } from "@/components/ui/PageTitle";
import { ProblemAlert } from "@/components/ui/ProblemAlert";
import { TextField } from "@/components/ui/TextField";
import { ApiProblem } from "@/lib/api";
import { formatDate, fullName } from "@/lib/format";
import { useForm } from "@/lib/forms";
import { currentLanguage } from "@/lib/i18n";
import { formatPhone, phoneMask, phoneNational, phoneToE164 } from "@/lib/masks";

import { searchAccounts, type AccountItem } from "../api/operator-api";

// The last search, kept in memory (never in the URL or storage: a phone is personal data),
// so Back from an account card returns to the results.
let lastSearch: { phone: string; items: AccountItem[] } | null = null;

export default function OperatorRoute() {
  const { t } = useTranslation();
  const locale = currentLanguage();
  const [results, setResults] = useState<AccountItem[] | null>(lastSearch?.items ?? null);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  const form = useForm<"phone">({
    initial: { phone: lastSearch?.phone ?? "" },
    fields: ["phone"],
    validate: {
      phone: (v) => (!phoneNational(v) ? t("validation.phoneRequired") : phoneToE164(v) ? null : t("validation.phoneIncomplete")),
    },
  });

  const submit = form.handleSubmit(async ({ phone }) => {
    setBusy(true);
    setFailure(null);
    try {
      const answer = await searchAccounts(phoneToE164(phone) ?? phone);
      lastSearch = { phone, items: answer.items };
      setResults(answer.items);
    } catch (error) {
      const mapped = form.applyProblem(error, { phone: "phone" });
      if (mapped.general || !(error instanceof ApiProblem)) setFailure(error);
    } finally {
      setBusy(false);
    }
  });

  return (
    <div className="container page page--narrow">
      <PageTitle title={t("operator.title")} />
      <h1>{t("operator.title")}</h1>
      <p className="lead">{t("operator.lead")}</p>
      <div className="stack">
        <section className="card section-card" aria-labelledby="search-title">
          <h2 id="search-title">{t("operator.searchTitle")}</h2>
          <form ref={form.formRef} onSubmit={submit} noValidate className="form" role="search">
            {failure ? <ProblemAlert error={failure} /> : null}
            <TextField
              {...form.bind("phone")}
              label={t("fields.phone")}
              type="tel"
              inputMode="tel"
              autoComplete="off"
              placeholder="+7 (999) 123-45-67"
              mask={phoneMask}
            />
            <div className="form__actions">
              <Button type="submit" busy={busy}>
                {t("operator.search")}
              </Button>
            </div>
          </form>
        </section>
        {results ? (
          <section className="card section-card" aria-labelledby="results-title" aria-live="polite">
            <h2 id="results-title">{t("operator.resultsTitle", { count: results.length })}</h2>
            {results.length === 0 ? (
              <Alert tone="info" live={false}>
                <p>{t("operator.nothingFound")}</p>
              </Alert>
            ) : (
              <ul className="result-list">
                {results.map((item) => (
                  <li key={item.id} className="result-row">
                    <div>
                      <p className="result-row__name">
                        <Link to={`/operator/accounts/${item.id}`}>{fullName(item)}</Link>
                      </p>
                      <p className="muted">
                        {formatPhone(item.phone)} · {t("operator.registeredOn", { date: formatDate(item.created_at, { locale }) })} ·{" "}
                        {t("operator.documentsCount", { count: item.documents_count })}
                      </p>
                    </div>
                    <LevelBadge level={item.level} />
                  </li>
                ))}
              </ul>
            )}
          </section>
        ) : null}
      </div>
    </div>
  );
}
