from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import ForeignKey, Index, LargeBinary, String, func, text
from sqlalchemy.orm import Mapped, mapped_column

from api.db import Base
from api.diary.types import TS


class CalendarFeed(Base):
    """A user's secret feed URL. The token is looked up by its keyed hash and kept
    encrypted (so ``GET /me/calendar-feed`` can show the URL again); rotating revokes."""

    __tablename__ = "calendar_feeds"
    __table_args__ = (
        Index(
            "uq_calendar_feeds_account_id_active",
            "account_id",
            unique=True,
            postgresql_where=text("revoked_at IS NULL"),
        ),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    account_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    token_enc: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(TS, server_default=func.now())
    revoked_at: Mapped[datetime | None] = mapped_column(TS)
