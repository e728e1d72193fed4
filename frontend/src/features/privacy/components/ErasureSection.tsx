import { useState } from "react";
import { useTranslation } from "react-i18next";

import { Alert } from "@/components/ui/Alert";
import { Button } from "@/components/ui/Button";
import { PasswordField } from "@/components/ui/PasswordField";
import { ProblemAlert } from "@/components/ui/ProblemAlert";
import { ApiProblem } from "@/lib/api";
import { formatDate } from "@/lib/format";
import { useForm } from "@/lib/forms";
import { currentLanguage } from "@/lib/i18n";

import { useCancelErasure, useErasure, useRequestErasure, type Erasure } from "../api/privacy-api";

type Item = Erasure["statement"]["kept"][number];

function Items({ items, explain }: { items: Item[]; explain?: boolean }) {
  const { t } = useTranslation();
  return (
    <ul className="privacy-list">
      {items.map((item) => (
        <li key={item.what}>
          {item.what}
          {item.count ? ` (${item.count})` : ""}
          {explain && item.why ? (
            <>
              <br />
              <span className="muted">
                {t("privacy.why")}: {item.why}
              </span>
              <br />
              <span className="muted">
                {t("privacy.period")}: {item.period}
              </span>
            </>
          ) : null}
        </li>
      ))}
    </ul>
  );
}

/** What is deleted, what kept and why — before the person confirms and after. */
export function Statement({ statement }: { statement: Erasure["statement"] }) {
  const { t } = useTranslation();
  return (
    <div className="stack">
      <h3>{t("privacy.deletedTitle")}</h3>
      <Items items={[...statement.deleted, ...statement.withdrawn]} />
      <h3>{t("privacy.keptTitle")}</h3>
      <Items items={statement.kept} explain />
    </div>
  );
}

function RequestForm() {
  const { t } = useTranslation();
  const request = useRequestErasure();
  const [failure, setFailure] = useState<unknown>(null);
  const form = useForm<"password">({
    initial: { password: "" },
    fields: ["password"],
    validate: { password: (v) => (v ? null : t("privacy.passwordRequired")) },
  });
  const submit = form.handleSubmit(async ({ password }) => {
    setFailure(null);
    try {
      await request.mutateAsync(password);
    } catch (error) {
      const mapped = form.applyProblem(error, { password: "password" });
      if (mapped.general || !(error instanceof ApiProblem)) setFailure(error);
    }
  });
  return (
    <form ref={form.formRef} onSubmit={submit} noValidate className="form">
      {failure ? <ProblemAlert error={failure} /> : null}
      <PasswordField {...form.bind("password")} label={t("privacy.password")} autoComplete="current-password" hint={t("privacy.passwordHint")} />
      <div className="form__actions">
        <Button type="submit" variant="danger" busy={request.isPending}>
          {t("privacy.eraseSubmit")}
        </Button>
      </div>
    </form>
  );
}

/** «Удалить учётную запись»: after 14 days, cancelable until then. */
export function ErasureSection() {
  const { t } = useTranslation();
  const erasure = useErasure();
  const cancel = useCancelErasure();
  const scheduled = erasure.data?.status === "scheduled" ? erasure.data : null;
  return (
    <section className="card section-card" aria-labelledby="erasure-title">
      <h2 id="erasure-title">{t("privacy.eraseTitle")}</h2>
      {erasure.error ? <ProblemAlert error={erasure.error} /> : null}
      {scheduled ? (
        <>
          <Alert tone="warning" live={false} title={t("privacy.scheduledTitle", { date: formatDate(scheduled.execute_after, { locale: currentLanguage() }) })}>
            <p>{t("privacy.scheduledText")}</p>
          </Alert>
          <Statement statement={scheduled.statement} />
          {cancel.error ? <ProblemAlert error={cancel.error} /> : null}
          <div className="form__actions">
            <Button busy={cancel.isPending} onClick={() => cancel.mutate()}>
              {t("privacy.cancelErasure")}
            </Button>
          </div>
        </>
      ) : (
        <>
          {erasure.data?.status === "cancelled" ? (
            <Alert tone="success" live={false}>
              <p>{t("privacy.cancelled")}</p>
            </Alert>
          ) : null}
          <p>{t("privacy.eraseLead")}</p>
          <p>{t("privacy.eraseKept")}</p>
          <RequestForm />
        </>
      )}
    </section>
  );
}
