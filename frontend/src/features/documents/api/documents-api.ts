import { queryOptions, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";

import type { components } from "@/api/generated/schema";
import { api, unwrap } from "@/lib/api";

import { uploadDocument, type UploadRequest } from "./upload-document";

export type DocumentItem = components["schemas"]["DocumentOut"];
type ChildItem = components["schemas"]["ChildOut"];

export const documentsQueryOptions = () =>
  queryOptions({
    queryKey: ["documents"],
    queryFn: async ({ signal }) => unwrap(await api.GET("/api/v1/me/documents", { params: { query: { limit: 100 } }, signal })),
  });

export function useDocuments() {
  return useQuery(documentsQueryOptions());
}

/** The children, to say whose birth certificate a scan is. */
export function useChildrenNames() {
  return useQuery({
    queryKey: ["children"],
    queryFn: async ({ signal }): Promise<{ items: ChildItem[] }> =>
      unwrap(await api.GET("/api/v1/me/children", { params: { query: { limit: 100 } }, signal })),
  });
}

export function useUploadDocument() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (request: UploadRequest) => uploadDocument(request),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: documentsQueryOptions().queryKey });
      // The next steps of the profile depend on which scans are there.
      void queryClient.invalidateQueries({ queryKey: ["verification"] });
    },
  });
}

export function useDeleteDocument() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (id: string) =>
      unwrap(await api.DELETE("/api/v1/me/documents/{document_id}", { params: { path: { document_id: id } } })),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: documentsQueryOptions().queryKey });
      void queryClient.invalidateQueries({ queryKey: ["verification"] });
    },
  });
}

/** The file itself, for «Скачать»: a Blob through the authenticated client. */
export async function downloadDocument(id: string): Promise<Blob> {
  const result = await api.GET("/api/v1/me/documents/{document_id}/content", {
    params: { path: { document_id: id } },
    parseAs: "blob",
  });
  return unwrap(result) as unknown as Blob;
}
