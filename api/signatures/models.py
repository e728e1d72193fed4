"""Signature challenges (a code sent, awaited) and the signatures they produced."""

from __future__ import annotations

import enum
import uuid
from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from api.db import Base
from api.diary.types import TS, pg_enum


class SignatureSubject(enum.StrEnum):
    learning_plan = "learning_plan"
    report_ack = "report_ack"  # acknowledgement of a saved report


class SignatureChallenge(Base):
    """A guardian asked to sign ``subject``; the SMS code (``code_id``, a row of the
    identity's one-time codes) is awaited. ``document_sha256`` is the text shown then:
    a different text at confirmation is refused."""

    __tablename__ = "signature_challenges"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    account_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("accounts.id", ondelete="CASCADE"), index=True
    )
    student_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("students.id", ondelete="CASCADE"))
    subject_type: Mapped[SignatureSubject] = mapped_column(
        pg_enum(SignatureSubject, "signature_subject")
    )
    subject_id: Mapped[uuid.UUID]
    document_sha256: Mapped[str] = mapped_column(String(64))
    code_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("one_time_codes.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(TS)
    expires_at: Mapped[datetime] = mapped_column(TS)
    completed_at: Mapped[datetime | None] = mapped_column(TS)


class FamilySignature(Base):
    """A guardian's simple electronic signature: the canonical JSON of what was signed,
    kept as signed, and its SHA-256 (a later change of the subject no longer matches)."""

    __tablename__ = "family_signatures"
    __table_args__ = (
        Index(
            "uq_family_signatures_subject_account",
            "subject_type",
            "subject_id",
            "account_id",
            unique=True,
        ),
        Index("ix_family_signatures_account_id_signed_at", "account_id", "signed_at"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    challenge_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("signature_challenges.id", ondelete="CASCADE"), unique=True
    )
    account_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"))
    student_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("students.id", ondelete="CASCADE"), index=True
    )
    subject_type: Mapped[SignatureSubject] = mapped_column(
        pg_enum(SignatureSubject, "signature_subject")
    )
    subject_id: Mapped[uuid.UUID]
    signer_name: Mapped[str] = mapped_column(String(200))
    document: Mapped[str] = mapped_column(Text)  # canonical JSON, byte for byte as hashed
    document_sha256: Mapped[str] = mapped_column(String(64))
    signed_at: Mapped[datetime] = mapped_column(TS)
