import { api, unwrap } from "@/lib/api";

import type { AttendanceIn, AttendanceOut, GradeIn, GradeOut, HomeworkIn, HomeworkOut, LessonOut } from "./types";

/** POST /lessons/{id}/grades: a list; the same work type again corrects the grade. */
export async function recordGrades(lessonId: string, grades: GradeIn[]): Promise<GradeOut[]> {
  return unwrap(
    await api.POST("/api/v1/lessons/{lesson_id}/grades", {
      params: { path: { lesson_id: lessonId } },
      body: grades,
    }),
  );
}

/** DELETE /grades/{id} (kept in the grade history). */
export async function deleteGrade(gradeId: string): Promise<void> {
  unwrap(await api.DELETE("/api/v1/grades/{grade_id}", { params: { path: { grade_id: gradeId } } }));
}

/** PUT /lessons/{id}/attendance: guardians of newly absent students are told at once. */
export async function markAttendance(lessonId: string, marks: AttendanceIn[]): Promise<AttendanceOut[]> {
  return unwrap(
    await api.PUT("/api/v1/lessons/{lesson_id}/attendance", {
      params: { path: { lesson_id: lessonId } },
      body: marks,
    }),
  );
}

/** POST /lessons/{id}/homework. */
export async function assignHomework(lessonId: string, homework: HomeworkIn): Promise<HomeworkOut> {
  return unwrap(
    await api.POST("/api/v1/lessons/{lesson_id}/homework", {
      params: { path: { lesson_id: lessonId } },
      body: homework,
    }),
  );
}

/** PATCH /lessons/{id}: the teacher sets the topic. */
export async function setTopic(lessonId: string, topic: string | null): Promise<LessonOut> {
  return unwrap(
    await api.PATCH("/api/v1/lessons/{lesson_id}", {
      params: { path: { lesson_id: lessonId } },
      body: { topic },
    }),
  );
}

/** The message to show for a failed save: the field's error, else the problem's. */
export function saveErrorMessage(error: unknown, fallback: string): string {
  if (error && typeof error === "object" && "problem" in error) {
    const problem = (error as { problem: { detail?: string; errors?: { message: string }[] } | null }).problem;
    const first = problem?.errors?.[0]?.message;
    return first || problem?.detail || fallback;
  }
  return fallback;
}
