import type { components } from "@/api/generated/schema";

type Schemas = components["schemas"];

export type LessonSummary = Schemas["LessonSummary"];
export type LessonOut = Schemas["LessonOut"];
export type RosterStudent = Schemas["RosterStudent"];
export type Journal = Schemas["Journal"];
export type JournalLesson = Schemas["JournalLesson"];
export type JournalMark = Schemas["JournalMark"];
export type DiaryGrade = Schemas["DiaryGrade"];
export type GradeOut = Schemas["GradeOut"];
export type GradeIn = Schemas["GradeIn"];
export type AttendanceIn = Schemas["AttendanceIn"];
export type AttendanceOut = Schemas["AttendanceOut"];
export type HomeworkIn = Schemas["HomeworkIn"];
export type HomeworkOut = Schemas["HomeworkOut"];
export type HomeworkPatch = Schemas["HomeworkPatch"];
export type HomeworkPage = Schemas["Page_HomeworkOut_"];
export type WorkType = Schemas["WorkTypeOut"];
export type Subject = Schemas["SubjectOut"];
export type Assignment = Schemas["AssignmentOut"];
export type AcademicYear = Schemas["AcademicYearOut"];
export type Term = Schemas["TermOut"];
export type Bell = Schemas["BellOut"];
export type Slot = Schemas["SlotOut"];
export type SlotIn = Schemas["SlotIn"];
export type Teacher = Schemas["TeacherOut"];
export type SchoolClass = Schemas["SchoolClassOut"];
