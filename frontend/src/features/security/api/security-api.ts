import { queryOptions, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";

import type { components } from "@/api/generated/schema";
import { api, unwrap } from "@/lib/api";
import { meQueryOptions } from "@/lib/auth/hooks";

export type SessionItem = components["schemas"]["SessionOut"];
export type TotpSetup = components["schemas"]["TotpSetupOut"];

export const sessionsQueryOptions = () =>
  queryOptions({
    queryKey: ["sessions"],
    queryFn: async ({ signal }) => unwrap(await api.GET("/api/v1/me/sessions", { params: { query: { limit: 100 } }, signal })),
  });

export function useSessions() {
  return useQuery(sessionsQueryOptions());
}

export function useRevokeSessions() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (ids: string[]) => {
      for (const id of ids) {
        unwrap(await api.DELETE("/api/v1/me/sessions/{session_id}", { params: { path: { session_id: id } } }));
      }
    },
    onSettled: () => void queryClient.invalidateQueries({ queryKey: sessionsQueryOptions().queryKey }),
  });
}

function useSetMe() {
  const queryClient = useQueryClient();
  return (me: components["schemas"]["MeOut"]) => queryClient.setQueryData(meQueryOptions().queryKey, me);
}

export function useTotpSetup() {
  return useMutation({
    mutationFn: async (): Promise<TotpSetup> => unwrap(await api.POST("/api/v1/me/totp/setup", {})),
  });
}

export function useTotpConfirm() {
  const setMe = useSetMe();
  return useMutation({
    mutationFn: async (code: string) => unwrap(await api.POST("/api/v1/me/totp/confirm", { body: { code } })),
    onSuccess: setMe,
  });
}

export function useTotpDisable() {
  const setMe = useSetMe();
  return useMutation({
    mutationFn: async (code: string) => unwrap(await api.DELETE("/api/v1/me/totp", { body: { code } })),
    onSuccess: setMe,
  });
}

export function useSmsSetting() {
  const setMe = useSetMe();
  return useMutation({
    mutationFn: async (on: boolean) => unwrap(await api.PATCH("/api/v1/me/settings", { body: { mfa_sms_enabled: on } })),
    onSuccess: setMe,
  });
}
