from __future__ import annotations

import uuid
from typing import Annotated

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, StringConstraints

from api.diary.events.models import EventKind
from api.diary.schemas import LocalInstant, Ref, WorkTypeRef
from api.notifications.schemas import HhMm
from api.text import Lines, OneLine

Title = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200), OneLine
]
Place = Annotated[str, StringConstraints(strip_whitespace=True, max_length=200), OneLine]
Description = Annotated[str, StringConstraints(strip_whitespace=True, max_length=2000), Lines]


class EventIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    school_id: uuid.UUID
    class_ids: list[uuid.UUID] | None = Field(
        default=None, max_length=100, description="Классы; без них — вся школа"
    )
    kind: EventKind = Field(examples=["parent_meeting"])
    title: Title = Field(examples=["Родительское собрание 9-Б"])
    starts_at: AwareDatetime = Field(examples=["2026-12-10T18:00:00+03:00"])
    ends_at: AwareDatetime = Field(examples=["2026-12-10T19:00:00+03:00"])
    place: Place | None = Field(default=None, examples=["Актовый зал"])
    description: Description | None = None


class Event(BaseModel):
    """An event of the school or a class, a school holiday (``holiday``, read from the
    school's days off) or a planned test (``test`` with ``lesson_id`` and ``subject``)."""

    id: uuid.UUID
    school_id: uuid.UUID
    class_ids: list[uuid.UUID] = Field(description="Классы; пусто — вся школа")
    kind: EventKind
    title: str
    starts_at: LocalInstant
    ends_at: LocalInstant
    all_day: bool = Field(description="Целые дни (каникулы): время не показывается")
    place: str | None
    description: str | None
    lesson_id: uuid.UUID | None = Field(description="Урок, на котором запланирована работа")
    subject: Ref | None


class PlannedWorkIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    work_type_code: str | None = Field(
        max_length=32,
        description="Вид работы школы (test — контрольная); null — ничего не запланировано",
        examples=["test"],
    )


class PlannedWorkOut(BaseModel):
    lesson_id: uuid.UUID
    planned_work: WorkTypeRef | None = Field(description="Запланированная работа или null")


class ReminderTimeIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    # The same ЧЧ:ММ (and its Russian message) as the quiet hours.
    time: HhMm = Field(
        description="Во сколько накануне напоминать (часы:минуты, по времени школы)",
        examples=["18:00"],
    )


class ReminderTimeOut(BaseModel):
    time: str = Field(description="Во сколько накануне напоминать (по времени школы)")
    default: bool = Field(description="Время не выбрано: действует 18:00")
