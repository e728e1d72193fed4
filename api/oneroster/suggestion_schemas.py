"""The teacher's view of platform results (``/api/v1``, snake_case)."""

from __future__ import annotations

import datetime as dt
import uuid

from pydantic import BaseModel, ConfigDict, Field

from api.diary.grades.schemas import GradeInValue, WorkTypeCode
from api.diary.schemas import Ref
from api.oneroster.models import SuggestionStatus


class SuggestedLineItem(BaseModel):
    id: uuid.UUID
    title: str
    assign_date: dt.datetime
    due_date: dt.datetime
    result_value_min: float
    result_value_max: float
    work_type: str = Field(description="Код вида работы, который указала платформа")
    work_type_name: str


class SuggestionOut(BaseModel):
    id: uuid.UUID
    status: SuggestionStatus
    student: Ref
    subject: Ref
    line_item: SuggestedLineItem
    platform: str = Field(description="Название клиента интеграции")
    score: float | None
    text_score: str | None
    score_status: str
    score_date: dt.date
    comment: str | None
    suggested_value: int | str | None = Field(
        description="Оценка 1–5 или pass/fail, на которую похож результат (только подсказка)"
    )
    grade_id: uuid.UUID | None = Field(description="Оценка журнала, если предложение принято")
    decided_at: dt.datetime | None
    updated_at: dt.datetime


class AcceptIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    lesson_id: uuid.UUID = Field(description="Урок этого класса и предмета, за который оценка")
    value: GradeInValue
    work_type: WorkTypeCode | None = Field(
        default=None, description="Вид работы; по умолчанию — указанный платформой"
    )
    absent_confirmed: bool = Field(
        default=False, description="Ученик отмечен «Н» на уроке, и учитель подтверждает оценку"
    )
