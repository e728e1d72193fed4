"""The stream's durable log: one row per event an account is to hear.

Rows are written in the transaction of the change they announce (a rolled-back message
announces nothing). ``stream_events``' triggers (migrations 0031, 0040) number them at
commit and wake every API process with ``NOTIFY``. Ids are global and rise; for one
account they also rise in commit order — at commit the transaction locks the
``stream_heads`` rows of every account it wrote to (sorted by account, so two writers
cannot deadlock) and only then draws the ids, so a second writer to the same account draws
after the first committed. That is what makes ``Last-Event-ID`` (``id > N``) lossless.
Until its commit a row carries a provisional negative id.

Only accounts with a stream open somewhere are announced: ``NOTIFY`` serialises the
commits of every transaction that sends one (PostgreSQL holds one database-wide lock from
queueing the notification until the commit is flushed), so a grade post to 25 families
that nobody is watching live must not queue behind every other post for a disk flush. A
stream marks its account's head ``listened_until`` (migration 0042) before it reads
anything; a writer reads that mark on the same row it locks to number its events.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    DateTime,
    FetchedValue,
    ForeignKey,
    Index,
    String,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from api.db import Base

_TS = DateTime(timezone=True)


class StreamEvent(Base):
    __tablename__ = "stream_events"
    __table_args__ = (
        Index("ix_stream_events_account_id_id", "account_id", "id"),
        # What the commit trigger looks up (this transaction's provisional rows): without
        # it every commit that wrote an event scanned the whole log (7 days of it).
        Index(
            "ix_stream_events_provisional",
            "id",
            postgresql_where=text("id < 0"),
        ),
    )

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
    # Until when a stream of this account may be open on some process (its access
    # token's expiry, in the database's clock): writers NOTIFY only while it lies ahead.
    listened_until: Mapped[datetime | None] = mapped_column(_TS)
