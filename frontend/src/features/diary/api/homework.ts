import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";

import { api, unwrap } from "@/lib/api";

import type { StudentHomework } from "./types";

export interface DateRange {
  from?: string;
  to?: string;
  /** «soonest»: what is due next first (current homework); else the latest due first. */
  order?: "soonest" | "latest";
}

/** GET /students/{id}/homework: by due date. */
export function useStudentHomework(studentId: string, range: DateRange) {
  return useQuery({
    queryKey: ["diary", "homework", studentId, range],
    queryFn: async ({ signal }) =>
      unwrap(
        await api.GET("/api/v1/students/{student_id}/homework", {
          params: { path: { student_id: studentId }, query: { from: range.from, to: range.to, order: range.order, limit: 100 } },
          signal,
        }),
      ) as { items: StudentHomework[]; total: number },
    placeholderData: keepPreviousData,
  });
}

/** PUT /students/{id}/homework/{hid}/done from the homework list. */
export function useToggleHomework(studentId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ homeworkId, done }: { homeworkId: string; done: boolean }) =>
      unwrap(
        await api.PUT("/api/v1/students/{student_id}/homework/{homework_id}/done", {
          params: { path: { student_id: studentId, homework_id: homeworkId } },
          body: { done },
        }),
      ),
    onSettled: () => {
      void queryClient.invalidateQueries({ queryKey: ["diary", "homework", studentId] });
      void queryClient.invalidateQueries({ queryKey: ["diary", "week", studentId] });
    },
  });
}
