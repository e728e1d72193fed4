from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from api.support.models import SupportTicketStatus
from api.text import Lines, OneLine

MessageText = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=5000),
    Lines,
]


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid")


class TicketIn(_In):
    subject: Annotated[
        str,
        StringConstraints(strip_whitespace=True, min_length=3, max_length=200),
        OneLine,
    ] = Field(examples=["Не отображается список классов"])
    description: MessageText = Field(
        description="Что случилось и что уже сделано (seed: описание ошибки)"
    )
    application_number: (
        Annotated[str, StringConstraints(strip_whitespace=True, max_length=20), OneLine] | None
    ) = Field(default=None, examples=["ЭД-2026-000123"], description="Номер заявления")
    screenshot_document_id: uuid.UUID | None = Field(
        default=None, description="Скриншот экрана (id из /api/v1/me/documents)"
    )


class MessageIn(_In):
    text: MessageText


class TicketMessageOut(BaseModel):
    from_staff: bool
    author_name: str | None = Field(description="Имя сотрудника поддержки или «Вы»")
    text: str
    created_at: datetime


class TicketListItem(BaseModel):
    id: uuid.UUID
    number: str = Field(examples=["ОБ-2026-000045"])
    subject: str
    status: SupportTicketStatus
    status_label: str
    application_number: str | None
    created_at: datetime
    updated_at: datetime


class TicketOut(TicketListItem):
    description: str
    screenshot_document_id: uuid.UUID | None
    closed_at: datetime | None
    messages: list[TicketMessageOut]


class TicketPage(BaseModel):
    items: list[TicketListItem]
    total: int
    limit: int
    offset: int
