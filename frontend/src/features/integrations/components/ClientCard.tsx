import { useState } from "react";
import { useTranslation } from "react-i18next";

import { Button } from "@/components/ui/Button";
import { ConfirmDialog } from "@/components/ui/ConfirmDialog";
import { ProblemAlert } from "@/components/ui/ProblemAlert";
import { StatusBadge } from "@/components/ui/StatusBadge";
import type { StatusTone } from "@/lib/application-status";
import { formatDateTime } from "@/lib/format";

import {
  isScope,
  SCOPE_LABELS,
  useAccessLog,
  useRevokeClient,
  useRotateSecret,
  useUpdateClient,
  type CreatedClient,
  type IntegrationClient,
} from "../api/integrations";

import { ClientForm } from "./ClientForm";
import { WebhooksPanel } from "./WebhooksPanel";

const TONES: Record<IntegrationClient["status"], StatusTone> = { active: "ok", revoked: "closed", expired: "neutral" };
const GRACE_HOURS = [0, 24, 72, 168] as const;

/** One client: what it may read, when it last called, and what an admin can do with it. */
export function ClientCard({ client, onSecret }: { client: IntegrationClient; onSecret: (created: CreatedClient) => void }) {
  const { t, i18n } = useTranslation();
  const [mode, setMode] = useState<"view" | "edit" | "rotate" | "revoke">("view");
  const [showLog, setShowLog] = useState(false);
  const [showHooks, setShowHooks] = useState(false);
  const [grace, setGrace] = useState<number>(24);
  const [reason, setReason] = useState("");
  const update = useUpdateClient(client.id);
  const rotate = useRotateSecret(client.id);
  const revoke = useRevokeClient(client.id);
  const log = useAccessLog(client.id, showLog);
  const active = client.status === "active";
  const lang = { locale: i18n.language };

  return (
    <li className="card integrations__client">
      <h2 className="integrations__name">
        {client.name} <StatusBadge tone={TONES[client.status]}>{t(`integrations.status.${client.status}`)}</StatusBadge>
      </h2>
      <dl className="integrations__facts">
        <dt>{t("integrations.fields.clientId")}</dt>
        <dd>
          <code>{client.client_id}</code>
        </dd>
        <dt>{t("integrations.fields.secret")}</dt>
        <dd>
          <code>{client.secret_hint}</code>
        </dd>
        <dt>{t("integrations.fields.lastUsed")}</dt>
        <dd>{client.last_used_at ? formatDateTime(client.last_used_at, lang) : t("integrations.neverUsed")}</dd>
        <dt>{t("integrations.fields.scopes")}</dt>
        <dd>{client.scopes.map((s) => (isScope(s) ? t(SCOPE_LABELS[s]) : s)).join("; ")}</dd>
        <dt>{t("integrations.fields.rateLimit")}</dt>
        <dd>{client.rate_limit_per_minute}</dd>
      </dl>
      {mode === "edit" ? (
        <ClientForm
          editing
          initial={{ name: client.name, legal_basis: client.legal_basis, scopes: client.scopes.filter(isScope), rate_limit_per_minute: client.rate_limit_per_minute }}
          busy={update.isPending}
          error={update.error}
          onCancel={() => setMode("view")}
          onSubmit={(values) =>
            update.mutate(
              { name: values.name, scopes: values.scopes, rate_limit_per_minute: values.rate_limit_per_minute },
              { onSuccess: () => setMode("view") },
            )
          }
        />
      ) : null}
      {/* On a phone the stack keeps this order (edit on top, the irreversible revoke last),
          not the forms' reversed one; the log and webhooks toggles are a row of their own. */}
      <div className="form__actions integrations__actions">
        {active ? (
          <>
            <Button variant="secondary" onClick={() => setMode("edit")}>
              {t("integrations.actions.edit")}
            </Button>
            <Button variant="secondary" onClick={() => setMode("rotate")}>
              {t("integrations.actions.rotate")}
            </Button>
            <Button variant="danger" onClick={() => setMode("revoke")}>
              {t("integrations.actions.revoke")}
            </Button>
          </>
        ) : null}
      </div>
      <div className="integrations__toggles">
        <Button variant="link" aria-expanded={showLog} onClick={() => setShowLog(!showLog)}>
          {t("integrations.actions.log")}
        </Button>
        <Button variant="link" aria-expanded={showHooks} onClick={() => setShowHooks(!showHooks)}>
          {t("integrations.actions.webhooks")}
        </Button>
      </div>
      {showHooks ? (
        <section aria-label={t("integrations.webhooks.title")}>
          <h3 className="integrations__subtitle">{t("integrations.webhooks.title")}</h3>
          <WebhooksPanel clientId={client.id} />
        </section>
      ) : null}
      {showLog ? (
        <section className="integrations__log-section" aria-label={t("integrations.log.title")}>
          <p className="integrations__hint">{t("integrations.log.hint")}</p>
          {log.isError ? <ProblemAlert error={log.error} /> : null}
          {log.data && log.data.items.length === 0 ? <p>{t("integrations.log.empty")}</p> : null}
          {log.data && log.data.items.length > 0 ? (
            <table className="integrations__log">
              <thead>
                <tr>
                  <th scope="col">{t("integrations.log.at")}</th>
                  <th scope="col">{t("integrations.log.object")}</th>
                  <th scope="col">{t("integrations.log.count")}</th>
                </tr>
              </thead>
              <tbody>
                {log.data.items.map((event) => (
                  <tr key={event.id}>
                    <td>{formatDateTime(event.at, lang)}</td>
                    <td>
                      {event.action === "integration.write" ? t("integrations.log.write") : t("integrations.log.read")}:{" "}
                      {t(`integrations.log.objects.${event.object_type}`, { defaultValue: event.object_type })}
                    </td>
                    <td data-label={t("integrations.log.count")}>
                      {typeof event.details.count === "number" ? event.details.count : "—"}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : null}
        </section>
      ) : null}
      <ConfirmDialog
        open={mode === "rotate"}
        title={t("integrations.rotate.title")}
        confirmLabel={t("integrations.rotate.confirm")}
        busy={rotate.isPending}
        onCancel={() => setMode("view")}
        onConfirm={() =>
          rotate.mutate(grace, {
            onSuccess: (created) => {
              setMode("view");
              onSecret(created);
            },
          })
        }
      >
        <p>{t("integrations.rotate.text")}</p>
        <label className="field">
          <span className="field__label">{t("integrations.rotate.grace")}</span>
          <select className="input" value={grace} onChange={(event) => setGrace(Number(event.target.value))}>
            {GRACE_HOURS.map((hours) => (
              <option key={hours} value={hours}>
                {t(`integrations.rotate.hours_${hours}`)}
              </option>
            ))}
          </select>
        </label>
        {rotate.error ? <ProblemAlert error={rotate.error} /> : null}
      </ConfirmDialog>
      <ConfirmDialog
        open={mode === "revoke"}
        tone="danger"
        title={t("integrations.revoke.title", { name: client.name })}
        confirmLabel={t("integrations.revoke.confirm")}
        busy={revoke.isPending}
        onCancel={() => setMode("view")}
        onConfirm={() => revoke.mutate(reason.trim(), { onSuccess: () => setMode("view") })}
      >
        <p>{t("integrations.revoke.text")}</p>
        <label className="field">
          <span className="field__label">{t("integrations.revoke.reason")}</span>
          <input className="input" value={reason} maxLength={500} onChange={(event) => setReason(event.target.value)} />
        </label>
        {revoke.error ? <ProblemAlert error={revoke.error} /> : null}
      </ConfirmDialog>
    </li>
  );
}
