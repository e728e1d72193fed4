import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";

import type { components } from "@/api/generated/schema";
import { api, unwrap } from "@/lib/api";

export type IntegrationClient = components["schemas"]["ClientOut"];
export type CreatedClient = components["schemas"]["ClientCreated"];
export type NewClient = components["schemas"]["ClientIn"];
export type ClientChange = components["schemas"]["ClientPatch"];

export type Scope = NewClient["scopes"][number];

const OR = "https://purl.imsglobal.org/spec/or/v1p2/scope/";

/** The contract's scopes (docs/integrations.md) with their labels, in the order the form lists them. */
export const SCOPE_LABELS = {
  "edudiary:schedule.readonly": "integrations.scopes.schedule_readonly",
  "edudiary:homework.readonly": "integrations.scopes.homework_readonly",
  "edudiary:attendance.readonly": "integrations.scopes.attendance_readonly",
  "edudiary:applications.readonly": "integrations.scopes.applications_readonly",
  "edudiary:guardians.readonly": "integrations.scopes.guardians_readonly",
  "edudiary:webhooks.manage": "integrations.scopes.webhooks_manage",
  [`${OR}roster-core.readonly`]: "integrations.scopes.roster-core_readonly",
  [`${OR}roster.readonly`]: "integrations.scopes.roster_readonly",
  [`${OR}roster-demographics.readonly`]: "integrations.scopes.roster-demographics_readonly",
  [`${OR}gradebook.readonly`]: "integrations.scopes.gradebook_readonly",
  [`${OR}gradebook.createput`]: "integrations.scopes.gradebook_createput",
  [`${OR}gradebook.delete`]: "integrations.scopes.gradebook_delete",
} as const satisfies Record<Scope, string>;

export const SCOPES = Object.keys(SCOPE_LABELS) as Scope[];

export function isScope(value: string): value is Scope {
  return Object.hasOwn(SCOPE_LABELS, value);
}

const KEY = ["integration-clients"] as const;

export function useClients() {
  return useQuery({
    queryKey: [...KEY, "list"],
    queryFn: async ({ signal }) =>
      unwrap(await api.GET("/api/v1/integration-clients", { params: { query: { limit: 200 } }, signal })),
  });
}

export function useAccessLog(id: string, enabled: boolean) {
  return useQuery({
    queryKey: [...KEY, "log", id],
    enabled,
    queryFn: async ({ signal }) =>
      unwrap(
        await api.GET("/api/v1/integration-clients/{client_uuid}/access-log", {
          params: { path: { client_uuid: id }, query: { limit: 50 } },
          signal,
        }),
      ),
  });
}

function useRefresh() {
  const queryClient = useQueryClient();
  return () => void queryClient.invalidateQueries({ queryKey: [...KEY, "list"] });
}

export function useCreateClient() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: async (body: NewClient) => unwrap(await api.POST("/api/v1/integration-clients", { body })),
    onSuccess: refresh,
  });
}

export function useUpdateClient(id: string) {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: async (body: ClientChange) =>
      unwrap(await api.PATCH("/api/v1/integration-clients/{client_uuid}", { params: { path: { client_uuid: id } }, body })),
    onSuccess: refresh,
  });
}

export function useRotateSecret(id: string) {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: async (graceHours: number) =>
      unwrap(
        await api.POST("/api/v1/integration-clients/{client_uuid}/rotate-secret", {
          params: { path: { client_uuid: id } },
          body: { grace_period_hours: graceHours },
        }),
      ),
    onSuccess: refresh,
  });
}

export function useRevokeClient(id: string) {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: async (reason: string) =>
      unwrap(
        await api.POST("/api/v1/integration-clients/{client_uuid}/revoke", {
          params: { path: { client_uuid: id } },
          body: reason ? { reason } : {},
        }),
      ),
    onSuccess: refresh,
  });
}
