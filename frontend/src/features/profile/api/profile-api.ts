import { queryOptions, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";

import type { components } from "@/api/generated/schema";
import { api, unwrap } from "@/lib/api";
import { meQueryOptions, useSession } from "@/lib/auth/hooks";

export type Verification = components["schemas"]["VerificationOut"];
export type PassportBody = components["schemas"]["PassportIn"];

export const verificationQueryOptions = () =>
  queryOptions({
    queryKey: ["verification"],
    queryFn: async ({ signal }): Promise<Verification> => unwrap(await api.GET("/api/v1/me/verification", { signal })),
  });

export function useVerification() {
  const { status } = useSession();
  return useQuery({ ...verificationQueryOptions(), enabled: status === "signed-in" });
}

/** After a change of identity data: the new verification, and the level on /me with it. */
function useVerificationUpdate() {
  const queryClient = useQueryClient();
  return (verification: Verification) => {
    queryClient.setQueryData(verificationQueryOptions().queryKey, verification);
    void queryClient.invalidateQueries({ queryKey: meQueryOptions().queryKey });
  };
}

export function useSetSnils() {
  const update = useVerificationUpdate();
  return useMutation({
    mutationFn: async (snils: string) => unwrap(await api.PUT("/api/v1/me/snils", { body: { snils } })),
    onSuccess: update,
  });
}

export function useSetPassport() {
  const update = useVerificationUpdate();
  return useMutation({
    mutationFn: async (body: PassportBody) => unwrap(await api.PUT("/api/v1/me/passport", { body })),
    onSuccess: update,
  });
}

export function useEnterConfirmationCode() {
  const update = useVerificationUpdate();
  return useMutation({
    mutationFn: async (code: string) => unwrap(await api.POST("/api/v1/me/confirmation-code", { body: { code } })),
    onSuccess: update,
  });
}

/** POST /api/v1/me/email: sets the address (or the same one again) and sends the link. */
export function useSetEmail() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (email: string) => unwrap(await api.POST("/api/v1/me/email", { body: { email } })),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: meQueryOptions().queryKey }),
  });
}
