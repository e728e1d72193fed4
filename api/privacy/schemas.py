"""Bodies of ``/api/v1/me/data-exports``, ``/api/v1/me/erasure`` and ``/api/v1/me/consents``."""

from __future__ import annotations

import uuid
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from api.instants import Instant


class DataExportIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    format: Literal["json", "pdf"] = Field(
        description="json — всё как есть, для программ; pdf — таблицы для чтения и печати"
    )


class ErasureIn(BaseModel):
    """Deleting the account is confirmed by the account's password, as the house does for
    sensitive actions: a session left open on someone else's phone is not enough."""

    model_config = ConfigDict(extra="forbid")

    password: str = Field(min_length=1, max_length=256, description="Текущий пароль")


class StatementItem(BaseModel):
    what: str
    count: int | None = None
    why: str | None = Field(default=None, description="Правовое основание хранения")
    period: str | None = Field(default=None, description="Срок хранения")


class ErasureStatement(BaseModel):
    deleted: list[StatementItem]
    withdrawn: list[StatementItem]
    kept: list[StatementItem]


class ErasureOut(BaseModel):
    id: uuid.UUID
    status: Literal["scheduled", "cancelled", "done"]
    requested_at: Instant
    execute_after: Instant = Field(description="Когда учётная запись будет удалена")
    cancelled_at: Instant | None
    done_at: Instant | None
    statement: ErasureStatement = Field(description="Что удаляется, что сохраняется и почему")


class ConsentOut(BaseModel):
    id: uuid.UUID = Field(description="Заявление, в котором дано согласие")
    title: str = Field(description="Название согласия (его текст: /api/v1/consents/{version})")
    version: int = Field(description="Редакция текста согласия")
    given_at: Instant
    withdrawn_at: Instant | None
    application_number: str | None
    application_status: str
    school_name: str | None
    relies_on_it: list[str] = Field(description="Что перестанет делаться, если отозвать")


class ConsentList(BaseModel):
    items: list[ConsentOut]


class ConsentWithdrawnOut(ConsentOut):
    stopped: list[str] = Field(description="Что прекращено отзывом")
