"""``audit_events``: one row per read or change of personal data by staff.

Rows are never changed or removed: a database trigger (migration 0006) refuses UPDATE,
DELETE and TRUNCATE, so not even a bug or a careless console session can rewrite history.
There is deliberately no foreign key to ``accounts``: the log outlives the accounts it
mentions.

The rows are also hash-chained (migration 0014), against someone who can bypass the
trigger (a superuser, a restored backup that was tampered with): a trigger gives every
new row the next ``chain_seq`` and ``chain_hash = sha256(previous hash || canonical
content)``, under an advisory lock so concurrent appends never fork the chain.
``edudiary audit verify`` (``api.audit.chain``) recomputes it and names the first edited
or missing row.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    DateTime,
    FetchedValue,
    Identity,
    Index,
    LargeBinary,
    String,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import ARRAY, JSONB
from sqlalchemy.orm import Mapped, mapped_column

from api.db import Base


class AuditEvent(Base):
    __tablename__ = "audit_events"
    __table_args__ = (
        Index("ix_audit_events_object_id_at", "object_id", "at"),
        Index("ix_audit_events_actor_id_at", "actor_id", "at"),
        Index("uq_audit_events_chain_seq", "chain_seq", unique=True),
    )

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    actor_id: Mapped[uuid.UUID | None] = mapped_column()
    actor_roles: Mapped[list[str]] = mapped_column(ARRAY(String(32)), server_default="{}")
    action: Mapped[str] = mapped_column(String(64))  # "account.view", "document.read"
    object_type: Mapped[str] = mapped_column(String(32))  # "account", "document", "child"
    object_id: Mapped[uuid.UUID | None] = mapped_column()
    # Identifiers and outcomes only; never names, numbers, phones or file names.
    details: Mapped[dict[str, Any]] = mapped_column(JSONB, server_default=text("'{}'::jsonb"))
    request_id: Mapped[str | None] = mapped_column(String(64))
    # Set by the database's trigger, never by the application.
    chain_seq: Mapped[int] = mapped_column(BigInteger, server_default=FetchedValue())
    chain_hash: Mapped[bytes] = mapped_column(LargeBinary, server_default=FetchedValue())
