import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";

import type { components } from "@/api/generated/schema";
import { ApiProblem, api, unwrap } from "@/lib/api";
import { exportKey } from "@/lib/exports";

export type DataExport = components["schemas"]["ExportOut"];
export type DataFormat = components["schemas"]["DataExportIn"]["format"];
export type Erasure = components["schemas"]["ErasureOut"];

/** POST /me/data-exports: a copy of everything held about me and my children (202). */
export function useCreateDataExport() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (format: DataFormat): Promise<DataExport> =>
      unwrap(await api.POST("/api/v1/me/data-exports", { body: { format } })),
    onSuccess: (item) => queryClient.setQueryData(exportKey(item.id), item),
  });
}

const erasureKey = ["privacy", "erasure"] as const;

/** GET /me/erasure: my latest request, or null when I never asked. */
export function useErasure() {
  return useQuery({
    queryKey: erasureKey,
    queryFn: async ({ signal }): Promise<Erasure | null> => {
      try {
        return unwrap(await api.GET("/api/v1/me/erasure", { signal }));
      } catch (error) {
        if (error instanceof ApiProblem && error.status === 404) return null;
        throw error;
      }
    },
  });
}

export function useRequestErasure() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (password: string): Promise<Erasure> =>
      unwrap(await api.POST("/api/v1/me/erasure", { body: { password } })),
    onSuccess: (item) => queryClient.setQueryData(erasureKey, item),
  });
}

export function useCancelErasure() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (): Promise<Erasure> => unwrap(await api.DELETE("/api/v1/me/erasure")),
    onSuccess: (item) => queryClient.setQueryData(erasureKey, item),
  });
}
