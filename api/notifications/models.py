from __future__ import annotations

import uuid
from datetime import datetime, time

from sqlalchemy import Boolean, DateTime, ForeignKey, Index, String, Time, func, text
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Mapped, mapped_column

from api.db import Base

_TS = DateTime(timezone=True)


class Notification(Base):
    """One item of a user's in-app feed; ``link`` is the SPA path of the thing it is about."""

    __tablename__ = "notifications"
    __table_args__ = (
        Index("ix_notifications_account_id_created_at", "account_id", "created_at"),
        Index(
            "ix_notifications_account_id_unread",
            "account_id",
            postgresql_where=text("read_at IS NULL"),
        ),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    account_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(40))
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(String(1000))
    link: Mapped[str | None] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(_TS, server_default=func.now())
    read_at: Mapped[datetime | None] = mapped_column(_TS)


class NotificationPreference(Base):
    """Which kinds of notification also go out by SMS and by e-mail. No row: defaults."""

    __tablename__ = "notification_preferences"

    account_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("accounts.id", ondelete="CASCADE"), primary_key=True
    )
    sms_kinds: Mapped[list[str]] = mapped_column(ARRAY(String(40)))
    email_kinds: Mapped[list[str]] = mapped_column(ARRAY(String(40)))
    updated_at: Mapped[datetime] = mapped_column(_TS, server_default=func.now())


class NotificationSchedule(Base):
    """When an account hears by push, SMS and e-mail: quiet hours (in the school's zone)
    and the daily e-mail digest. No row: the defaults (quiet 21:00–08:00, no digest)."""

    __tablename__ = "notification_schedules"

    account_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("accounts.id", ondelete="CASCADE"), primary_key=True
    )
    quiet_enabled: Mapped[bool] = mapped_column(Boolean, server_default=text("true"))
    quiet_start: Mapped[time] = mapped_column(Time, server_default=text("'21:00'"))
    quiet_end: Mapped[time] = mapped_column(Time, server_default=text("'08:00'"))
    email_digest: Mapped[bool] = mapped_column(Boolean, server_default=text("false"))
    # Up to when notifications have gone out in a digest letter.
    digest_sent_until: Mapped[datetime | None] = mapped_column(_TS)
    updated_at: Mapped[datetime] = mapped_column(_TS, server_default=func.now())
