import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";

import { api, unwrap } from "@/lib/api";

import type { AbsenceNote, AttendanceOut } from "./types";
import type { DateRange } from "./homework";

/** GET /students/{id}/attendance: marks, newest first. */
export function useStudentAttendance(studentId: string, range: DateRange) {
  return useQuery({
    queryKey: ["diary", "attendance", studentId, range],
    queryFn: async ({ signal }) =>
      unwrap(
        await api.GET("/api/v1/students/{student_id}/attendance", {
          params: { path: { student_id: studentId }, query: { from: range.from, to: range.to, limit: 200 } },
          signal,
        }),
      ) as { items: AttendanceOut[]; total: number },
    placeholderData: keepPreviousData,
  });
}

const notesKey = (studentId: string) => ["diary", "absence-notes", studentId] as const;

/** GET /students/{id}/absence-notes. */
export function useAbsenceNotes(studentId: string) {
  return useQuery({
    queryKey: notesKey(studentId),
    queryFn: async ({ signal }): Promise<AbsenceNote[]> =>
      unwrap(
        await api.GET("/api/v1/students/{student_id}/absence-notes", {
          params: { path: { student_id: studentId } },
          signal,
        }),
      ),
  });
}

export interface AbsenceNoteInput {
  from: string;
  to: string;
  reason: string;
}

/** POST /students/{id}/absence-notes (a guardian). */
export function useFileAbsenceNote(studentId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (input: AbsenceNoteInput): Promise<AbsenceNote> =>
      unwrap(
        await api.POST("/api/v1/students/{student_id}/absence-notes", {
          params: { path: { student_id: studentId } },
          body: input,
        }),
      ),
    onSuccess: (note) => {
      queryClient.setQueryData<AbsenceNote[]>(notesKey(studentId), (list) => [note, ...(list ?? [])]);
    },
  });
}
