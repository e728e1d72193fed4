import { queryOptions, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";

import type { components } from "@/api/generated/schema";
import { api, unwrap } from "@/lib/api";

export type Application = components["schemas"]["ApplicationOut"];
export type ApplicationItem = components["schemas"]["ApplicationListItem"];
export type ApplicationPatch = components["schemas"]["ApplicationPatch"];
export type ApplicationCreate = components["schemas"]["ApplicationCreate"];
export type SubmitAnswer = components["schemas"]["SubmitOut"];
export type HistoryEntry = components["schemas"]["HistoryEntry"];
export type Child = components["schemas"]["ChildOut"];
export type School = components["schemas"]["SchoolOut"];
export type SchoolClass = components["schemas"]["SchoolClassOut"];
export type ClassCheck = components["schemas"]["ClassCheckOut"];
export type Consent = components["schemas"]["ConsentDocumentOut"];
export type MyDocument = components["schemas"]["DocumentOut"];

export const PAGE_SIZE = 20;

export const applicationKeys = {
  all: ["applications"] as const,
  list: (limit: number) => ["applications", "list", limit] as const,
  one: (id: string) => ["applications", "one", id] as const,
};

export const applicationsQuery = (limit = PAGE_SIZE) =>
  queryOptions({
    queryKey: applicationKeys.list(limit),
    queryFn: async ({ signal }) =>
      unwrap(await api.GET("/api/v1/applications", { params: { query: { limit } }, signal })),
  });

export const applicationQuery = (id: string) =>
  queryOptions({
    queryKey: applicationKeys.one(id),
    queryFn: async ({ signal }) =>
      unwrap(await api.GET("/api/v1/applications/{application_id}", { params: { path: { application_id: id } }, signal })),
  });

export function useApplications(limit = PAGE_SIZE) {
  return useQuery(applicationsQuery(limit));
}

export function useApplication(id: string) {
  return useQuery(applicationQuery(id));
}

export async function createApplication(body: ApplicationCreate): Promise<Application> {
  return unwrap(await api.POST("/api/v1/applications", { body }));
}

export async function patchApplication(id: string, body: ApplicationPatch): Promise<Application> {
  return unwrap(
    await api.PATCH("/api/v1/applications/{application_id}", { params: { path: { application_id: id } }, body }),
  );
}

export async function submitApplication(id: string): Promise<SubmitAnswer> {
  return unwrap(
    await api.POST("/api/v1/applications/{application_id}/submit", { params: { path: { application_id: id } } }),
  );
}

/** After any change: the list and the application itself are read again. */
function useStore() {
  const queryClient = useQueryClient();
  return (application: Application) => {
    queryClient.setQueryData(applicationKeys.one(application.id), application);
    void queryClient.invalidateQueries({ queryKey: ["applications", "list"] });
  };
}

export function useApplicantAction(id: string) {
  const store = useStore();
  return useMutation({
    mutationFn: async (
      action:
        | { kind: "reply" | "appeal"; comment: string; attachment_ids: string[] }
        | { kind: "withdraw"; comment?: string },
    ): Promise<Application> => {
      const path = { params: { path: { application_id: id } } };
      if (action.kind === "withdraw") {
        return unwrap(
          await api.POST("/api/v1/applications/{application_id}/withdraw", {
            ...path,
            body: action.comment ? { comment: action.comment } : {},
          }),
        );
      }
      const body = { comment: action.comment, attachment_ids: action.attachment_ids };
      return action.kind === "reply"
        ? unwrap(await api.POST("/api/v1/applications/{application_id}/reply", { ...path, body }))
        : unwrap(await api.POST("/api/v1/applications/{application_id}/appeal", { ...path, body }));
    },
    onSuccess: store,
  });
}

// ---- what the wizard reads ---------------------------------------------------------

export function useChildren() {
  return useQuery({
    queryKey: ["children"],
    queryFn: async ({ signal }) =>
      unwrap(await api.GET("/api/v1/me/children", { params: { query: { limit: 100 } }, signal })),
  });
}

export function useMyDocuments() {
  return useQuery({
    queryKey: ["documents"],
    queryFn: async ({ signal }) =>
      unwrap(await api.GET("/api/v1/me/documents", { params: { query: { limit: 100 } }, signal })),
  });
}

export function useSchool(id: string | null) {
  return useQuery({
    queryKey: ["schools", "one", id],
    queryFn: async ({ signal }) =>
      unwrap(await api.GET("/api/v1/schools/{school_id}", { params: { path: { school_id: id! } }, signal })),
    enabled: !!id,
    staleTime: 5 * 60_000,
  });
}

export function useClasses(schoolId: string | null) {
  return useQuery({
    queryKey: ["schools", "classes", schoolId],
    queryFn: async ({ signal }) =>
      unwrap(await api.GET("/api/v1/schools/{school_id}/classes", { params: { path: { school_id: schoolId! } }, signal })),
    enabled: !!schoolId,
    staleTime: 5 * 60_000,
  });
}

export async function checkClass(schoolId: string, grade: number, letter: string): Promise<ClassCheck> {
  return unwrap(
    await api.POST("/api/v1/schools/{school_id}/classes/check", {
      params: { path: { school_id: schoolId } },
      body: { grade, letter },
    }),
  );
}

export function useConsent() {
  return useQuery({
    queryKey: ["consents", "current"],
    queryFn: async ({ signal }) => unwrap(await api.GET("/api/v1/consents/current", { signal })),
    staleTime: 10 * 60_000,
  });
}
