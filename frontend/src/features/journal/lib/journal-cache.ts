/**
 * The journal as cached from GET /classes/{id}/journal, changed in place as the teacher
 * types, so the grid shows a grade before the server has answered.
 */
import type { components } from "@/api/generated/schema";

type Journal = components["schemas"]["Journal"];
type JournalMark = components["schemas"]["JournalMark"];
type DiaryGrade = components["schemas"]["DiaryGrade"];
type AttendanceState = components["schemas"]["AttendanceState"];
type WorkTypeRef = components["schemas"]["WorkTypeRef"];

export type GradeValue = number | "pass" | "fail";
export type AttendanceValue = AttendanceState["status"];

export function markOf(journal: Journal, studentId: string, lessonId: string): JournalMark | undefined {
  return journal.marks.find((m) => m.student_id === studentId && m.lesson_id === lessonId);
}

/** Index of the marks by "student:lesson", for a grid of hundreds of cells. */
export function indexMarks(journal: Journal): Map<string, JournalMark> {
  return new Map(journal.marks.map((m) => [`${m.student_id}:${m.lesson_id}`, m]));
}

function withMark(
  journal: Journal,
  studentId: string,
  lessonId: string,
  update: (mark: JournalMark) => JournalMark,
): Journal {
  const existing = markOf(journal, studentId, lessonId);
  const base: JournalMark = existing ?? { student_id: studentId, lesson_id: lessonId, grades: [], attendance: null };
  const next = update(base);
  const empty = next.grades.length === 0 && next.attendance === null;
  const others = journal.marks.filter((m) => m !== existing);
  return { ...journal, marks: empty ? others : [...others, next] };
}

/** Puts (or with `grade` null, removes) the grade of a work type in a cell. */
export function setGrade(
  journal: Journal,
  studentId: string,
  lessonId: string,
  workType: WorkTypeRef,
  grade: { id: string; value: GradeValue; comment?: string | null } | null,
): Journal {
  return withMark(journal, studentId, lessonId, (mark) => {
    const others = mark.grades.filter((g) => g.work_type.code !== workType.code);
    if (!grade) return { ...mark, grades: others };
    const next: DiaryGrade = { id: grade.id, value: grade.value, work_type: workType, comment: grade.comment ?? null };
    return { ...mark, grades: [...others, next] };
  });
}

export function setAttendance(
  journal: Journal,
  studentId: string,
  lessonId: string,
  attendance: AttendanceState | null,
): Journal {
  return withMark(journal, studentId, lessonId, (mark) => ({ ...mark, attendance }));
}

export function gradeOfType(mark: JournalMark | undefined, workType: string): DiaryGrade | undefined {
  return mark?.grades.find((g) => g.work_type.code === workType);
}
