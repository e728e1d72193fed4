"""Signed term records («подписанная ведомость»): a class's term grades in a subject, signed
by the teacher with the API's published keys (api/diary/grades/signing.py)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, String, Text, func
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from api.db import Base
from api.diary.types import TS


class SignedRecord(Base):
    """``document`` is the canonical JSON text exactly as signed (not JSONB, which would
    re-order nothing that matters but is not the signed bytes). A correction is a new row
    whose ``corrects_id`` names the record it replaces; a record is corrected at most once,
    so the records of a class, subject and term form one chain whose head is in force.

    ``excerpts`` holds, per student id, the signature of the same document cut down to
    that student's row (``excerpt_for`` set): what a family is shown, so it can verify its
    own child's grade without seeing the classmates'."""

    __tablename__ = "signed_records"
    __table_args__ = (
        Index("ix_signed_records_class_subject_term", "class_id", "subject_id", "term_id"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    school_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("schools.id", ondelete="CASCADE"))
    class_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("school_classes.id", ondelete="CASCADE"))
    subject_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("subjects.id", ondelete="CASCADE"))
    term_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("terms.id", ondelete="CASCADE"))
    signer_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("accounts.id"))
    document: Mapped[str] = mapped_column(Text)
    signature: Mapped[str] = mapped_column(Text)
    key_id: Mapped[str] = mapped_column(String(64))
    signed_at: Mapped[datetime] = mapped_column(TS)
    corrects_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("signed_records.id", ondelete="CASCADE"), unique=True
    )
    correction_reason: Mapped[str | None] = mapped_column(String(500))
    excerpts: Mapped[dict[str, Any]] = mapped_column(JSONB)


class RecordSigningKey(Base):
    """Every public key that has signed a record. Access-token keys leave the JWKS after
    rotation; a record must stay verifiable for years, so its key is kept here and
    published at ``GET /api/v1/signed-records/keys``."""

    __tablename__ = "record_signing_keys"

    kid: Mapped[str] = mapped_column(String(64), primary_key=True)
    public_jwk: Mapped[dict[str, Any]] = mapped_column(JSONB)
    first_used_at: Mapped[datetime] = mapped_column(TS, server_default=func.now())
