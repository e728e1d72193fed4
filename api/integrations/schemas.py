"""Shapes of contract §1 (``ClientIn``, ``Client``, ``ClientCreated``)."""

from __future__ import annotations

import enum
import uuid
from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator

from api.integrations.scopes import KNOWN, SCOPES
from api.text import Lines, OneLine

Name = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100), OneLine
]
LegalBasis = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=5, max_length=300), OneLine
]
Description = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000), Lines
]
RateLimit = Annotated[int, Field(ge=1, le=6000, description="Запросов в минуту")]
Scope = Annotated[str, Field(examples=[SCOPES[10]], json_schema_extra={"enum": list(SCOPES)})]


class ClientStatus(enum.StrEnum):
    active = "active"
    revoked = "revoked"
    expired = "expired"


def _known_scopes(scopes: list[str]) -> list[str]:
    unknown = [s for s in scopes if s not in KNOWN]
    if unknown:
        raise ValueError(f"unknown scope: {', '.join(unknown)}")
    return sorted(set(scopes), key=SCOPES.index)


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ClientIn(_In):
    name: Name
    scopes: list[Scope] = Field(min_length=1, max_length=len(SCOPES))
    rate_limit_per_minute: RateLimit = 600
    legal_basis: LegalBasis = Field(
        description="Основание обработки ПДн",
        examples=["Договор поручения обработки ПДн № 12 от 01.09.2026"],
    )
    description: Description | None = None
    expires_at: datetime | None = None
    school_id: uuid.UUID | None = Field(
        default=None, description="Только для администратора платформы"
    )

    _scopes = field_validator("scopes")(_known_scopes)


class ClientPatch(_In):
    name: Name | None = None
    scopes: list[Scope] | None = Field(default=None, min_length=1, max_length=len(SCOPES))
    rate_limit_per_minute: RateLimit | None = None

    @field_validator("scopes")
    @classmethod
    def _scopes(cls, scopes: list[str] | None) -> list[str] | None:
        return None if scopes is None else _known_scopes(scopes)


class RotateIn(_In):
    grace_period_hours: int = Field(
        default=0, ge=0, le=168, description="Сколько часов прежний секрет ещё действует"
    )


class RevokeIn(_In):
    reason: (
        Annotated[
            str, StringConstraints(strip_whitespace=True, min_length=1, max_length=500), OneLine
        ]
        | None
    ) = None


class ClientOut(BaseModel):
    id: uuid.UUID
    client_id: str = Field(examples=["edc_4fJq0aZ8xYb2LmN7pQr5sT"])
    name: str
    school_id: uuid.UUID
    scopes: list[str]
    rate_limit_per_minute: int
    status: ClientStatus
    secret_hint: str = Field(examples=["edsk_…9f3a"])
    legal_basis: str
    description: str | None
    created_at: datetime
    created_by: uuid.UUID | None
    last_used_at: datetime | None
    expires_at: datetime | None
    revoked_at: datetime | None


class ClientCreated(ClientOut):
    client_secret: str = Field(description="Показывается один раз: сохраните его сразу")
    previous_secret_expires_at: datetime | None = Field(
        default=None, description="До какого момента действует прежний секрет (после ротации)"
    )


class ClientPage(BaseModel):
    items: list[ClientOut]
    total: int
    limit: int
    offset: int
