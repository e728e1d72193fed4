from __future__ import annotations

import datetime as dt
import uuid

from pydantic import BaseModel, Field

from api.diary.events.schemas import Event
from api.diary.lessons.models import LessonStatus
from api.diary.schemas import (
    Attachment,
    AttendanceState,
    GradeValue,
    LocalInstant,
    Ref,
    WorkTypeRef,
)
from api.diary.structure.models import TermKind
from api.diary.structure.schemas import TermOut


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
    """Homework in the diary sits where it is due (the family reads by due date)."""

    id: uuid.UUID
    subject: Ref
    text: str
    due_date: dt.date
    set_on: dt.date = Field(description="Дата урока, на котором задано")
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
    change_note: str | None = Field(
        description="Пояснение школы к изменению: причина отмены, переноса, замены",
        examples=["Болезнь учителя"],
    )
    original_date: dt.date | None = Field(description="Прежняя дата перенесённого урока")
    original_starts_at: LocalInstant | None = Field(
        description="Прежнее время начала перенесённого урока (в часовом поясе школы)"
    )
    homework: list[DiaryHomework] = Field(
        description="Задания, которые сдаются на этом уроке (первом уроке предмета в этот день)"
    )
    grades: list[DiaryGrade]
    attendance: AttendanceState | None
    planned_work: WorkTypeRef | None = Field(
        description="Работа, запланированная учителем на урок (контрольная)"
    )


class DiaryDay(BaseModel):
    date: dt.date
    lessons: list[DiaryLesson]
    homework: list[DiaryHomework] = Field(
        description="Задания к этому дню по предметам, уроков которых в этот день нет"
    )


class Diary(BaseModel):
    student: DiaryStudent
    week: str = Field(examples=["2026-W48"])
    timezone: str = Field(examples=["Asia/Vladivostok"])
    days: list[DiaryDay] = Field(description="Понедельник … воскресенье")
    events: list[Event] = Field(
        description="События недели: школы и класса, каникулы, запланированные контрольные"
    )


class MyStudent(BaseModel):
    id: uuid.UUID
    last_name: str
    first_name: str
    middle_name: str | None
    school_class: Ref
    school: Ref
    relation: str = Field(description="guardian — мой ребёнок, self — это я", examples=["guardian"])
    archived_at: dt.datetime | None = Field(
        None,
        description="Выбыл(а) из школы: с этого момента ученика нет в списках класса; "
        "дневник остаётся доступен семье только для чтения",
    )


class StudentTerm(TermOut):
    current: bool = Field(
        description="Текущий период: идущий сейчас, на каникулах — последний начавшийся"
    )


class StudentYear(BaseModel):
    id: uuid.UUID
    year: int = Field(description="Год начала: 2026 — это 2026/2027 учебный год", examples=[2026])
    starts_on: dt.date
    ends_on: dt.date
    term_kind: TermKind


class StudentTerms(BaseModel):
    student_id: uuid.UUID
    academic_year: StudentYear | None = Field(
        description="Текущий учебный год школы ученика; null, если школа его ещё не завела"
    )
    terms: list[StudentTerm] = Field(description="Четверти, триместры или полугодия по порядку")
