import type { components } from "@/api/generated/schema";

type Schemas = components["schemas"];

export type StudentReport = Schemas["StudentReport"];
export type SubjectReport = Schemas["SubjectReport"];
export type MonthAttendance = Schemas["MonthAttendance"];
export type SavedReport = Schemas["SavedReportOut"];
export type Comparison = Schemas["Comparison"];
export type ClassAnalytics = Schemas["ClassAnalytics"];
export type SubjectIndicators = Schemas["SubjectIndicators"];
export type SchoolAnalytics = Schemas["SchoolAnalytics"];
export type JournalCompleteness = Schemas["JournalCompleteness"];
export type MyStudent = Schemas["MyStudent"];
export type StudentTerm = Schemas["StudentTerm"];
export type SchoolClass = Schemas["SchoolClassOut"];

/** A report's period: a term, or any dates. */
export type ReportPeriod = { termId: string } | { from: string; to: string };

export type Export = Schemas["ExportOut"];
export type ExportRequest = Omit<Schemas["ExportIn"], "format">;
export type ExportFormat = Schemas["ExportIn"]["format"];
