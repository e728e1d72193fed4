"""``erasure_requests``: a person's request to delete their account (ст. 21 152-ФЗ)."""

from __future__ import annotations

import enum
import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import CheckConstraint, DateTime, ForeignKey, Index, String, text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from api.db import Base

_TS = DateTime(timezone=True)


class ErasureStatus(enum.StrEnum):
    scheduled = "scheduled"  # waiting out the grace period; the person may cancel
    cancelled = "cancelled"
    done = "done"


class ErasureRequest(Base):
    """Carried out by the retention pass once ``execute_after`` has come (a grace period,
    as a national service gives: a person who changed their mind, or whose phone was
    taken, cancels in the profile). ``statement`` is what the person was told would be
    deleted and what kept, and why — kept after the erasure as the operator's proof that
    it answered the request (ст. 21 ч. 3, 4); it holds no personal data. The row stays
    linked to the depersonalised account."""

    __tablename__ = "erasure_requests"
    __table_args__ = (
        CheckConstraint("status IN ('scheduled', 'cancelled', 'done')", name="status_known"),
        Index(
            "uq_erasure_requests_scheduled",
            "account_id",
            unique=True,
            postgresql_where=text("status = 'scheduled'"),
        ),
        Index(
            "ix_erasure_requests_due",
            "execute_after",
            postgresql_where=text("status = 'scheduled'"),
        ),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    account_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("accounts.id", ondelete="CASCADE"), index=True
    )
    status: Mapped[str] = mapped_column(String(10))
    requested_at: Mapped[datetime] = mapped_column(_TS)
    execute_after: Mapped[datetime] = mapped_column(_TS)
    cancelled_at: Mapped[datetime | None] = mapped_column(_TS)
    done_at: Mapped[datetime | None] = mapped_column(_TS)
    statement: Mapped[dict[str, Any]] = mapped_column(JSONB)
