"""Bodies of ``/api/v1/signatures`` (REPORTS.md §6)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from api.signatures.models import SignatureSubject

SmsCode = Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^\d{6}$")]


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid")


class SignatureStart(_In):
    subject_type: SignatureSubject = Field(
        description="learning_plan — ИУП; report_ack — ознакомление с сохранённым отчётом"
    )
    subject_id: uuid.UUID = Field(description="id плана или сохранённого отчёта")


class SignatureConfirm(_In):
    code: SmsCode = Field(description="6 цифр из СМС", examples=["123456"])


class ChallengeOut(BaseModel):
    challenge_id: uuid.UUID
    sms_sent_to: str = Field(examples=["+7 *** ***-**-67"])
    code_expires_at: datetime
    resend_available_at: datetime
    document_sha256: str = Field(description="SHA-256 канонического JSON подписываемого")


class SignatureOut(BaseModel):
    id: uuid.UUID
    signed_at: datetime
    signer_name: str
    document_sha256: str


class SignatureDetail(SignatureOut):
    subject_type: SignatureSubject
    subject_id: uuid.UUID
    student_id: uuid.UUID
    document: str = Field(description="Подписанный документ: канонический JSON, как хэширован")
    intact: bool = Field(description="Документ сейчас тот же, что подписан")


class SignaturePage(BaseModel):
    items: list[SignatureDetail]
    total: int
    limit: int
    offset: int
