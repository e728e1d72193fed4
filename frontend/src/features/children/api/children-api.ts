import { queryOptions, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";

import type { components } from "@/api/generated/schema";
import { api, unwrap } from "@/lib/api";

export type Child = components["schemas"]["ChildOut"];
export type ChildBody = components["schemas"]["ChildIn"];
export type ChildPatch = components["schemas"]["ChildPatch"];

export const childrenQueryOptions = () =>
  queryOptions({
    queryKey: ["children"],
    queryFn: async ({ signal }) => unwrap(await api.GET("/api/v1/me/children", { params: { query: { limit: 100 } }, signal })),
  });

export function useChildren() {
  return useQuery(childrenQueryOptions());
}

function useRefreshChildren() {
  const queryClient = useQueryClient();
  return () => void queryClient.invalidateQueries({ queryKey: childrenQueryOptions().queryKey });
}

export function useCreateChild() {
  const refresh = useRefreshChildren();
  return useMutation({
    mutationFn: async (body: ChildBody) => unwrap(await api.POST("/api/v1/me/children", { body })),
    onSuccess: refresh,
  });
}

export function useUpdateChild() {
  const refresh = useRefreshChildren();
  return useMutation({
    mutationFn: async ({ id, body }: { id: string; body: ChildPatch }) =>
      unwrap(await api.PATCH("/api/v1/me/children/{child_id}", { params: { path: { child_id: id } }, body })),
    onSuccess: refresh,
  });
}

export function useDeleteChild() {
  const refresh = useRefreshChildren();
  return useMutation({
    mutationFn: async (id: string) =>
      unwrap(await api.DELETE("/api/v1/me/children/{child_id}", { params: { path: { child_id: id } } })),
    onSuccess: refresh,
  });
}
