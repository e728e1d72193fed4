from __future__ import annotations

import datetime as dt
import uuid

from pydantic import BaseModel, Field

from api.diary.lessons.models import LessonStatus
from api.diary.schemas import (
    Attachment,
    AttendanceState,
    GradeValue,
    Instant,
    LocalInstant,
    Ref,
    WorkTypeRef,
)


class DiaryStudent(BaseModel):
    id: uuid.UUID
    last_name: str
    first_name: str
    middle_name: str | None
    school_class: Ref = Field(description="Класс: `name` — «9-Б»")
    school: Ref


class DiaryGrade(BaseModel):
    id: uuid.UUID
    value: GradeValue
    work_type: WorkTypeRef
    comment: str | None


class DiaryHomework(BaseModel):
    id: uuid.UUID
    text: str
    due_date: dt.date
    attachments: list[Attachment]
    done: bool = Field(description="Ученик отметил задание выполненным")


class DiaryLesson(BaseModel):
    id: uuid.UUID
    number: int
    subject: Ref
    starts_at: LocalInstant
    ends_at: LocalInstant
    teacher: Ref
    substitute_teacher: Ref | None
    room: str | None
    topic: str | None
    status: LessonStatus
    homework: list[DiaryHomework]
    grades: list[DiaryGrade]
    attendance: AttendanceState | None


class DiaryDay(BaseModel):
    date: dt.date
    lessons: list[DiaryLesson]


class Diary(BaseModel):
    student: DiaryStudent
    week: str = Field(examples=["2026-W48"])
    timezone: str = Field(examples=["Asia/Vladivostok"])
    days: list[DiaryDay] = Field(description="Понедельник … воскресенье")


class GradeOut(BaseModel):
    id: uuid.UUID
    student_id: uuid.UUID
    lesson_id: uuid.UUID
    date: dt.date
    subject: Ref
    value: GradeValue
    work_type: WorkTypeRef
    comment: str | None
    teacher: Ref = Field(description="Кто поставил оценку")
    created_at: Instant
    updated_at: Instant


class MyStudent(BaseModel):
    id: uuid.UUID
    last_name: str
    first_name: str
    middle_name: str | None
    school_class: Ref
    school: Ref
    relation: str = Field(description="guardian — мой ребёнок, self — это я", examples=["guardian"])
