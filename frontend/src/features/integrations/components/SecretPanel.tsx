import { useState } from "react";
import { useTranslation } from "react-i18next";

import { Alert } from "@/components/ui/Alert";
import { Button } from "@/components/ui/Button";

import type { CreatedClient } from "../api/integrations";

/** The only time the secret is on screen: a copy button and a plain warning. */
export function SecretPanel({ created, onDone }: { created: CreatedClient; onDone: () => void }) {
  const { t } = useTranslation();
  const [copied, setCopied] = useState(false);
  return (
    <section className="card integrations__secret" aria-labelledby="secret-title">
      <h2 id="secret-title">{t("integrations.secret.title", { name: created.name })}</h2>
      <Alert tone="warning">{t("integrations.secret.warning")}</Alert>
      <dl className="integrations__facts">
        <dt>{t("integrations.fields.clientId")}</dt>
        <dd>
          <code>{created.client_id}</code>
        </dd>
        <dt>{t("integrations.fields.secret")}</dt>
        <dd>
          <code data-testid="client-secret">{created.client_secret}</code>
        </dd>
      </dl>
      <div className="form__actions">
        <Button
          variant="secondary"
          onClick={() => void navigator.clipboard?.writeText(created.client_secret).then(() => setCopied(true))}
        >
          {t("integrations.secret.copy")}
        </Button>
        <Button onClick={onDone}>{t("integrations.secret.done")}</Button>
      </div>
      <p role="status">{copied ? t("integrations.secret.copied") : ""}</p>
    </section>
  );
}
