from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from api.diary.attendance.models import AbsenceNoteStatus
from api.diary.schemas import Ref
from api.instants import Instant
from api.text import Lines

Status = Literal["present", "absent", "late", "excused"]


class AttendanceIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    student_id: uuid.UUID
    status: Status
    minutes_late: int | None = Field(default=None, ge=1, le=240)
    reason: Annotated[str, Field(max_length=300), Lines] | None = None


class AttendanceOut(BaseModel):
    student_id: uuid.UUID
    lesson_id: uuid.UUID
    date: dt.date
    lesson_number: int
    subject: Ref
    status: Status
    minutes_late: int | None
    reason: str | None
    updated_at: Instant


class AbsenceNoteIn(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    from_date: dt.date = Field(alias="from", examples=["2026-11-24"])
    to_date: dt.date = Field(alias="to", examples=["2026-11-26"])
    reason: Annotated[
        str, Field(min_length=3, max_length=500, examples=["ОРВИ, справка будет"]), Lines
    ]


class AbsenceNoteRejectIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    reason: str = Field(
        min_length=3, max_length=500, examples=["Нужна справка от врача за 24–26 ноября"]
    )


class AbsenceNoteRejection(BaseModel):
    reason: str
    by: Ref
    at: Instant


class AbsenceNoteOut(BaseModel):
    model_config = ConfigDict(populate_by_name=True)

    id: uuid.UUID
    student_id: uuid.UUID
    from_date: dt.date = Field(serialization_alias="from")
    to_date: dt.date = Field(serialization_alias="to")
    reason: str
    status: AbsenceNoteStatus
    filed_by: Ref
    acknowledged_by: Ref | None = Field(description="Кто принял объяснительную")
    acknowledged_at: Instant | None
    rejection: AbsenceNoteRejection | None = Field(
        description="Объяснительная не принята: почему, кто и когда (семья это видит)"
    )
    created_at: Instant


class ClassAbsenceNoteOut(AbsenceNoteOut):
    """A note in the class teacher's list: with the pupil it is about."""

    student: Ref
