"""``webhooks`` of a client, ``webhook_events`` (thin, ids only) and ``webhook_deliveries``
(one per event × webhook, with its attempts) — contract §5."""

from __future__ import annotations

import enum
import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import DateTime, ForeignKey, Index, Integer, LargeBinary, String, Text, func, text
from sqlalchemy.dialects.postgresql import ARRAY, JSONB
from sqlalchemy.orm import Mapped, mapped_column

from api.db import Base

_TS = DateTime(timezone=True)


class WebhookStatus(enum.StrEnum):
    enabled = "enabled"
    disabled = "disabled"
    auto_disabled = "auto_disabled"


class DeliveryStatus(enum.StrEnum):
    pending = "pending"
    succeeded = "succeeded"
    failed = "failed"


class Webhook(Base):
    __tablename__ = "webhooks"
    __table_args__ = (
        # The fan-out's look-up: the enabled webhooks of a school.
        Index(
            "ix_webhooks_school_id_enabled",
            "school_id",
            postgresql_where=text("status = 'enabled'"),
        ),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    client_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("integration_clients.id", ondelete="CASCADE"), index=True
    )
    # The client's school, copied: a client never changes school.
    school_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("schools.id", ondelete="CASCADE"))
    url: Mapped[str] = mapped_column(String(2000))
    event_types: Mapped[list[str]] = mapped_column(ARRAY(String(64)))
    description: Mapped[str | None] = mapped_column(String(500))
    status: Mapped[str] = mapped_column(String(16), server_default=WebhookStatus.enabled.value)
    disabled_reason: Mapped[str | None] = mapped_column(String(200))
    # The signing secret (``whsec_…``) encrypted at rest (AES-256-GCM, api/security/crypto);
    # it must be readable to sign, so it is sealed rather than hashed.
    secret_enc: Mapped[bytes] = mapped_column(LargeBinary)
    previous_secret_enc: Mapped[bytes | None] = mapped_column(LargeBinary)
    previous_secret_expires_at: Mapped[datetime | None] = mapped_column(_TS)
    # Since when every attempt has failed (None after any success): 5 days → auto_disabled.
    failing_since: Mapped[datetime | None] = mapped_column(_TS)
    created_at: Mapped[datetime] = mapped_column(_TS, server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(_TS, server_default=func.now())


class WebhookEvent(Base):
    __tablename__ = "webhook_events"
    __table_args__ = (Index("ix_webhook_events_created_at", "created_at"),)

    id: Mapped[str] = mapped_column(String(30), primary_key=True)  # evt_<ULID>
    school_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("schools.id", ondelete="CASCADE"), index=True
    )
    type: Mapped[str] = mapped_column(String(64))
    data: Mapped[dict[str, Any]] = mapped_column(JSONB)
    created_at: Mapped[datetime] = mapped_column(_TS, server_default=func.now())


class WebhookDelivery(Base):
    __tablename__ = "webhook_deliveries"
    __table_args__ = (
        Index("ix_webhook_deliveries_webhook_id_created_at", "webhook_id", "created_at"),
        Index("ix_webhook_deliveries_event_id", "event_id"),
        # The sender's claim: pending deliveries by when they are due (settled ones, kept
        # 30 days for the log, stay out of it).
        Index(
            "ix_webhook_deliveries_next_attempt_at_pending",
            "next_attempt_at",
            postgresql_where=text("status = 'pending'"),
        ),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    message_id: Mapped[str] = mapped_column(String(30), unique=True)  # msg_<ULID>
    event_id: Mapped[str] = mapped_column(ForeignKey("webhook_events.id", ondelete="CASCADE"))
    webhook_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("webhooks.id", ondelete="CASCADE"))
    status: Mapped[str] = mapped_column(String(16), server_default=DeliveryStatus.pending.value)
    # [{attempt, at, response_status, duration_ms, error}], oldest first.
    attempts: Mapped[list[dict[str, Any]]] = mapped_column(
        JSONB, server_default=text("'[]'::jsonb")
    )
    # Attempts of the retry schedule made so far (a redelivery does not count).
    scheduled_attempts: Mapped[int] = mapped_column(Integer, server_default="0")
    next_attempt_at: Mapped[datetime | None] = mapped_column(_TS)
    # Set while a worker sends it; a stale claim (a killed worker) may be taken over.
    claimed_at: Mapped[datetime | None] = mapped_column(_TS)
    created_at: Mapped[datetime] = mapped_column(_TS, server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(_TS, server_default=func.now())
    last_error: Mapped[str | None] = mapped_column(Text)
