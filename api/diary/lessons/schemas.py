from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from api.diary.lessons.models import LessonStatus
from api.diary.schemas import LocalInstant, Ref, WorkTypeRef
from api.diary.structure.schemas import RosterStudent
from api.text import OneLine


class LessonSummary(BaseModel):
    id: uuid.UUID
    date: dt.date
    number: int
    starts_at: LocalInstant
    ends_at: LocalInstant
    status: LessonStatus
    topic: str | None
    room: str | None
    change_note: str | None
    school_class: Ref
    subject: Ref
    teacher: Ref
    substitute_teacher: Ref | None
    original_date: dt.date | None = Field(description="Прежняя дата перенесённого урока")
    planned_work: WorkTypeRef | None = Field(
        default=None,
        description="Работа, запланированная на урок (контрольная): PUT …/planned-work",
    )


class LessonOut(LessonSummary):
    students: list[RosterStudent] = Field(
        description="Список класса (для учителей и администрации; семьям — пусто)"
    )


class LessonPatch(BaseModel):
    """Topic and room: the lesson's teacher. Cancel, move, substitute: school staff."""

    model_config = ConfigDict(extra="forbid")

    topic: Annotated[str, Field(max_length=500), OneLine] | None = None
    room: Annotated[str, Field(max_length=20), OneLine] | None = None
    status: Literal["scheduled", "cancelled"] | None = None
    date: dt.date | None = Field(default=None, description="Перенос: новая дата")
    number: int | None = Field(default=None, ge=0, le=12, description="Перенос: номер урока")
    substitute_teacher_id: uuid.UUID | None = None
    change_note: (
        Annotated[str, Field(max_length=300, examples=["Болезнь учителя"]), OneLine] | None
    ) = None


class GenerationOut(BaseModel):
    created: int = Field(description="Сколько уроков создано")
    existing: int = Field(description="Сколько уже было (повторный запуск ничего не дублирует)")
