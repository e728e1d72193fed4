from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from api.connection_requests.models import ConnectionRequestStatus
from api.identity.schemas import Email
from api.text import Lines, OneLine
from api.validation.types import PhoneStr

Text2000 = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=2000),
    Lines,
]


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ConnectionRequestIn(_In):
    school_id: uuid.UUID = Field(description="Школа из реестра, ещё не подключённая")
    contact_name: Annotated[
        str,
        StringConstraints(strip_whitespace=True, min_length=2, max_length=200),
        OneLine,
    ] = Field(description="Кто просит: ФИО контактного лица")
    contact_phone: PhoneStr
    contact_email: Email | None = None
    message: Text2000 = Field(description="Текст обращения в департамент образования")
    letter_document_id: uuid.UUID | None = Field(
        default=None, description="Скан письма в департамент (id из /api/v1/me/documents)"
    )


class ConnectionDecisionIn(_In):
    status: Literal["in_progress", "connected", "declined"]
    comment: (
        Annotated[
            str,
            StringConstraints(strip_whitespace=True, max_length=2000),
            Lines,
        ]
        | None
    ) = None
    expected_date: date | None = Field(
        default=None, description="Примерная дата ввода в эксплуатацию (seed)"
    )


class SchoolRef(BaseModel):
    id: uuid.UUID
    short_name: str
    inn: str
    region_code: str
    region_name: str
    connected: bool


class ConnectionRequestOut(BaseModel):
    id: uuid.UUID
    status: ConnectionRequestStatus
    status_label: str = Field(examples=["Направлена в департамент образования"])
    school: SchoolRef
    addressee: str = Field(
        examples=["Орган управления образованием: Москва"],
        description="Кому направлена заявка: орган управления образованием региона школы",
    )
    contact_name: str
    contact_phone: str
    contact_email: str | None
    message: str
    letter_document_id: uuid.UUID | None
    staff_comment: str | None
    expected_date: date | None
    created_at: datetime
    updated_at: datetime


class ConnectionRequestPage(BaseModel):
    items: list[ConnectionRequestOut]
    total: int
    limit: int
    offset: int
