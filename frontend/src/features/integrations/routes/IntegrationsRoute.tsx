import { useState } from "react";
import { useTranslation } from "react-i18next";

import { Button } from "@/components/ui/Button";
import { PageTitle } from "@/components/ui/PageTitle";
import { ProblemAlert } from "@/components/ui/ProblemAlert";
import { Skeleton } from "@/components/ui/Skeleton";

import { useClients, useCreateClient, type CreatedClient } from "../api/integrations";
import type { ClientFormValues } from "../components/ClientForm";
import { ClientCard } from "../components/ClientCard";
import { ClientForm } from "../components/ClientForm";
import { SecretPanel } from "../components/SecretPanel";

import "@/styles/records.css";
import "../integrations.css";

// No right ticked in advance: the admin grants each one knowingly (a platform that only
// reads grades should not get the timetable because a box was already checked).
const BLANK: ClientFormValues = { name: "", legal_basis: "", scopes: [], rate_limit_per_minute: 600 };

/** «Интеграции»: the school admin connects outside systems and keeps them in check. */
export default function IntegrationsRoute() {
  const { t } = useTranslation();
  const list = useClients();
  const create = useCreateClient();
  const [adding, setAdding] = useState(false);
  const [secret, setSecret] = useState<CreatedClient | null>(null);

  return (
    <div className="container page">
      <PageTitle title={t("integrations.title")} />
      <h1>{t("integrations.title")}</h1>
      <p>{t("integrations.intro")}</p>
      {secret ? <SecretPanel created={secret} onDone={() => setSecret(null)} /> : null}
      {adding ? (
        <ClientForm
          editing={false}
          initial={BLANK}
          busy={create.isPending}
          error={create.error}
          onCancel={() => setAdding(false)}
          onSubmit={(values) =>
            create.mutate(values, {
              onSuccess: (created) => {
                setAdding(false);
                setSecret(created);
              },
            })
          }
        />
      ) : (
        <Button onClick={() => setAdding(true)}>{t("integrations.actions.add")}</Button>
      )}
      {list.isPending ? (
        <Skeleton height="6rem" />
      ) : list.isError ? (
        <ProblemAlert error={list.error} />
      ) : list.data.items.length === 0 ? (
        <p className="card empty-card">{t("integrations.empty")}</p>
      ) : (
        <ul className="record-list integrations__list">
          {list.data.items.map((client) => (
            <ClientCard key={client.id} client={client} onSecret={setSecret} />
          ))}
        </ul>
      )}
    </div>
  );
}
