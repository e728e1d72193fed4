/** An export job (`/exports/{id}`): one resource, whichever feature ordered it — a report
 * file (reports) or the copy of one's personal data (privacy). Polled while it is made,
 * then downloaded with the token. */
import { useQuery } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";

import type { components } from "@/api/generated/schema";
import { api, unwrap } from "@/lib/api";

export type ExportJob = components["schemas"]["ExportOut"];

/** The cache key of one export: the ordering mutation seeds it, the poll reads it. */
export function exportKey(id: string | null) {
  return ["exports", id] as const;
}

/** Whether an export is still being made (the SPA keeps polling it). */
export function isExportRunning(item: ExportJob | undefined): boolean {
  return item?.status === "queued" || item?.status === "running";
}

/** GET /exports/{id}, polled every second while the file is being made. */
export function useExport(id: string | null) {
  return useQuery({
    queryKey: exportKey(id),
    enabled: id !== null,
    queryFn: async ({ signal }): Promise<ExportJob> =>
      unwrap(await api.GET("/api/v1/exports/{export_id}", { params: { path: { export_id: id ?? "" } }, signal })),
    refetchInterval: (query) => (isExportRunning(query.state.data) ? 1000 : false),
  });
}

/** The file (a signed-in download: fetched with the token, then saved under its name;
 * ``stem`` names it when the server gave no name). */
export async function downloadExport(item: ExportJob, stem: string): Promise<void> {
  const answer = await api.GET("/api/v1/exports/{export_id}/file", {
    params: { path: { export_id: item.id } },
    parseAs: "blob",
  });
  const url = URL.createObjectURL(unwrap(answer) as Blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = item.file_name ?? `${stem}.${item.format}`;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** Follows the export ``follow(id)`` names and saves its file once, when it is made
 * («Скачать ещё раз» calls ``save`` again); a failed download is kept in ``downloadError``. */
export function useExportDownload(stem: string) {
  const [exportId, follow] = useState<string | null>(null);
  const item = useExport(exportId);
  const [downloadError, setDownloadError] = useState<unknown>(null);
  const saved = useRef<string | null>(null);

  async function save(done: ExportJob) {
    setDownloadError(null);
    try {
      await downloadExport(done, stem);
    } catch (error) {
      setDownloadError(error);
    }
  }

  useEffect(() => {
    const data = item.data;
    if (data?.status === "done" && saved.current !== data.id) {
      saved.current = data.id;
      void save(data);
    }
  }, [item.data]);

  return { item, follow, save, downloadError };
}
