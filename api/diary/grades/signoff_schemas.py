from __future__ import annotations

import uuid
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from api.instants import Instant


class SignedRecordOut(BaseModel):
    """A signed term record (REPORTS.md §5). ``signature`` is a compact JWS with a detached
    payload: the payload is the canonical JSON of ``document`` (docs/reports.md)."""

    id: uuid.UUID
    document: dict[str, Any] = Field(
        description="Ведомость: school, class, subject, term, signer, signed_at, "
        "grades [{student_id, student_name, term_grade}], corrects, correction_reason"
    )
    signature: str = Field(description="Компактная JWS ES256 с отделённым содержимым")
    key_id: str
    signed_at: Instant
    corrects: uuid.UUID | None = Field(description="Какую запись исправляет эта")
    corrected_by: uuid.UUID | None = Field(description="Запись, которая исправила эту")
    correction_reason: str | None
    excerpt: bool = Field(
        description="Выписка: только строка своего ребёнка (для семьи), со своей подписью"
    )


class VerifyIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    document: dict[str, Any]
    signature: str = Field(min_length=1, max_length=4000)


class VerifyOut(BaseModel):
    valid: bool
    key_id: str | None
    signed_at: str | None = Field(description="Из документа, только если подпись верна")
    signer_name: str | None = Field(description="Из документа, только если подпись верна")
    reason: str | None = Field(
        description="Почему неверна: malformed | unknown_key | signature_mismatch"
    )
    record_id: uuid.UUID | None
    corrected_by: uuid.UUID | None = Field(
        description="Запись исправлена: действует исправляющая (если известна этому серверу)"
    )


class RecordCheckOut(VerifyOut):
    """The public check behind a signed record's QR code: the server's copy verified, and
    what it is of — no pupil's name or grade (those are on the paper being checked)."""

    school_name: str | None
    class_name: str | None
    subject_name: str | None
    term_name: str | None = Field(description="Период и учебный год, «2-я четверть 2026/2027»")
    grades_count: int | None = Field(description="Сколько учеников в ведомости")
    corrects: uuid.UUID | None = Field(description="Какую запись исправляет эта")


class JwksOut(BaseModel):
    keys: list[dict[str, str]]
