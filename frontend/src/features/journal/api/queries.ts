import { queryOptions, useQuery } from "@tanstack/react-query";

import { api, unwrap } from "@/lib/api";

import type {
  AcademicYear,
  Assignment,
  HomeworkOut,
  HomeworkPage,
  Journal,
  LessonOut,
  LessonSummary,
  Subject,
  WorkType,
} from "./types";

/** GET /me/lessons?from=&to=: the teacher's own lessons, substitutions included. */
export function useMyLessons(from: string, to: string) {
  return useQuery({
    queryKey: ["journal", "my-lessons", from, to],
    queryFn: async ({ signal }): Promise<LessonSummary[]> =>
      unwrap(await api.GET("/api/v1/me/lessons", { params: { query: { from, to } }, signal })),
  });
}

export const lessonQuery = (lessonId: string) =>
  queryOptions({
    queryKey: ["journal", "lesson", lessonId],
    queryFn: async ({ signal }): Promise<LessonOut> =>
      unwrap(await api.GET("/api/v1/lessons/{lesson_id}", { params: { path: { lesson_id: lessonId } }, signal })),
  });

export function useLesson(lessonId: string) {
  return useQuery(lessonQuery(lessonId));
}

export const lessonHomeworkQuery = (lessonId: string) =>
  queryOptions({
    queryKey: ["journal", "lesson", lessonId, "homework"],
    queryFn: async ({ signal }): Promise<HomeworkOut[]> => {
      // A lesson carries one or two; the first page holds them all.
      const page: HomeworkPage = unwrap(
        await api.GET("/api/v1/lessons/{lesson_id}/homework", {
          params: { path: { lesson_id: lessonId }, query: { limit: 100 } },
          signal,
        }),
      );
      return page.items;
    },
  });

/** GET /lessons/{id}/homework: what was set at the lesson. */
export function useLessonHomework(lessonId: string) {
  return useQuery(lessonHomeworkQuery(lessonId));
}

export interface JournalParams {
  classId: string;
  subjectId: string;
  from: string;
  to: string;
}

export const journalQuery = ({ classId, subjectId, from, to }: JournalParams) =>
  queryOptions({
    queryKey: ["journal", "grid", classId, subjectId, from, to],
    queryFn: async ({ signal }): Promise<Journal> =>
      unwrap(
        await api.GET("/api/v1/classes/{class_id}/journal", {
          params: { path: { class_id: classId }, query: { subject_id: subjectId, from, to } },
          signal,
        }),
      ),
    staleTime: 10_000,
  });

/** GET /classes/{id}/journal: students × lessons with grades and attendance. */
export function useJournal(params: JournalParams | null) {
  return useQuery({
    ...journalQuery(params ?? { classId: "", subjectId: "", from: "", to: "" }),
    enabled: !!params,
  });
}

/** GET /work-types: the school's work types and weights. */
export function useWorkTypes() {
  return useQuery({
    queryKey: ["journal", "work-types"],
    queryFn: async ({ signal }): Promise<WorkType[]> => unwrap(await api.GET("/api/v1/work-types", { signal })),
    staleTime: 10 * 60_000,
  });
}

/** GET /subjects: with each subject's assessment (graded or pass/fail). */
export function useSubjects() {
  return useQuery({
    queryKey: ["journal", "subjects"],
    queryFn: async ({ signal }): Promise<Subject[]> => unwrap(await api.GET("/api/v1/subjects", { signal })),
    staleTime: 10 * 60_000,
  });
}

/** GET /teaching-assignments?teacher_id=: the classes and subjects a teacher keeps. */
export function useAssignments(teacherId: string | undefined) {
  return useQuery({
    queryKey: ["journal", "assignments", teacherId ?? "all"],
    queryFn: async ({ signal }): Promise<Assignment[]> =>
      unwrap(
        await api.GET("/api/v1/teaching-assignments", {
          params: { query: teacherId ? { teacher_id: teacherId } : {} },
          signal,
        }),
      ),
    staleTime: 10 * 60_000,
  });
}

/** GET /academic-years: years with their terms. */
export function useAcademicYears() {
  return useQuery({
    queryKey: ["journal", "academic-years"],
    queryFn: async ({ signal }): Promise<AcademicYear[]> => unwrap(await api.GET("/api/v1/academic-years", { signal })),
    staleTime: 10 * 60_000,
  });
}
