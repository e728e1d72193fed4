import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";

import type { components } from "@/api/generated/schema";
import { ApiProblem, api, unwrap } from "@/lib/api";

export type DataExport = components["schemas"]["ExportOut"];
export type DataFormat = components["schemas"]["DataExportIn"]["format"];
export type Erasure = components["schemas"]["ErasureOut"];

export function isRunning(item: DataExport | undefined): boolean {
  return item?.status === "queued" || item?.status === "running";
}

/** POST /me/data-exports: a copy of everything held about me and my children (202). */
export function useCreateDataExport() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (format: DataFormat): Promise<DataExport> =>
      unwrap(await api.POST("/api/v1/me/data-exports", { body: { format } })),
    onSuccess: (item) => queryClient.setQueryData(["privacy", "export", item.id], item),
  });
}

/** GET /exports/{id}, polled every second while the copy is being made. */
export function useDataExport(id: string | null) {
  return useQuery({
    queryKey: ["privacy", "export", id],
    enabled: id !== null,
    queryFn: async ({ signal }): Promise<DataExport> =>
      unwrap(await api.GET("/api/v1/exports/{export_id}", { params: { path: { export_id: id ?? "" } }, signal })),
    refetchInterval: (query) => (isRunning(query.state.data) ? 1000 : false),
  });
}

/** The file, fetched with the token and saved under its name. */
export async function downloadDataExport(item: DataExport): Promise<void> {
  const answer = await api.GET("/api/v1/exports/{export_id}/file", {
    params: { path: { export_id: item.id } },
    parseAs: "blob",
  });
  const url = URL.createObjectURL(unwrap(answer) as Blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = item.file_name ?? `personal-data.${item.format}`;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
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
