from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator
from pydantic_core import PydanticCustomError

from api.diary.schemas import Attachment, Ref
from api.instants import Instant
from api.text import Lines

# How a student's homework list is sorted by due date.
HomeworkOrder = Literal["latest", "soonest"]

# One set of limits for setting and for correcting a homework.
HomeworkText = Annotated[
    str, Field(min_length=1, max_length=5000, examples=["§ 12, № 214–216"]), Lines
]
DueDate = Annotated[dt.date, Field(examples=["2026-11-25"])]
Attachments = Annotated[list[Attachment], Field(max_length=10)]


class HomeworkIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    text: HomeworkText
    due_date: DueDate
    attachments: Attachments = Field(default_factory=list)


def _optional_not_nullable(schema: dict[str, Any]) -> None:
    """The contract shows the fields as optional, not nullable (``null`` is refused)."""
    for prop in schema.get("properties", {}).values():
        prop.pop("default", None)
        variants = prop.pop("anyOf", None)
        if variants is not None:
            (sent,) = [v for v in variants if v.get("type") != "null"]
            prop.update(sent)


class HomeworkPatch(BaseModel):
    """Only the fields sent change (``model_fields_set``); ``attachments`` replaces the
    whole list, an empty one clears it."""

    model_config = ConfigDict(extra="forbid", json_schema_extra=_optional_not_nullable)

    text: HomeworkText | None = None
    due_date: DueDate | None = None
    attachments: Attachments | None = None

    @field_validator("text", "due_date", "attachments", mode="before")
    @classmethod
    def _not_null(cls, value: object) -> object:
        # Absent means "keep"; an explicit null would mean "erase", and a homework cannot
        # be without its text or due date (an empty list clears the attachments).
        if value is None:
            raise PydanticCustomError(
                "null_not_allowed", "May be omitted, not null", {"ru": "Поле нельзя очистить"}
            )
        return value


class HomeworkOut(BaseModel):
    id: uuid.UUID
    lesson_id: uuid.UUID
    lesson_date: dt.date
    subject: Ref
    teacher: Ref
    text: str
    due_date: dt.date
    attachments: list[Attachment]
    created_at: Instant


class StudentHomeworkOut(HomeworkOut):
    done: bool
    comments: int = Field(description="Сколько сообщений в обсуждении с учителем")


class DoneIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    done: bool


class CommentIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    body: Annotated[str, Field(min_length=1, max_length=2000), Lines]


class CommentOut(BaseModel):
    id: uuid.UUID
    author: Ref
    body: str
    created_at: Instant
