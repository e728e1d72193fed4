"""Shapes of contract §5 (``Webhook``, ``Delivery``)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator

from api.text import OneLine
from api.webhooks.events import EVENT_TYPES
from api.webhooks.models import DeliveryStatus, WebhookStatus

Url = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=8, max_length=2000), OneLine
]
EventType = Annotated[
    str, Field(examples=["grade.created"], json_schema_extra={"enum": list(EVENT_TYPES)})
]
Description = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=500), OneLine
]


def _unique(types: list[str]) -> list[str]:
    return list(dict.fromkeys(types))


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid")


class WebhookIn(_In):
    url: Url = Field(examples=["https://lms.example.ru/hooks/edudiary"])
    event_types: list[EventType] = Field(min_length=1, max_length=len(EVENT_TYPES))
    description: Description | None = None

    _types = field_validator("event_types")(_unique)


class WebhookPatch(_In):
    url: Url | None = None
    event_types: list[EventType] | None = Field(
        default=None, min_length=1, max_length=len(EVENT_TYPES)
    )
    status: WebhookStatus | None = Field(
        default=None, description="enabled или disabled (auto_disabled ставит только система)"
    )

    @field_validator("event_types")
    @classmethod
    def _types(cls, types: list[str] | None) -> list[str] | None:
        return None if types is None else _unique(types)


class WebhookOut(BaseModel):
    id: uuid.UUID
    url: str
    event_types: list[str]
    status: WebhookStatus
    description: str | None = None
    created_at: datetime
    disabled_reason: str | None = None


class WebhookCreated(WebhookOut):
    secret: str = Field(
        description="Ключ подписи whsec_…: показывается один раз", examples=["whsec_…"]
    )


class WebhookSecret(BaseModel):
    secret: str = Field(description="Новый ключ подписи; прежний подписывает ещё 24 часа")


class WebhookPage(BaseModel):
    items: list[WebhookOut]
    total: int
    limit: int
    offset: int


class AttemptOut(BaseModel):
    attempt: int
    at: datetime
    response_status: int | None
    duration_ms: int
    error: str | None


class DeliveryOut(BaseModel):
    id: uuid.UUID
    message_id: str = Field(examples=["msg_01JEXAMPLE0000000000000000"])
    event_id: str
    event_type: str
    status: DeliveryStatus
    attempts: list[AttemptOut]
    next_attempt_at: datetime | None
    created_at: datetime


class DeliveryPage(BaseModel):
    items: list[DeliveryOut]
    total: int
    limit: int
    offset: int


class TestAccepted(BaseModel):
    event_id: str
    delivery_id: uuid.UUID
