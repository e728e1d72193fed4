import { useState, type ReactNode } from "react";
import { useTranslation } from "react-i18next";

import { Button } from "@/components/ui/Button";
import { ProblemAlert } from "@/components/ui/ProblemAlert";
import { StatusBadge } from "@/components/ui/StatusBadge";
import type { StatusTone } from "@/lib/application-status";
import { formatDateTime } from "@/lib/format";

import { useClientWebhooks, useDeliveries, useDisableWebhook, useRedeliver, type ClientWebhook } from "../api/webhooks";

const HOOK_TONES: Record<ClientWebhook["status"], StatusTone> = { enabled: "ok", disabled: "closed", auto_disabled: "error" };
const DELIVERY_TONES = { pending: "neutral", succeeded: "ok", failed: "error" } as const satisfies Record<string, StatusTone>;

/** The client's webhooks: where events go, whether they arrive, and a second try. */
export function WebhooksPanel({ clientId }: { clientId: string }) {
  const { t } = useTranslation();
  const hooks = useClientWebhooks(clientId, true);
  const disable = useDisableWebhook(clientId);

  if (hooks.isError) return <ProblemAlert error={hooks.error} />;
  if (!hooks.data) return null;
  if (hooks.data.items.length === 0) return <p>{t("integrations.webhooks.empty")}</p>;
  return (
    <ul className="integrations__hooks">
      {hooks.data.items.map((hook) => (
        <li key={hook.id} className="integrations__hook">
          <p className="integrations__hook-url">
            <code>{hook.url}</code>{" "}
            <StatusBadge tone={HOOK_TONES[hook.status]}>{t(`integrations.webhooks.status.${hook.status}`)}</StatusBadge>
          </p>
          <p className="integrations__hook-types">{hook.event_types.join(", ")}</p>
          {hook.disabled_reason ? (
            <p>{t("integrations.webhooks.reason", { reason: t(`integrations.webhooks.reasons.${hook.disabled_reason}`, { defaultValue: hook.disabled_reason }) })}</p>
          ) : null}
          {disable.error && disable.variables === hook.id ? <ProblemAlert error={disable.error} /> : null}
          <DeliveryLog clientId={clientId} hook={hook}>
            {hook.status === "enabled" ? (
              <Button variant="secondary" busy={disable.isPending && disable.variables === hook.id} onClick={() => disable.mutate(hook.id)}>
                {t("integrations.webhooks.disable")}
              </Button>
            ) : null}
          </DeliveryLog>
        </li>
      ))}
    </ul>
  );
}

function DeliveryLog({ clientId, hook, children }: { clientId: string; hook: ClientWebhook; children?: ReactNode }) {
  const { t, i18n } = useTranslation();
  const [open, setOpen] = useState(false);
  const log = useDeliveries(clientId, hook.id, open);
  const redeliver = useRedeliver(clientId, hook.id);
  const lang = { locale: i18n.language };

  return (
    <>
      <div className="form__actions">
        {children}
        <Button variant="link" aria-expanded={open} onClick={() => setOpen(!open)}>
          {t("integrations.webhooks.log")}
        </Button>
      </div>
      {open ? (
        <section aria-label={t("integrations.webhooks.log")}>
          {log.isError ? <ProblemAlert error={log.error} /> : null}
          {redeliver.error ? <ProblemAlert error={redeliver.error} /> : null}
          {log.data && log.data.items.length === 0 ? <p>{t("integrations.webhooks.noDeliveries")}</p> : null}
          {log.data && log.data.items.length > 0 ? (
            <table className="integrations__log integrations__deliveries">
              <thead>
                <tr>
                  <th scope="col">{t("integrations.webhooks.at")}</th>
                  <th scope="col">{t("integrations.webhooks.event")}</th>
                  <th scope="col">{t("integrations.webhooks.result")}</th>
                  <th scope="col">{t("integrations.webhooks.attempts")}</th>
                  <th scope="col">
                    <span className="visually-hidden">{t("integrations.webhooks.redeliver")}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {log.data.items.map((delivery) => {
                  const last = delivery.attempts.at(-1);
                  return (
                    <tr key={delivery.id}>
                      <td data-label={t("integrations.webhooks.at")}>{formatDateTime(delivery.created_at, lang)}</td>
                      <td data-label={t("integrations.webhooks.event")}>
                        <code>{delivery.event_type}</code>
                      </td>
                      <td data-label={t("integrations.webhooks.result")}>
                        <StatusBadge tone={DELIVERY_TONES[delivery.status]}>{t(`integrations.webhooks.delivery.${delivery.status}`)}</StatusBadge>{" "}
                        {last ? (last.response_status !== null ? `HTTP ${last.response_status}` : (last.error ?? "")) : ""}
                        {delivery.status === "pending" && delivery.next_attempt_at ? (
                          <> · {t("integrations.webhooks.next", { at: formatDateTime(delivery.next_attempt_at, lang) })}</>
                        ) : null}
                      </td>
                      <td data-label={t("integrations.webhooks.attempts")}>{delivery.attempts.length}</td>
                      <td>
                        {hook.status === "enabled" && delivery.status !== "pending" ? (
                          <Button
                            variant="secondary"
                            busy={redeliver.isPending && redeliver.variables === delivery.id}
                            onClick={() => redeliver.mutate(delivery.id)}
                          >
                            {t("integrations.webhooks.redeliver")}
                          </Button>
                        ) : null}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          ) : null}
        </section>
      ) : null}
    </>
  );
}
