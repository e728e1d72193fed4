from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, StringConstraints

from api.diary.schemas import LocalInstant, Ref
from api.text import OneLine

Title = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200), OneLine
]
Place = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200), OneLine
]


class MeetingSlotIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    starts_at: AwareDatetime = Field(examples=["2026-12-10T18:00:00+03:00"])
    ends_at: AwareDatetime = Field(examples=["2026-12-10T18:15:00+03:00"])


class MeetingIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    class_id: uuid.UUID
    title: Title = Field(examples=["Встреча с классным руководителем"])
    place: Place = Field(examples=["Кабинет 214"])
    slots: list[MeetingSlotIn] = Field(min_length=1, max_length=60)


class BookingIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    student_id: uuid.UUID


class Slot(BaseModel):
    """Families see only whether a slot is taken, never by whom."""

    id: uuid.UUID
    starts_at: LocalInstant
    ends_at: LocalInstant
    booked: bool
    booked_by_me: bool = Field(description="Забронировано для этого ученика (мной)")


class Meeting(BaseModel):
    id: uuid.UUID
    class_id: uuid.UUID
    title: str
    place: str
    slots: list[Slot]


class ScheduleSlot(BaseModel):
    id: uuid.UUID
    starts_at: LocalInstant
    ends_at: LocalInstant
    student: Ref | None = Field(description="Кто записан (видит только организатор)")
    booked_at: datetime | None


class MeetingSchedule(BaseModel):
    """The organiser's view: who booked which slot."""

    id: uuid.UUID
    class_id: uuid.UUID
    class_name: str
    title: str
    place: str
    organiser: Ref
    slots: list[ScheduleSlot]
