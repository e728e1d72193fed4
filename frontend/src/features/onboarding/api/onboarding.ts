import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";

import type { components } from "@/api/generated/schema";
import { api, unwrap } from "@/lib/api";

export type RosterImport = components["schemas"]["ImportOut"];
export type ImportSummary = components["schemas"]["ImportSummary"];
export type EntityCounts = components["schemas"]["EntityCounts"];
export type RejectedRow = components["schemas"]["ImportErrorOut"];
export type ImportMode = RosterImport["mode"];

/** The summary's entities in the order a deputy head reads them. */
export const ENTITIES = [
  "classes",
  "students",
  "guardians",
  "teachers",
  "teaching_assignments",
  "enrollments",
  "academic_sessions",
] as const satisfies readonly (keyof ImportSummary)[];

export const OUTCOMES = ["created", "updated", "unchanged", "rejected"] as const satisfies readonly (keyof EntityCounts)[];

export const ACCEPT = ".zip,.xlsx,application/zip,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
export const MAX_SIZE = 20 * 1024 * 1024;

const KEY = ["roster-imports"] as const;

export function isRunning(item: RosterImport | undefined): boolean {
  return item?.status === "queued" || item?.status === "running";
}

/** One import, polled every second while the job works on it. */
export function useImport(id: string | null) {
  return useQuery({
    queryKey: [...KEY, id],
    enabled: id !== null,
    queryFn: async ({ signal }) =>
      unwrap(await api.GET("/api/v1/imports/{import_id}", { params: { path: { import_id: id ?? "" } }, signal })),
    refetchInterval: (query) => (isRunning(query.state.data) ? 1000 : false),
  });
}

export function useRejectedRows(id: string, enabled: boolean, limit: number) {
  return useQuery({
    queryKey: [...KEY, id, "errors", limit],
    enabled,
    queryFn: async ({ signal }) =>
      unwrap(
        await api.GET("/api/v1/imports/{import_id}/errors", {
          params: { path: { import_id: id }, query: { limit, offset: 0 } },
          signal,
        }),
      ),
  });
}

export function useUpload(schoolId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ file, mode }: { file: File; mode: ImportMode }) =>
      unwrap(
        await api.POST("/api/v1/schools/{school_id}/imports", {
          params: { path: { school_id: schoolId } },
          body: { file: "", mode },
          bodySerializer: () => {
            const form = new FormData();
            form.append("mode", mode);
            form.append("file", file);
            return form;
          },
        }),
      ),
    onSuccess: (item) => queryClient.setQueryData([...KEY, item.id], item),
  });
}

export function useApply(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (skipInvalid: boolean) =>
      unwrap(
        await api.POST("/api/v1/imports/{import_id}/apply", {
          params: { path: { import_id: id } },
          body: { skip_invalid: skipInvalid },
        }),
      ),
    onSuccess: (item) => queryClient.setQueryData([...KEY, item.id], item),
  });
}

function save(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = name;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** The XLSX template (a signed-in download: fetched, then saved). */
export async function downloadTemplate(): Promise<void> {
  const answer = await api.GET("/api/v1/imports/template.xlsx", { parseAs: "blob" });
  save(unwrap(answer) as Blob, "shablon-shkoly.xlsx");
}

export async function downloadRoster(schoolId: string): Promise<void> {
  const answer = await api.GET("/api/v1/schools/{school_id}/oneroster.zip", {
    params: { path: { school_id: schoolId } },
    parseAs: "blob",
  });
  save(unwrap(answer) as Blob, "oneroster.zip");
}
