import { api, ApiProblem, unwrap } from "@/lib/api";

import type { AttendanceIn, AttendanceOut, GradeIn, GradeOut, HomeworkIn, HomeworkOut, HomeworkPatch, LessonOut } from "./types";

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

/**
 * DELETE /lessons/{id}/attendance/{student}: removes a mark set by mistake (a family told
 * of the absence hears it was withdrawn). A mark already gone counts as cleared.
 */
export async function clearAttendance(lessonId: string, studentId: string): Promise<void> {
  try {
    unwrap(
      await api.DELETE("/api/v1/lessons/{lesson_id}/attendance/{student_id}", {
        params: { path: { lesson_id: lessonId, student_id: studentId } },
      }),
    );
  } catch (error) {
    if (error instanceof ApiProblem && error.code === "attendance_mark_not_found") return;
    throw error;
  }
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

/** PATCH /homework/{id}: only the fields sent change; a new text or due date notifies the families. */
export async function updateHomework(homeworkId: string, patch: HomeworkPatch): Promise<HomeworkOut> {
  return unwrap(
    await api.PATCH("/api/v1/homework/{homework_id}", {
      params: { path: { homework_id: homeworkId } },
      body: patch,
    }),
  );
}

/** DELETE /homework/{id}: with the students' done marks and comment threads. */
export async function deleteHomework(homeworkId: string): Promise<void> {
  unwrap(await api.DELETE("/api/v1/homework/{homework_id}", { params: { path: { homework_id: homeworkId } } }));
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

/** PUT /lessons/{id}/planned-work: a coming lesson's test, or none (`null`). */
export async function planWork(lessonId: string, workTypeCode: string | null): Promise<LessonOut["planned_work"]> {
  return unwrap(
    await api.PUT("/api/v1/lessons/{lesson_id}/planned-work", {
      params: { path: { lesson_id: lessonId } },
      body: { work_type_code: workTypeCode },
    }),
  ).planned_work;
}
