import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";

import { api, unwrap } from "@/lib/api";
import { exportKey } from "@/lib/exports";

import type {
  ClassAnalytics,
  Comparison,
  Export,
  ExportFormat,
  ExportRequest,
  JournalCompleteness,
  MyStudent,
  ReportPeriod,
  SavedReport,
  SchoolAnalytics,
  SchoolClass,
  StudentReport,
  StudentTerm,
} from "./types";

export function periodQuery(period: ReportPeriod | null): { term_id?: string; from?: string; to?: string } {
  if (!period) return {};
  return "termId" in period ? { term_id: period.termId } : { from: period.from, to: period.to };
}

/** GET /me/students: a parent's children, or the student themself (the diary's cache key). */
export function useMyStudents() {
  return useQuery({
    queryKey: ["diary", "students"],
    queryFn: async ({ signal }): Promise<MyStudent[]> => unwrap(await api.GET("/api/v1/me/students", { signal })),
    staleTime: 5 * 60_000,
  });
}

/** GET /students/{id}/terms: the terms of the student's school year. */
export function useStudentTerms(studentId: string) {
  return useQuery({
    queryKey: ["reports", "terms", studentId],
    queryFn: async ({ signal }): Promise<StudentTerm[]> =>
      unwrap(await api.GET("/api/v1/students/{student_id}/terms", { params: { path: { student_id: studentId } }, signal }))
        .terms,
    staleTime: 10 * 60_000,
  });
}

/** GET /students/{id}/report: the term under way when `period` is null. */
export function useStudentReport(studentId: string, period: ReportPeriod | null) {
  return useQuery({
    queryKey: ["reports", "student", studentId, period],
    queryFn: async ({ signal }): Promise<StudentReport> =>
      unwrap(
        await api.GET("/api/v1/students/{student_id}/report", {
          params: { path: { student_id: studentId }, query: periodQuery(period) },
          signal,
        }),
      ),
    placeholderData: keepPreviousData,
  });
}

const savedKey = (studentId: string) => ["reports", "saved", studentId] as const;

export function useSavedReports(studentId: string) {
  return useQuery({
    queryKey: savedKey(studentId),
    queryFn: async ({ signal }): Promise<SavedReport[]> =>
      unwrap(
        await api.GET("/api/v1/students/{student_id}/saved-reports", {
          params: { path: { student_id: studentId }, query: { limit: 50 } },
          signal,
        }),
      ).items,
  });
}

export function useSaveReport(studentId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ period, title }: { period: ReportPeriod | null; title: string }): Promise<SavedReport> =>
      unwrap(
        await api.POST("/api/v1/students/{student_id}/saved-reports", {
          params: { path: { student_id: studentId } },
          body: { ...periodQuery(period), title: title.trim() || null },
        }),
      ),
    onSuccess: (saved) => {
      queryClient.setQueryData<SavedReport[]>(savedKey(studentId), (list) => [saved, ...(list ?? [])]);
    },
  });
}

export function useComparison(studentId: string, a: string | null, b: string | null) {
  return useQuery({
    queryKey: ["reports", "compare", studentId, a, b],
    enabled: !!a && !!b,
    queryFn: async ({ signal }): Promise<Comparison> =>
      unwrap(
        await api.GET("/api/v1/students/{student_id}/saved-reports/compare", {
          params: { path: { student_id: studentId }, query: { a: a!, b: b! } },
          signal,
        }),
      ),
  });
}

/** GET /me/classes: the class teacher's class, the administration's classes. */
export function useMyClasses() {
  return useQuery({
    queryKey: ["reports", "classes"],
    queryFn: async ({ signal }): Promise<SchoolClass[]> => unwrap(await api.GET("/api/v1/me/classes", { signal })),
    staleTime: 10 * 60_000,
  });
}

export function useClassAnalytics(classId: string | null) {
  return useQuery({
    queryKey: ["reports", "class", classId],
    enabled: !!classId,
    queryFn: async ({ signal }): Promise<ClassAnalytics> =>
      unwrap(await api.GET("/api/v1/classes/{class_id}/analytics", { params: { path: { class_id: classId! } }, signal })),
  });
}

export function useSchoolAnalytics(schoolId: string | null) {
  return useQuery({
    queryKey: ["reports", "school", schoolId],
    enabled: !!schoolId,
    queryFn: async ({ signal }): Promise<SchoolAnalytics> =>
      unwrap(await api.GET("/api/v1/schools/{school_id}/analytics", { params: { path: { school_id: schoolId! } }, signal })),
  });
}

export function useJournalCompleteness(schoolId: string | null, from: string, to: string) {
  return useQuery({
    queryKey: ["reports", "completeness", schoolId, from, to],
    enabled: !!schoolId,
    queryFn: async ({ signal }): Promise<JournalCompleteness> =>
      unwrap(
        await api.GET("/api/v1/schools/{school_id}/journal-completeness", {
          params: { path: { school_id: schoolId! }, query: { from, to } },
          signal,
        }),
      ),
    placeholderData: keepPreviousData,
  });
}

/** POST /exports: order a file; the job makes it (202). */
export function useCreateExport() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (body: ExportRequest & { format: ExportFormat }): Promise<Export> =>
      unwrap(await api.POST("/api/v1/exports", { body })),
    onSuccess: (item) => queryClient.setQueryData(exportKey(item.id), item),
  });
}
