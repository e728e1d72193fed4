import { queryOptions, useQuery } from "@tanstack/react-query";

import { api, unwrap } from "@/lib/api";

import type { SchoolEvent } from "./types";

/** GET /students/{id}/events: the coming month (the server's default period). */
export const upcomingEventsQuery = (studentId: string) =>
  queryOptions({
    queryKey: ["diary", "events", studentId],
    queryFn: async ({ signal }): Promise<SchoolEvent[]> =>
      unwrap(
        await api.GET("/api/v1/students/{student_id}/events", {
          params: { path: { student_id: studentId } },
          signal,
        }),
      ).items,
    staleTime: 5 * 60_000,
  });

export function useUpcomingEvents(studentId: string) {
  return useQuery(upcomingEventsQuery(studentId));
}
