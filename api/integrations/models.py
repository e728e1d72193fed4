"""``integration_clients``: a third-party system admitted by a school admin."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Integer, String, Text, func
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Mapped, mapped_column

from api.db import Base

_TS = DateTime(timezone=True)


class IntegrationClient(Base):
    __tablename__ = "integration_clients"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    client_id: Mapped[str] = mapped_column(String(26), unique=True)
    school_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("schools.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(100))
    description: Mapped[str | None] = mapped_column(Text)
    legal_basis: Mapped[str] = mapped_column(String(300))
    scopes: Mapped[list[str]] = mapped_column(ARRAY(String(100)))
    rate_limit_per_minute: Mapped[int] = mapped_column(Integer, server_default="600")
    # HMAC-SHA-256 hex (api/integrations/secrets.py); never the secret itself.
    secret_hash: Mapped[str] = mapped_column(String(64), unique=True)
    secret_hint: Mapped[str] = mapped_column(String(12))
    # The secret replaced by a rotation keeps working until previous_secret_expires_at.
    previous_secret_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    previous_secret_expires_at: Mapped[datetime | None] = mapped_column(_TS)
    created_at: Mapped[datetime] = mapped_column(_TS, server_default=func.now())
    created_by: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("accounts.id", ondelete="SET NULL")
    )
    last_used_at: Mapped[datetime | None] = mapped_column(_TS)
    expires_at: Mapped[datetime | None] = mapped_column(_TS)
    revoked_at: Mapped[datetime | None] = mapped_column(_TS)
    revoke_reason: Mapped[str | None] = mapped_column(String(500))


class RateLimitState(Base):
    """One row per client: the GCRA "theoretical arrival time" of its next request
    (``api/integrations/ratelimit.py``). Shared by every API process through PostgreSQL."""

    __tablename__ = "integration_rate_limits"

    client_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("integration_clients.id", ondelete="CASCADE"), primary_key=True
    )
    tat: Mapped[datetime] = mapped_column(_TS)
