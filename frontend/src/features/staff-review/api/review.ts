import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";

import type { components } from "@/api/generated/schema";
import { api, unwrap } from "@/lib/api";

export type Application = components["schemas"]["ApplicationOut"];
export type QueueItem = components["schemas"]["ApplicationListItem"];
export type ApplicationStatus = components["schemas"]["ApplicationStatus"];
export type DecisionIn = components["schemas"]["DecisionIn"];
export type ReasonCode = components["schemas"]["ReasonCode"];

export const QUEUE_PAGE = 50;

/** GET /api/v1/schools/{id}/applications?status=&overdue= — the school's queue, oldest deadline first. */
export function useQueue(schoolId: string | null, status: ApplicationStatus | null, overdue: boolean, limit = QUEUE_PAGE) {
  return useQuery({
    queryKey: ["staff-review", "queue", schoolId, status, overdue, limit],
    queryFn: async ({ signal }) =>
      unwrap(
        await api.GET("/api/v1/schools/{school_id}/applications", {
          params: {
            path: { school_id: schoolId! },
            query: { status: status ?? undefined, overdue: overdue ? true : undefined, limit },
          },
          signal,
        }),
      ),
    enabled: !!schoolId,
    placeholderData: keepPreviousData,
    // A queue: keep it fresh while the page is open.
    refetchInterval: 60_000,
  });
}

export function useReviewedApplication(id: string) {
  return useQuery({
    queryKey: ["staff-review", "one", id],
    queryFn: async ({ signal }) =>
      unwrap(await api.GET("/api/v1/applications/{application_id}", { params: { path: { application_id: id } }, signal })),
  });
}

export function useReasonCodes() {
  return useQuery({
    queryKey: ["applications", "reason-codes"],
    queryFn: async ({ signal }) => unwrap(await api.GET("/api/v1/applications/reason-codes", { signal })),
    staleTime: 60 * 60_000,
  });
}

/** POST /api/v1/applications/{id}/decisions; the queue and the application are read again after. */
export function useDecide(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (body: DecisionIn) =>
      unwrap(
        await api.POST("/api/v1/applications/{application_id}/decisions", {
          params: { path: { application_id: id } },
          body,
        }),
      ),
    onSuccess: (application) => {
      queryClient.setQueryData(["staff-review", "one", id], application);
      void queryClient.invalidateQueries({ queryKey: ["staff-review", "queue"] });
    },
  });
}

/** A document of the application or of the child, as a Blob (the read is audited). */
export async function fetchDocument(applicationId: string, documentId: string): Promise<Blob> {
  const result = await api.GET("/api/v1/applications/{application_id}/documents/{document_id}/content", {
    params: { path: { application_id: applicationId, document_id: documentId } },
    parseAs: "blob",
  });
  return unwrap(result) as unknown as Blob;
}
