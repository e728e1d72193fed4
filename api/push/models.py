from __future__ import annotations

import enum
import uuid
from datetime import datetime

from sqlalchemy import DateTime, Enum, ForeignKey, Index, String, Text, UniqueConstraint, func
from sqlalchemy.orm import Mapped, mapped_column

from api.db import Base

_TS = DateTime(timezone=True)


class Platform(enum.StrEnum):
    fcm = "fcm"
    rustore = "rustore"
    apns = "apns"


class PushSubscription(Base):
    """A browser's ``PushSubscription``: where its push service takes our messages, and
    the keys they are encrypted to (RFC 8291). One endpoint belongs to one account: the
    last one to subscribe it (a shared computer's browser follows whoever signed in)."""

    __tablename__ = "push_subscriptions"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    account_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("accounts.id", ondelete="CASCADE"), index=True
    )
    endpoint: Mapped[str] = mapped_column(String(2048), unique=True)
    p256dh: Mapped[str] = mapped_column(String(100))
    auth: Mapped[str] = mapped_column(String(50))
    created_at: Mapped[datetime] = mapped_column(_TS, server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(_TS, server_default=func.now())


class Device(Base):
    """A native app's push token. One token belongs to one account (the last to
    register it: the phone's current user)."""

    __tablename__ = "push_devices"
    __table_args__ = (UniqueConstraint("platform", "token"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    account_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("accounts.id", ondelete="CASCADE"), index=True
    )
    platform: Mapped[Platform] = mapped_column(Enum(Platform, name="push_platform"))
    token: Mapped[str] = mapped_column(String(4096))
    app_version: Mapped[str | None] = mapped_column(String(50))
    created_at: Mapped[datetime] = mapped_column(_TS, server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(_TS, server_default=func.now())


class PushMessage(Base):
    """What one notification says on a lock screen; the jobs of its targets read it.
    Kept out of the job queue's arguments so that the text can be removed soon after
    (``purge_sent``) while finished jobs stay for inspection."""

    __tablename__ = "push_messages"
    __table_args__ = (Index("ix_push_messages_created_at", "created_at"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    account_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("accounts.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(40))
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    link: Mapped[str | None] = mapped_column(String(500))
    # Quiet hours: not sent before this moment (None: at once).
    not_before: Mapped[datetime | None] = mapped_column(_TS)
    created_at: Mapped[datetime] = mapped_column(_TS, server_default=func.now())
