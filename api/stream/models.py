"""The stream's durable log: one row per event an account is to hear.

Rows are written in the transaction of the change they announce (a rolled-back message
announces nothing). ``stream_events``' triggers (migrations 0031, 0040) number them at
commit and wake every API process with ``NOTIFY``. Ids are global and rise; for one
account they also rise in commit order — at commit the transaction locks the
``stream_heads`` rows of every account it wrote to (sorted by account, so two writers
cannot deadlock) and only then draws the ids, so a second writer to the same account draws
after the first committed. That is what makes ``Last-Event-ID`` (``id > N``) lossless.
Until its commit a row carries a provisional negative id.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, DateTime, FetchedValue, ForeignKey, Index, String, func
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from api.db import Base

_TS = DateTime(timezone=True)


class StreamEvent(Base):
    __tablename__ = "stream_events"
    __table_args__ = (Index("ix_stream_events_account_id_id", "account_id", "id"),)

    # Provisional (negative) from the insert trigger; the real one drawn at commit after
    # the account's head is locked (migration 0040), not by a default.
    id: Mapped[int] = mapped_column(
        BigInteger, primary_key=True, autoincrement=False, server_default=FetchedValue()
    )
    account_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"))
    type: Mapped[str] = mapped_column(String(40))
    # The SSE ``data:`` object as sent: at least {"type", "id"} of the thing it is about.
    data: Mapped[dict[str, Any]] = mapped_column(JSONB)
    created_at: Mapped[datetime] = mapped_column(_TS, server_default=func.now(), index=True)


class StreamHead(Base):
    """An account's newest event id: the row every writer to that account locks."""

    __tablename__ = "stream_heads"

    account_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("accounts.id", ondelete="CASCADE"), primary_key=True
    )
    last_id: Mapped[int] = mapped_column(BigInteger)
