import type { components } from "@/api/generated/schema";

type Schemas = components["schemas"];

export type MyStudent = Schemas["MyStudent"];
export type Diary = Schemas["Diary"];
export type DiaryDay = Schemas["DiaryDay"];
export type DiaryLesson = Schemas["DiaryLesson"];
export type DiaryGrade = Schemas["DiaryGrade"];
export type DiaryHomework = Schemas["DiaryHomework"];
export type AttendanceState = Schemas["AttendanceState"];
export type GradeOut = Schemas["GradeOut"];
export type Summary = Schemas["Summary"];
export type SubjectSummary = Schemas["SubjectSummary"];
export type AverageOut = Schemas["AverageOut"];
export type StudentTerms = Schemas["StudentTerms"];
export type StudentTerm = Schemas["StudentTerm"];
export type StudentHomework = Schemas["StudentHomeworkOut"];
export type AttendanceOut = Schemas["AttendanceOut"];
export type AbsenceNote = Schemas["AbsenceNoteOut"];
export type WorkTypeRef = Schemas["WorkTypeRef"];
export type SchoolEvent = Schemas["Event"];
