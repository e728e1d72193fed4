import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";

import type { components } from "@/api/generated/schema";
import { api, unwrap } from "@/lib/api";

export type AccountItem = components["schemas"]["OperatorAccountItem"];
export type AccountCard = components["schemas"]["OperatorAccountOut"];
export type ConfirmBody = components["schemas"]["ConfirmIn"];
export type IssuedCode = components["schemas"]["ConfirmationCodeOut"];

export async function searchAccounts(phone: string) {
  return unwrap(await api.GET("/api/v1/operator/accounts", { params: { query: { phone } } }));
}

const accountKey = (id: string) => ["operator", "account", id] as const;

export function useAccount(id: string) {
  return useQuery({
    queryKey: accountKey(id),
    queryFn: async ({ signal }): Promise<AccountCard> =>
      unwrap(await api.GET("/api/v1/operator/accounts/{account_id}", { params: { path: { account_id: id } }, signal })),
    // Personal data: always read afresh (every read is audited server-side).
    staleTime: 0,
    gcTime: 60_000,
  });
}

export function useConfirmAccount(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (body: ConfirmBody) =>
      unwrap(await api.POST("/api/v1/operator/accounts/{account_id}/confirm", { params: { path: { account_id: id } }, body })),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: accountKey(id) }),
  });
}

export function useIssueCode(id: string) {
  return useMutation({
    mutationFn: async (): Promise<IssuedCode> =>
      unwrap(await api.POST("/api/v1/operator/accounts/{account_id}/confirmation-code", { params: { path: { account_id: id } } })),
  });
}

export async function fetchDocument(accountId: string, documentId: string): Promise<Blob> {
  const result = await api.GET("/api/v1/operator/accounts/{account_id}/documents/{document_id}/content", {
    params: { path: { account_id: accountId, document_id: documentId } },
    parseAs: "blob",
  });
  return unwrap(result) as unknown as Blob;
}
