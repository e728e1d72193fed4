import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";

import type { components } from "@/api/generated/schema";
import { api, unwrap } from "@/lib/api";

export type MeetingIn = components["schemas"]["MeetingIn"];
export type MeetingSchedule = components["schemas"]["MeetingSchedule"];
export type EventIn = components["schemas"]["EventIn"];
export type EventKind = EventIn["kind"];

const SCHEDULES = ["events", "meeting-schedules"] as const;

/** The classes the caller runs (class teacher: theirs; administration: the school's). */
export function useMyClasses() {
  return useQuery({
    queryKey: ["events", "classes"],
    queryFn: async ({ signal }) => unwrap(await api.GET("/api/v1/me/classes", { signal })),
  });
}

/** The school (its time zone: meeting and event times are on the school's clock). */
export function useSchool(schoolId: string | null | undefined) {
  return useQuery({
    queryKey: ["events", "school", schoolId],
    queryFn: async ({ signal }) =>
      unwrap(await api.GET("/api/v1/schools/{school_id}", { params: { path: { school_id: schoolId! } }, signal })),
    enabled: !!schoolId,
    staleTime: 60 * 60_000,
  });
}

/** GET /meetings: the organiser's schedules — who booked which time. */
export function useMeetingSchedules() {
  return useQuery({
    queryKey: SCHEDULES,
    queryFn: async ({ signal }) =>
      unwrap(await api.GET("/api/v1/meetings", { params: { query: { limit: 200 } }, signal })).items,
    refetchInterval: 60_000,
  });
}

export function useCreateMeeting() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (body: MeetingIn) => unwrap(await api.POST("/api/v1/meetings", { body })),
    onSuccess: () => client.invalidateQueries({ queryKey: SCHEDULES }),
  });
}

export function useCreateEvent() {
  return useMutation({
    mutationFn: async (body: EventIn) => unwrap(await api.POST("/api/v1/events", { body })),
  });
}
