import { keepPreviousData, queryOptions, useQuery } from "@tanstack/react-query";

import { api, unwrap } from "@/lib/api";

import type { AverageOut, GradeOut, Summary } from "./types";

export interface GradeFilter {
  from?: string;
  to?: string;
  subjectId?: string;
}

/** GET /students/{id}/summary: per subject average, result, absences for a term. */
export function useSummary(studentId: string, termId?: string) {
  return useQuery(
    queryOptions({
      queryKey: ["diary", "summary", studentId, termId ?? null],
      queryFn: async ({ signal }): Promise<Summary> =>
        unwrap(
          await api.GET("/api/v1/students/{student_id}/summary", {
            params: { path: { student_id: studentId }, query: termId ? { term_id: termId } : {} },
            signal,
          }),
        ),
    }),
  );
}

export const GRADES_PAGE = 200;

/** GET /students/{id}/grades: newest first, filtered by dates and subject. */
export function useGrades(studentId: string, filter: GradeFilter, enabled = true) {
  return useQuery({
    queryKey: ["diary", "grades", studentId, filter],
    queryFn: async ({ signal }) => {
      const page = unwrap(
        await api.GET("/api/v1/students/{student_id}/grades", {
          params: {
            path: { student_id: studentId },
            query: {
              from: filter.from || undefined,
              to: filter.to || undefined,
              subject_id: filter.subjectId || undefined,
              limit: GRADES_PAGE,
            },
          },
          signal,
        }),
      );
      return page as { items: GradeOut[]; total: number };
    },
    enabled,
    placeholderData: keepPreviousData,
  });
}

/** GET /students/{id}/averages: how the subject's average and term grade come about. */
export function useAverage(studentId: string, subjectId: string, termId?: string) {
  return useQuery({
    queryKey: ["diary", "average", studentId, subjectId, termId ?? null],
    queryFn: async ({ signal }): Promise<AverageOut> =>
      unwrap(
        await api.GET("/api/v1/students/{student_id}/averages", {
          params: { path: { student_id: studentId }, query: { subject_id: subjectId, term_id: termId } },
          signal,
        }),
      ),
  });
}

export interface Hypothetical {
  value: number | "pass" | "fail";
  /** A work type code; null for the school's default. */
  workType: string | null;
}

/** POST /students/{id}/averages/what-if: nothing is saved; answers like a read. */
export function useWhatIf(studentId: string, subjectId: string, termId: string | undefined, hypothetical: Hypothetical[]) {
  return useQuery({
    queryKey: ["diary", "what-if", studentId, subjectId, termId ?? null, hypothetical],
    queryFn: async ({ signal }): Promise<AverageOut> =>
      unwrap(
        await api.POST("/api/v1/students/{student_id}/averages/what-if", {
          params: { path: { student_id: studentId } },
          body: {
            subject_id: subjectId,
            term_id: termId ?? null,
            hypothetical: hypothetical.map((h) => ({ value: h.value, work_type: h.workType })),
          },
          signal,
        }),
      ),
    enabled: hypothetical.length > 0,
    placeholderData: keepPreviousData,
    staleTime: 5 * 60_000,
  });
}
