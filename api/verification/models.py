"""How an account was confirmed: operators' confirmations and one-time codes.

The SNILS and passport themselves (``AccountIdentity``) are identity's: log-in by SNILS
reads them, and identity must not depend on this feature."""

from __future__ import annotations

import enum
import uuid
from datetime import datetime

from sqlalchemy import DateTime, Enum, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from api.db import Base

_TS = DateTime(timezone=True)


class ConfirmationMethod(enum.StrEnum):
    service_center = "service_center"  # in person, with the passport
    video = "video"  # video call with an operator
    code = "code"  # one-time code handed out by an operator


def _enum(cls: type[enum.StrEnum], name: str) -> Enum:
    return Enum(cls, name=name, values_callable=lambda members: [m.value for m in members])


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
