import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";

import type { components } from "@/api/generated/schema";
import { api, unwrap } from "@/lib/api";

export type Meeting = components["schemas"]["Meeting"];
export type MeetingSlot = components["schemas"]["Slot"];

const key = (studentId: string) => ["diary", "meetings", studentId] as const;

/** GET /students/{id}/meetings: the class's meetings with a slot still ahead. */
export function useStudentMeetings(studentId: string, enabled = true) {
  return useQuery({
    queryKey: key(studentId),
    enabled,
    queryFn: async ({ signal }) =>
      unwrap(
        await api.GET("/api/v1/students/{student_id}/meetings", {
          params: { path: { student_id: studentId }, query: { limit: 200 } },
          signal,
        }),
      ).items,
  });
}

/** Book a slot for the child, or cancel the booking; the list is re-read either way (a
 * refused booking means someone else was quicker: the page must show the slot taken). */
export function useBooking(studentId: string) {
  const client = useQueryClient();
  const settle = () => client.invalidateQueries({ queryKey: key(studentId) });
  const book = useMutation({
    mutationFn: async (slotId: string) =>
      unwrap(
        await api.POST("/api/v1/meeting-slots/{slot_id}/booking", {
          params: { path: { slot_id: slotId } },
          body: { student_id: studentId },
        }),
      ),
    onSettled: settle,
  });
  const cancel = useMutation({
    mutationFn: async (slotId: string) =>
      unwrap(
        await api.DELETE("/api/v1/meeting-slots/{slot_id}/booking", {
          params: { path: { slot_id: slotId } },
        }),
      ),
    onSettled: settle,
  });
  return { book, cancel };
}
