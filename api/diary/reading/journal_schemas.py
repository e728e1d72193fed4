from __future__ import annotations

import datetime as dt
import uuid

from pydantic import BaseModel, Field

from api.diary.grades.schemas import AverageTerm
from api.diary.lessons.models import LessonStatus
from api.diary.reading.schemas import DiaryGrade
from api.diary.schemas import AttendanceState, GradeValue, Ref
from api.diary.structure.models import SubjectAssessment
from api.diary.structure.schemas import RosterStudent


class JournalLesson(BaseModel):
    id: uuid.UUID
    date: dt.date
    number: int
    topic: str | None
    status: LessonStatus


class JournalMark(BaseModel):
    student_id: uuid.UUID
    lesson_id: uuid.UUID
    grades: list[DiaryGrade]
    attendance: AttendanceState | None


class JournalAverage(BaseModel):
    student_id: uuid.UUID
    average: float | None = Field(description="Средневзвешенный балл за выбранные даты")


class Journal(BaseModel):
    school_class: Ref
    subject: Ref
    students: list[RosterStudent]
    lessons: list[JournalLesson]
    marks: list[JournalMark] = Field(description="Только клетки с оценками или отметками")
    averages: list[JournalAverage]


class SubjectSummary(BaseModel):
    subject: Ref
    assessment: SubjectAssessment
    grades: int
    average: float | None
    result: GradeValue | None = Field(description="Итог по правилам школы, если бы период закрылся")
    absences: int
    lates: int
    term_grade: GradeValue | None = Field(description="Выставленная итоговая оценка за период")


class Summary(BaseModel):
    student_id: uuid.UUID
    term: AverageTerm
    subjects: list[SubjectSummary]
