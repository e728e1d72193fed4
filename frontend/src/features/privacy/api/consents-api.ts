import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";

import type { components } from "@/api/generated/schema";
import { api, unwrap } from "@/lib/api";

export type Consent = components["schemas"]["ConsentOut"];

const consentsKey = ["privacy", "consents"] as const;

/** GET /me/consents: the consents I gave in applications, with what relies on each. */
export function useConsents() {
  return useQuery({
    queryKey: consentsKey,
    queryFn: async ({ signal }): Promise<Consent[]> => unwrap(await api.GET("/api/v1/me/consents", { signal })).items,
  });
}

/** POST /me/consents/{id}/withdraw: what relied on it stops (the answer says what). */
export function useWithdrawConsent() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (id: string) =>
      unwrap(await api.POST("/api/v1/me/consents/{application_id}/withdraw", { params: { path: { application_id: id } } })),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: consentsKey });
      void queryClient.invalidateQueries({ queryKey: ["diary", "students"] });
    },
  });
}
