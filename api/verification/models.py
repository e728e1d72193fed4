"""What proves who an account belongs to: SNILS and passport, confirmations, codes."""

from __future__ import annotations

import enum
import uuid
from datetime import date, datetime

from sqlalchemy import Date, DateTime, Enum, ForeignKey, Integer, LargeBinary, String, func
from sqlalchemy.orm import Mapped, mapped_column

from api.db import Base

_TS = DateTime(timezone=True)


class RegistryStatus(enum.StrEnum):
    pending = "pending"  # not everything needed for a check is there yet
    verified = "verified"
    mismatch = "mismatch"


class ConfirmationMethod(enum.StrEnum):
    service_center = "service_center"  # in person, with the passport
    video = "video"  # video call with an operator
    code = "code"  # one-time code handed out by an operator


def _enum(cls: type[enum.StrEnum], name: str) -> Enum:
    return Enum(cls, name=name, values_callable=lambda members: [m.value for m in members])


class AccountIdentity(Base):
    """The account holder's SNILS and passport, encrypted; keyed hashes keep them unique.

    Ciphertexts are bound to their row and column (``account_identities.snils:<id>``).
    """

    __tablename__ = "account_identities"

    account_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("accounts.id", ondelete="CASCADE"), primary_key=True
    )
    snils_enc: Mapped[bytes | None] = mapped_column(LargeBinary)
    snils_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    # JSON {series, number, issued_at, issuer_code, issuer_name}, encrypted.
    passport_enc: Mapped[bytes | None] = mapped_column(LargeBinary)
    passport_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    birth_date: Mapped[date | None] = mapped_column(Date)
    registry_status: Mapped[RegistryStatus] = mapped_column(
        _enum(RegistryStatus, "registry_status"), server_default=RegistryStatus.pending.value
    )
    registry_checked_at: Mapped[datetime | None] = mapped_column(_TS)
    # The gateway's answer as it gave it: Russian, and English for English readers.
    registry_message: Mapped[str | None] = mapped_column(String(1000))
    registry_message_en: Mapped[str | None] = mapped_column(String(1000))
    created_at: Mapped[datetime] = mapped_column(_TS, server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(
        _TS, server_default=func.now(), onupdate=func.now()
    )


class AccountConfirmation(Base):
    """One confirmation of identity (the history; the level itself is on the account)."""

    __tablename__ = "account_confirmations"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    account_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("accounts.id", ondelete="CASCADE"), index=True
    )
    method: Mapped[ConfirmationMethod] = mapped_column(
        _enum(ConfirmationMethod, "confirmation_method")
    )
    # The operator who confirmed in person / by video, or who issued the code.
    operator_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("accounts.id", ondelete="SET NULL")
    )
    note: Mapped[str | None] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(_TS)


class ConfirmationCode(Base):
    """A one-time confirmation code; only its keyed hash is kept. Lives 30 days, 5 tries."""

    __tablename__ = "confirmation_codes"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    account_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("accounts.id", ondelete="CASCADE"), index=True
    )
    issued_by: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("accounts.id", ondelete="SET NULL")
    )
    code_hash: Mapped[str] = mapped_column(String(64))
    attempts: Mapped[int] = mapped_column(Integer, server_default="0")
    created_at: Mapped[datetime] = mapped_column(_TS)
    expires_at: Mapped[datetime] = mapped_column(_TS)
    consumed_at: Mapped[datetime | None] = mapped_column(_TS)
    superseded_at: Mapped[datetime | None] = mapped_column(_TS)
