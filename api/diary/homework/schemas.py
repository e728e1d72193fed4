from __future__ import annotations

import datetime as dt
import uuid

from pydantic import BaseModel, ConfigDict, Field

from api.diary.schemas import Attachment, Instant, Ref


class HomeworkIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    text: str = Field(min_length=1, max_length=5000, examples=["§ 12, № 214–216"])
    due_date: dt.date = Field(examples=["2026-11-25"])
    attachments: list[Attachment] = Field(default_factory=list, max_length=10)


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

    body: str = Field(min_length=1, max_length=2000)


class CommentOut(BaseModel):
    id: uuid.UUID
    author: Ref
    body: str
    created_at: Instant
