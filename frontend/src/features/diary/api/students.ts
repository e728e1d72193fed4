import { queryOptions, useQuery } from "@tanstack/react-query";

import { api, unwrap } from "@/lib/api";

import type { MyStudent } from "./types";

/** GET /api/v1/me/students: a parent's children, or the student themself. */
export const myStudentsQuery = () =>
  queryOptions({
    queryKey: ["diary", "students"],
    queryFn: async ({ signal }): Promise<MyStudent[]> =>
      unwrap(await api.GET("/api/v1/me/students", { signal })),
    staleTime: 5 * 60_000,
  });

export function useMyStudents() {
  return useQuery(myStudentsQuery());
}
