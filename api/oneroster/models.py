"""What OneRoster keeps of its own: the tombstones of removed sourcedIds (contract §4.2).

Rows are written by triggers (migration 0021) whatever code removes the source row, so
``dateLastModified>`` delta queries see every removal; the reads ignore those older than
``TOMBSTONE_DAYS`` and ``oneroster_prune_tombstones()`` deletes them.
"""

from __future__ import annotations

import enum
import uuid
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Identity,
    Index,
    Numeric,
    String,
    func,
)
from sqlalchemy.orm import Mapped, mapped_column

from api.db import Base
from api.diary.types import pg_enum

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


class SuggestionStatus(enum.StrEnum):
    """What the teacher did with an external result (contract §4.5: a suggestion)."""

    pending = "pending"
    accepted = "accepted"
    rejected = "rejected"


class ExternalLineItem(Base):
    """A line item a platform wrote (``PUT /lineItems/{id}``, contract §4.5): its own
    column of work in a subject class, never an edudiary lesson. The sourcedId is the
    platform's (a UUID) and the primary key; removal keeps the row (``deleted_at``) so
    delta queries see a tombstone."""

    __tablename__ = "oneroster_line_items"
    __table_args__ = (
        Index("ix_oneroster_line_items_school_id_class_id", "school_id", "class_id"),
        CheckConstraint("result_value_min <= result_value_max", name="value_range"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    school_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("schools.id", ondelete="CASCADE"))
    client_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("integration_clients.id", ondelete="CASCADE"), index=True
    )
    # The scheduled class it belongs to: homeroom × subject.
    class_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("school_classes.id", ondelete="CASCADE"))
    subject_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("subjects.id", ondelete="CASCADE"))
    work_type_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("work_types.id", ondelete="CASCADE"))
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str | None] = mapped_column(String(1000))
    assign_date: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    due_date: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    result_value_min: Mapped[Decimal] = mapped_column(Numeric(12, 4))
    result_value_max: Mapped[Decimal] = mapped_column(Numeric(12, 4))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    deleted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class ExternalResult(Base):
    """A platform's result on its line item: shown to the teacher as a suggestion, never
    a grade by itself. Accepting it records a grade through the journal's own write path
    (``grade_id``); a changed result is a new suggestion (``status`` back to pending)."""

    __tablename__ = "oneroster_results"
    __table_args__ = (
        Index("ix_oneroster_results_school_id_status", "school_id", "status"),
        Index("ix_oneroster_results_line_item_id", "line_item_id"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    school_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("schools.id", ondelete="CASCADE"))
    client_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("integration_clients.id", ondelete="CASCADE"), index=True
    )
    line_item_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("oneroster_line_items.id", ondelete="CASCADE")
    )
    student_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("students.id", ondelete="CASCADE"), index=True
    )
    score: Mapped[Decimal | None] = mapped_column(Numeric(12, 4))
    text_score: Mapped[str | None] = mapped_column(String(100))
    score_status: Mapped[str] = mapped_column(String(32))
    score_date: Mapped[date] = mapped_column(Date)
    comment: Mapped[str | None] = mapped_column(String(1000))
    status: Mapped[SuggestionStatus] = mapped_column(
        pg_enum(SuggestionStatus, "oneroster_suggestion_status"),
        server_default=SuggestionStatus.pending.value,
    )
    decided_by: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("accounts.id", ondelete="SET NULL")
    )
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    grade_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("grades.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    deleted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
