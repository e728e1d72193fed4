from __future__ import annotations

import uuid
from datetime import date, time
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from api.diary.schemas import Ref
from api.diary.structure.models import SubjectAssessment, TermKind
from api.text import OneLine
from api.validation.types import (
    FirstNameStr,
    LastNameStr,
    MiddleNameStr,
    SnilsStr,
    StudentNumberStr,
)

Year = Annotated[int, Field(ge=2000, le=2100, examples=[2026])]


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid")


class TermIn(_In):
    number: int = Field(ge=1, le=4)
    starts_on: date
    ends_on: date


class AcademicYearIn(_In):
    year: Year
    starts_on: date = Field(examples=["2026-09-01"])
    ends_on: date = Field(examples=["2027-05-31"])
    term_kind: TermKind
    terms: list[TermIn] = Field(min_length=1, max_length=4)


class TermOut(BaseModel):
    id: uuid.UUID
    kind: TermKind
    number: int
    starts_on: date
    ends_on: date
    name: str = Field(examples=["2-я четверть"])


class AcademicYearOut(BaseModel):
    id: uuid.UUID
    year: int
    starts_on: date
    ends_on: date
    term_kind: TermKind
    terms: list[TermOut]


class SubjectIn(_In):
    name: Annotated[str, Field(min_length=1, max_length=100, examples=["Алгебра"]), OneLine]
    assessment: SubjectAssessment = SubjectAssessment.graded


class SubjectOut(BaseModel):
    id: uuid.UUID
    name: str
    assessment: SubjectAssessment


class TeacherOut(BaseModel):
    id: uuid.UUID
    name: str = Field(examples=["Соколова Анна Викторовна"])
    roles: list[str]


HoursPerWeek = Annotated[
    float,
    Field(
        ge=0, le=40, multiple_of=0.5, description="Часов в неделю по учебному плану", examples=[4]
    ),
]


class AssignmentIn(_In):
    teacher_id: uuid.UUID
    class_id: uuid.UUID
    subject_id: uuid.UUID
    hours_per_week: HoursPerWeek | None = None


class AssignmentOut(BaseModel):
    id: uuid.UUID
    teacher: Ref
    school_class: Ref
    subject: Ref
    hours_per_week: float | None = Field(
        None, description="Часов в неделю (из загрузки нагрузки или от администратора)"
    )


class ClassTeacherIn(_In):
    teacher_id: uuid.UUID


class ClassTeacherOut(BaseModel):
    class_id: uuid.UUID
    teacher: Ref


class StudentIn(_In):
    class_id: uuid.UUID
    last_name: LastNameStr
    first_name: FirstNameStr
    middle_name: MiddleNameStr | None = None
    birth_date: date
    snils: SnilsStr | None = Field(
        default=None, description="СНИЛС: хранится только ключевой хеш для сверки с заявлениями"
    )
    student_number: StudentNumberStr | None = None
    account_id: uuid.UUID | None = Field(
        default=None, description="Учётная запись ученика для входа в дневник"
    )


class StudentOut(BaseModel):
    id: uuid.UUID
    last_name: str
    first_name: str
    middle_name: str | None
    birth_date: date
    student_number: str | None
    school_class: Ref
    school: Ref


class RosterStudent(BaseModel):
    id: uuid.UUID
    last_name: str
    first_name: str
    middle_name: str | None


class GuardianIn(_In):
    account_id: uuid.UUID


class GuardianOut(BaseModel):
    student_id: uuid.UUID
    account_id: uuid.UUID


class BellIn(_In):
    number: int = Field(ge=0, le=12)
    starts_at: time = Field(examples=["08:30"])
    ends_at: time = Field(examples=["09:15"])


class BellOut(BaseModel):
    number: int
    starts_at: time
    ends_at: time


class SlotIn(_In):
    weekday: int = Field(ge=1, le=7, description="1 — понедельник … 7 — воскресенье")
    number: int = Field(ge=0, le=12, description="Номер урока по расписанию звонков")
    subject_id: uuid.UUID
    teacher_id: uuid.UUID
    room: Annotated[str, Field(max_length=20, examples=["214"]), OneLine] | None = None


class SlotOut(BaseModel):
    id: uuid.UUID
    weekday: int
    number: int
    subject: Ref
    teacher: Ref
    room: str | None
