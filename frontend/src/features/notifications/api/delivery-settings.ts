import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";

import type { components } from "@/api/generated/schema";
import { api, unwrap } from "@/lib/api";

export type QuietHours = components["schemas"]["QuietHours"];
export type EmailDigest = components["schemas"]["EmailDigest"];

const QUIET = ["me", "quiet-hours"] as const;
const DIGEST = ["me", "email-digest"] as const;

/** GET/PUT /api/v1/me/quiet-hours: when push, SMS and e-mail wait (school's time). */
export function useQuietHours() {
  return useQuery({
    queryKey: QUIET,
    queryFn: async ({ signal }): Promise<QuietHours> => unwrap(await api.GET("/api/v1/me/quiet-hours", { signal })),
  });
}

export function useSaveQuietHours() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (body: QuietHours): Promise<QuietHours> => unwrap(await api.PUT("/api/v1/me/quiet-hours", { body })),
    onSuccess: (saved) => queryClient.setQueryData(QUIET, saved),
  });
}

/** GET/PUT /api/v1/me/email-digest: one letter a day instead of one per event. */
export function useEmailDigest() {
  return useQuery({
    queryKey: DIGEST,
    queryFn: async ({ signal }): Promise<EmailDigest> => unwrap(await api.GET("/api/v1/me/email-digest", { signal })),
  });
}

export function useSaveEmailDigest() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (enabled: boolean): Promise<EmailDigest> =>
      unwrap(await api.PUT("/api/v1/me/email-digest", { body: { enabled } })),
    onSuccess: (saved) => queryClient.setQueryData(DIGEST, saved),
  });
}
