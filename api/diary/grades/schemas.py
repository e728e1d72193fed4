from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PlainValidator,
    StringConstraints,
    WithJsonSchema,
)
from pydantic_core import PydanticCustomError

from api.diary.grades.models import GradeAction, GradePeriod, WorkType
from api.diary.schemas import GradeValue, Ref, WorkTypeRef
from api.diary.structure.models import SubjectAssessment
from api.instants import Instant
from api.text import Lines, OneLine


def _grade_value(value: Any) -> int | str:
    if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 5:
        return value
    if value in ("pass", "fail"):
        return str(value)
    raise PydanticCustomError(
        "grade_value",
        "A grade is a whole number from 1 to 5, or pass / fail",
        {"ru": "Оценка — целое число от 1 до 5 или зачёт (pass) / незачёт (fail)"},
    )


GradeInValue = Annotated[
    int | str,
    PlainValidator(_grade_value),
    WithJsonSchema(
        {
            "description": "Оценка 1–5 или зачёт (pass) / незачёт (fail)",
            "oneOf": [
                {"type": "integer", "minimum": 1, "maximum": 5},
                {"type": "string", "enum": ["pass", "fail"]},
            ],
        }
    ),
]
WorkTypeCode = Annotated[str, Field(pattern=r"^[a-z][a-z_]{0,31}$", examples=["test"])]


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid")


class GradeIn(_In):
    student_id: uuid.UUID
    value: GradeInValue
    work_type: WorkTypeCode | None = Field(
        default=None, description="Код вида работы; по умолчанию — вид работы школы по умолчанию"
    )
    comment: Annotated[str, Field(max_length=500), Lines] | None = None
    absent_confirmed: bool = Field(
        default=False,
        description="Ученик отмечен «Н» на этом уроке, и учитель подтверждает оценку (работа "
        "сдана позже). Без подтверждения такая оценка не ставится: 422, код student_absent",
    )


class WorkTypeIn(_In):
    name: Annotated[
        str, Field(min_length=1, max_length=100, examples=["Контрольная работа"]), OneLine
    ]
    weight: float = Field(gt=0, le=10, multiple_of=0.1, examples=[2.0])
    is_default: bool = False


class WorkTypeOut(WorkTypeRef):
    is_default: bool


class GradingPolicyIn(_In):
    five_from: float = Field(gt=1, le=5, multiple_of=0.01, examples=[4.5])
    four_from: float = Field(gt=1, le=5, multiple_of=0.01, examples=[3.5])
    three_from: float = Field(ge=1, le=5, multiple_of=0.01, examples=[2.5])


class GradingPolicyOut(BaseModel):
    five_from: float
    four_from: float
    three_from: float


class GradeChangeOut(BaseModel):
    id: int
    grade_id: uuid.UUID
    lesson_id: uuid.UUID
    date: dt.date
    subject: Ref
    action: GradeAction
    old_value: str | None = Field(examples=["4"])
    new_value: str | None = Field(examples=["5"])
    comment: str | None
    changed_by: Ref
    changed_at: Instant


class HypotheticalGrade(_In):
    value: GradeInValue
    work_type: WorkTypeCode | None = None


class WhatIfIn(_In):
    subject_id: uuid.UUID
    term_id: uuid.UUID | None = None
    hypothetical: list[HypotheticalGrade] = Field(default_factory=list, max_length=30)


class AverageTerm(BaseModel):
    id: uuid.UUID
    name: str
    starts_on: dt.date
    ends_on: dt.date


class AverageGrade(BaseModel):
    value: GradeValue
    work_type: WorkTypeRef
    date: dt.date | None
    hypothetical: bool


class AverageOut(BaseModel):
    student_id: uuid.UUID
    subject: Ref
    assessment: SubjectAssessment
    term: AverageTerm
    grades: list[AverageGrade]
    weighted_sum: float = Field(description="Σ оценка × вес")
    weight_total: float = Field(description="Σ весов")
    average: float | None = Field(description="Средневзвешенный балл, до сотых")
    thresholds: GradingPolicyOut
    result: GradeValue | None = Field(description="Итоговая оценка по правилам школы")
    explanation: str


class TermGradeIn(_In):
    subject_id: uuid.UUID
    term_id: uuid.UUID | None = Field(
        default=None, description="Период; без него — годовая оценка за учебный год периода"
    )
    academic_year: int | None = Field(default=None, ge=2000, le=2100)
    correction_reason: Annotated[str, StringConstraints(strip_whitespace=True), OneLine] | None = (
        Field(
            default=None,
            min_length=3,
            max_length=500,
            description="Причина исправления подписанных итоговых оценок: без неё изменение "
            "подписанной оценки отклоняется (409 term_signed), с ней подписывается новая ведомость",
        )
    )


class TermGradeOut(BaseModel):
    student_id: uuid.UUID
    subject: Ref
    period: GradePeriod
    term_id: uuid.UUID | None
    academic_year: int
    value: GradeValue | None
    average: float | None
    set_at: Instant


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


class RecordedGrade(GradeOut):
    """A grade as just recorded, with what the journal should tell the teacher about it."""

    absent: bool = Field(
        description="Ученик отмечен «Н» на этом уроке: оценка поставлена с подтверждением учителя"
    )


def grade_value(score: int | None, passed: bool | None) -> GradeValue:
    if score is not None:
        return score
    return "pass" if passed else "fail"


def work_type_ref(work_type: WorkType) -> WorkTypeRef:
    return WorkTypeRef(code=work_type.code, name=work_type.name, weight=float(work_type.weight))
