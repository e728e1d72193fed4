import { queryOptions, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";

import { api, unwrap } from "@/lib/api";

import { shiftWeek } from "@/lib/iso-week";
import type { Diary } from "./types";

/** GET /api/v1/students/{id}/diary?week=2026-W48. */
export const weekQuery = (studentId: string, week: string) =>
  queryOptions({
    queryKey: ["diary", "week", studentId, week],
    queryFn: async ({ signal }): Promise<Diary> =>
      unwrap(
        await api.GET("/api/v1/students/{student_id}/diary", {
          params: { path: { student_id: studentId }, query: { week } },
          signal,
        }),
      ),
    staleTime: 60_000,
  });

/** The week, with the weeks before and after fetched in the background for the arrows. */
export function useWeek(studentId: string, week: string) {
  const queryClient = useQueryClient();
  const query = useQuery(weekQuery(studentId, week));
  const loaded = query.isSuccess;
  useEffect(() => {
    if (!loaded) return;
    for (const offset of [1, -1]) {
      void queryClient.prefetchQuery(weekQuery(studentId, shiftWeek(week, offset)));
    }
  }, [queryClient, studentId, week, loaded]);
  return query;
}

/** PUT /students/{id}/homework/{hid}/done, shown at once in the week's cache. */
export function useHomeworkDone(studentId: string, week: string) {
  const queryClient = useQueryClient();
  const key = weekQuery(studentId, week).queryKey;
  return useMutation({
    mutationFn: async ({ homeworkId, done }: { homeworkId: string; done: boolean }) =>
      unwrap(
        await api.PUT("/api/v1/students/{student_id}/homework/{homework_id}/done", {
          params: { path: { student_id: studentId, homework_id: homeworkId } },
          body: { done },
        }),
      ),
    onMutate: async ({ homeworkId, done }) => {
      await queryClient.cancelQueries({ queryKey: key });
      const before = queryClient.getQueryData(key);
      queryClient.setQueryData(key, (diary) => (diary ? withDone(diary, homeworkId, done) : diary));
      return { before };
    },
    onError: (_error, _vars, context) => {
      if (context?.before) queryClient.setQueryData(key, context.before);
    },
    onSettled: () => {
      void queryClient.invalidateQueries({ queryKey: ["diary", "homework", studentId] });
    },
  });
}

function withDone(diary: Diary, homeworkId: string, done: boolean): Diary {
  return {
    ...diary,
    days: diary.days.map((day) => ({
      ...day,
      lessons: day.lessons.map((lesson) => ({
        ...lesson,
        homework: lesson.homework.map((h) => (h.id === homeworkId ? { ...h, done } : h)),
      })),
    })),
  };
}
