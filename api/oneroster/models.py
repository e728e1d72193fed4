"""What OneRoster keeps of its own: the tombstones of removed sourcedIds (contract §4.2).

Rows are written by triggers (migration 0021) whatever code removes the source row, so
``dateLastModified>`` delta queries see every removal; the reads ignore those older than
``TOMBSTONE_DAYS`` and ``oneroster_prune_tombstones()`` deletes them.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import BigInteger, DateTime, ForeignKey, Identity, Index, String, func
from sqlalchemy.orm import Mapped, mapped_column

from api.db import Base

TOMBSTONE_DAYS = 90


class Tombstone(Base):
    __tablename__ = "oneroster_tombstones"
    __table_args__ = (
        Index(
            "ix_oneroster_tombstones_school_id_resource_deleted_at",
            "school_id",
            "resource",
            "deleted_at",
        ),
    )

    id: Mapped[int] = mapped_column(BigInteger, Identity(always=False), primary_key=True)
    school_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("schools.id", ondelete="CASCADE"))
    # The collection the sourcedId belonged to: users, classes, enrollments, …
    resource: Mapped[str] = mapped_column(String(32))
    sourced_id: Mapped[uuid.UUID] = mapped_column()
    deleted_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
