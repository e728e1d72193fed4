from __future__ import annotations

import enum
import uuid
from datetime import datetime

from sqlalchemy import DateTime, Enum, Index, Integer, String, Text, func
from sqlalchemy.orm import Mapped, mapped_column

from api.db import Base


class Channel(enum.StrEnum):
    sms = "sms"
    email = "email"


class DeliveryStatus(enum.StrEnum):
    queued = "queued"
    sending = "sending"  # claimed by a worker that is talking to the provider
    sent = "sent"
    failed = "failed"


class OutboundMessage(Base):
    """One SMS or e-mail. The row is written in the transaction that caused it, so a
    rolled-back change sends nothing and a committed one is never forgotten."""

    __tablename__ = "outbound_messages"
    __table_args__ = (
        Index("ix_outbound_messages_recipient_created_at", "recipient", "created_at"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    channel: Mapped[Channel] = mapped_column(Enum(Channel, name="delivery_channel"))
    recipient: Mapped[str] = mapped_column(String(320))
    subject: Mapped[str] = mapped_column(String(200), default="")
    # Bodies can carry one-time codes: outside development they are wiped once delivered.
    body: Mapped[str] = mapped_column(Text)
    purpose: Mapped[str] = mapped_column(String(50))
    status: Mapped[DeliveryStatus] = mapped_column(
        Enum(DeliveryStatus, name="delivery_status"), default=DeliveryStatus.queued
    )
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(String(500))
    provider_message_id: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    # Held until then (the recipient's quiet hours); None: at once.
    not_before: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # When a worker claimed it (status ``sending``): a stale claim is taken over.
    claimed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
