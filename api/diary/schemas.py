"""Shapes shared by the diary's endpoints, and how instants are written.

Instants are written to the second: lesson times in the school's own offset
(``2026-11-23T08:30:00+10:00``), other instants in UTC (``2026-11-23T05:30:00Z``, see
``api.instants``). The fast path writes the same strings from SQL (``api/diary/sql.py``).
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Generic, Literal, TypeVar

from pydantic import BaseModel, Field, PlainSerializer

from api.identity.models import Account

T = TypeVar("T")


def local_text(value: datetime) -> str:
    """``value`` must already be in the school's zone (see ``in_zone``)."""
    return value.isoformat(timespec="seconds")


LocalInstant = Annotated[
    datetime,
    PlainSerializer(local_text, return_type=str, when_used="json"),
    Field(
        description="Момент времени со смещением часового пояса школы",
        examples=["2026-11-23T08:30:00+10:00"],
    ),
]

GradeValue = Annotated[
    int | Literal["pass", "fail"],
    Field(description="Оценка 1–5 или зачёт (pass) / незачёт (fail)", examples=[5, "pass"]),
]


class Ref(BaseModel):
    id: uuid.UUID
    name: str


class Page(BaseModel, Generic[T]):
    items: list[T]
    total: int
    limit: int
    offset: int


class WorkTypeRef(BaseModel):
    code: str = Field(examples=["test"])
    name: str = Field(examples=["Контрольная работа"])
    weight: float = Field(examples=[2.0])


def person_name(last_name: str, first_name: str, middle_name: str | None) -> str:
    return " ".join(p for p in (last_name, first_name, middle_name) if p)


def account_ref(account: Account) -> Ref:
    return Ref(
        id=account.id,
        name=person_name(account.last_name, account.first_name, account.middle_name),
    )


class Attachment(BaseModel):
    name: str = Field(min_length=1, max_length=200, examples=["Учебник, § 12"])
    url: str = Field(
        min_length=1, max_length=1000, pattern=r"^https?://", examples=["https://example.org/a.pdf"]
    )


class AttendanceState(BaseModel):
    status: Literal["present", "absent", "late", "excused"]
    minutes_late: int | None
    reason: str | None
