"""Shapes of the reports (REPORTS.md §2–3). Field names in the contract are the minimum;
the extras (trend, months, gaps) feed the charts and the words about gaps."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from api.diary.schemas import GradeValue
from api.instants import Instant
from api.text import OneLine

Percent = Annotated[float | None, Field(description="Процент, одна цифра после запятой")]


class ReportStudent(BaseModel):
    id: uuid.UUID
    name: str
    class_name: str
    school_name: str


class ReportPeriod(BaseModel):
    model_config = ConfigDict(populate_by_name=True)

    from_date: dt.date = Field(alias="from")
    to_date: dt.date = Field(alias="to")
    title: str = Field(examples=["2-я четверть 2026/2027"])
    term_id: uuid.UUID | None = None


class ReportGrade(BaseModel):
    value: GradeValue
    weight: float = Field(examples=[2.0])
    date: dt.date
    work_type: str = Field(examples=["Контрольная работа"])


class TrendPoint(BaseModel):
    """The subject's weighted average after the grades of ``date``."""

    date: dt.date
    average: float


class SubjectReport(BaseModel):
    subject_id: uuid.UUID
    name: str
    assessment: Literal["graded", "pass_fail"]
    grades: list[ReportGrade]
    average: float | None = Field(description="Взвешенный средний балл, до сотых")
    term_grade: str | None = Field(
        description="Итоговая оценка за четверть: «5»…«2», pass, fail; нет — null"
    )
    trend: list[TrendPoint]
    overdue_homework: int = Field(description="Просроченные невыполненные домашние задания")


class MonthAttendance(BaseModel):
    month: str = Field(examples=["2026-11"])
    lessons_held: int
    absent: int
    absent_excused: int
    late: int
    attendance_rate: Percent


class ReportAttendance(BaseModel):
    lessons_held: int
    absent: int
    absent_excused: int
    late: int
    attendance_rate: Percent
    months: list[MonthAttendance]


class Gap(BaseModel):
    """A «пробел» pointed out in words: the average fell, or homework is overdue."""

    kind: Literal["average_fell", "homework_overdue"]
    subject_id: uuid.UUID
    name: str
    text: str = Field(examples=["Алгебра: средний балл снизился с 4,50 до 3,80"])


class StudentReport(BaseModel):
    student: ReportStudent
    period: ReportPeriod
    subjects: list[SubjectReport]
    attendance: ReportAttendance
    gaps: list[Gap]
    generated_at: Instant


class Distribution(BaseModel):
    model_config = ConfigDict(populate_by_name=True)

    five: int = Field(alias="5")
    four: int = Field(alias="4")
    three: int = Field(alias="3")
    two: int = Field(alias="2")
    one: int = Field(alias="1")


class SubjectIndicators(BaseModel):
    subject_id: uuid.UUID
    name: str
    assessment: Literal["graded", "pass_fail"]
    teacher_name: str | None
    students_graded: int
    success_rate: Percent
    quality_rate: Percent
    sou: Percent
    average: float | None
    distribution: Distribution


class ClassAnalytics(BaseModel):
    class_id: uuid.UUID
    class_name: str
    students_count: int
    subjects: list[SubjectIndicators]
    attendance_rate: Percent
    term_id: uuid.UUID
    term_title: str


class SchoolIndicators(BaseModel):
    """The same indicators over every student–subject result of the school."""

    students_count: int
    students_graded: int
    success_rate: Percent
    quality_rate: Percent
    sou: Percent
    average: float | None
    distribution: Distribution
    attendance_rate: Percent


class SchoolAnalytics(BaseModel):
    classes: list[ClassAnalytics]
    school: SchoolIndicators
    term_id: uuid.UUID
    term_title: str


class TeacherCompleteness(BaseModel):
    teacher_id: uuid.UUID
    name: str
    lessons_held: int
    without_topic: int
    without_attendance: int
    late_grades: int = Field(description="Оценки, выставленные позже трёх дней после урока")


class JournalCompleteness(BaseModel):
    model_config = ConfigDict(populate_by_name=True)

    items: list[TeacherCompleteness]
    from_date: dt.date = Field(alias="from")
    to_date: dt.date = Field(alias="to")
    total: int


class SavedReportIn(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    term_id: uuid.UUID | None = None
    from_date: dt.date | None = Field(default=None, alias="from")
    to_date: dt.date | None = Field(default=None, alias="to")
    title: Annotated[str, Field(min_length=1, max_length=200), OneLine] | None = None

    @model_validator(mode="after")
    def one_period(self) -> SavedReportIn:
        """``term_id``, or ``from`` and ``to``; neither — the term under way."""
        by_dates = self.from_date is not None or self.to_date is not None
        if by_dates and self.term_id is not None:
            raise ValueError("either term_id or from and to")
        if by_dates and (self.from_date is None or self.to_date is None):
            raise ValueError("both from and to")
        return self


class SavedReportOut(BaseModel):
    id: uuid.UUID
    title: str
    created_at: Instant
    report: StudentReport


class SavedReportRef(BaseModel):
    id: uuid.UUID
    title: str


class SubjectComparison(BaseModel):
    subject_id: uuid.UUID
    name: str
    a_average: float | None
    b_average: float | None
    delta: float | None
    a_term_grade: str | None
    b_term_grade: str | None


class AttendanceComparison(BaseModel):
    a_rate: Percent
    b_rate: Percent
    delta: float | None


class Comparison(BaseModel):
    a: SavedReportRef
    b: SavedReportRef
    subjects: list[SubjectComparison]
    attendance: AttendanceComparison


class SummarySubject(BaseModel):
    subject_id: uuid.UUID
    name: str
    assessment: Literal["graded", "pass_fail"]


class SummaryCell(BaseModel):
    """A student's result in one subject: the term grade once set (``final``), before
    that the current weighted average rounded under the school's policy."""

    subject_id: uuid.UUID
    result: GradeValue | None
    final: bool
    average: float | None


class SummaryStudent(BaseModel):
    student_id: uuid.UUID
    name: str
    cells: list[SummaryCell]


class ClassSummary(BaseModel):
    """«Сводная ведомость»: the class's students × subjects with term grades."""

    class_id: uuid.UUID
    class_name: str
    term_id: uuid.UUID
    term_title: str
    subjects: list[SummarySubject]
    students: list[SummaryStudent]


class StudentAttendance(BaseModel):
    student_id: uuid.UUID
    name: str
    lessons_held: int
    absent: int
    absent_excused: int
    late: int
    attendance_rate: Percent


class ClassAttendance(BaseModel):
    """A class's attendance by student over a period (the caller's subjects only, for a
    subject teacher)."""

    model_config = ConfigDict(populate_by_name=True)

    class_id: uuid.UUID
    class_name: str
    from_date: dt.date = Field(alias="from")
    to_date: dt.date = Field(alias="to")
    title: str
    students: list[StudentAttendance]
    total: StudentAttendance | None = None


ExportKind = Literal[
    "student_report", "class_summary", "class_analytics", "school_analytics", "attendance"
]
ExportFormat = Literal["pdf", "xlsx", "csv"]
# A copy of one's own personal data (``POST /api/v1/me/data-exports``, api.privacy) is
# an export too: the same status, file and 7-day keeping, a kind and format of its own.
ExportOutKind = ExportKind | Literal["personal_data"]
ExportOutFormat = ExportFormat | Literal["json"]


class ExportIn(BaseModel):
    """What to render: ``student_report`` needs ``student_id``; ``class_summary`` and
    ``class_analytics`` ``class_id``; ``school_analytics`` ``school_id``; ``attendance``
    ``student_id`` or ``class_id``. The period: ``term_id`` or ``from`` and ``to``
    (analytics and the summary take a term only); none — the term under way."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    kind: ExportKind
    format: ExportFormat
    student_id: uuid.UUID | None = None
    class_id: uuid.UUID | None = None
    school_id: uuid.UUID | None = None
    term_id: uuid.UUID | None = None
    from_date: dt.date | None = Field(default=None, alias="from")
    to_date: dt.date | None = Field(default=None, alias="to")


class ExportOut(BaseModel):
    id: uuid.UUID
    kind: ExportOutKind
    format: ExportOutFormat
    status: Literal["queued", "running", "done", "failed"]
    progress: int = Field(ge=0, le=100)
    file_name: str | None
    error: str | None = Field(description="Почему не удалось (по-русски); код — в error_code")
    error_code: str | None = None
    created_at: Instant
    finished_at: Instant | None
    expires_at: Instant = Field(description="После этого файл удаляется (7 дней)")
