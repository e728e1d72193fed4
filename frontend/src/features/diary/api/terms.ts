import { queryOptions, useQuery } from "@tanstack/react-query";

import { api, unwrap } from "@/lib/api";

import type { StudentTerms } from "./types";

/** GET /students/{id}/terms: the school's quarters (trimesters, halves) of the current year. */
export const termsQuery = (studentId: string) =>
  queryOptions({
    queryKey: ["diary", "terms", studentId],
    queryFn: async ({ signal }): Promise<StudentTerms> =>
      unwrap(
        await api.GET("/api/v1/students/{student_id}/terms", {
          params: { path: { student_id: studentId } },
          signal,
        }),
      ),
    // A school's calendar changes a few times a year.
    staleTime: 60 * 60_000,
  });

export function useTerms(studentId: string) {
  return useQuery(termsQuery(studentId));
}
