import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";

import type { components } from "@/api/generated/schema";
import { api, unwrap } from "@/lib/api";

export type ConnectionRequest = components["schemas"]["ConnectionRequestOut"];
export type ConnectionRequestIn = components["schemas"]["ConnectionRequestIn"];
export type ConnectionStatus = components["schemas"]["ConnectionRequestStatus"];
export type ConnectionDecision = components["schemas"]["ConnectionDecisionIn"];

export function useSchool(id: string) {
  return useQuery({
    queryKey: ["schools", "one", id],
    queryFn: async ({ signal }) =>
      unwrap(await api.GET("/api/v1/schools/{school_id}", { params: { path: { school_id: id } }, signal })),
    staleTime: 5 * 60_000,
  });
}

export function useMyConnectionRequests() {
  return useQuery({
    queryKey: ["connection-requests", "mine"],
    queryFn: async ({ signal }) =>
      unwrap(await api.GET("/api/v1/connection-requests", { params: { query: { limit: 100 } }, signal })),
  });
}

export function useCreateConnectionRequest() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (body: ConnectionRequestIn) => unwrap(await api.POST("/api/v1/connection-requests", { body })),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ["connection-requests"] }),
  });
}

/** Operators: every request, oldest first, by status and region. */
export function useAdminConnectionRequests(status: ConnectionStatus | null, region: string) {
  return useQuery({
    queryKey: ["connection-requests", "admin", status, region],
    queryFn: async ({ signal }) =>
      unwrap(
        await api.GET("/api/v1/admin/connection-requests", {
          params: { query: { status: status ?? undefined, region: region || undefined, limit: 100 } },
          signal,
        }),
      ),
    placeholderData: keepPreviousData,
  });
}

export function useDecideConnection() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ id, body }: { id: string; body: ConnectionDecision }) =>
      unwrap(
        await api.POST("/api/v1/admin/connection-requests/{request_id}/decision", {
          params: { path: { request_id: id } },
          body,
        }),
      ),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ["connection-requests"] }),
  });
}

/** The school's letter attached to a request, for the operator (the read is audited). */
export async function fetchRequestLetter(requestId: string): Promise<Blob> {
  const result = await api.GET("/api/v1/admin/connection-requests/{request_id}/letter", {
    params: { path: { request_id: requestId } },
    parseAs: "blob",
  });
  return unwrap(result) as unknown as Blob;
}
