"""A parent meeting (родительское собрание, встреча с учителем) with time slots.

A slot holds at most one student (``student_id``): booking is one conditional UPDATE, so
two families can never hold one slot. A student holds at most one slot of a meeting
(the partial unique index)."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, func, text
from sqlalchemy.orm import Mapped, mapped_column

from api.db import Base
from api.diary.types import TS


class Meeting(Base):
    __tablename__ = "meetings"
    __table_args__ = (Index("ix_meetings_class_id", "class_id"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    school_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("schools.id", ondelete="CASCADE"))
    class_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("school_classes.id", ondelete="CASCADE"))
    organiser_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("accounts.id"))
    title: Mapped[str] = mapped_column(String(200))
    place: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(TS, server_default=func.now())


class MeetingSlot(Base):
    __tablename__ = "meeting_slots"
    __table_args__ = (
        CheckConstraint("starts_at < ends_at", name="times_ordered"),
        Index("ix_meeting_slots_meeting_id_starts_at", "meeting_id", "starts_at"),
        Index(
            "uq_meeting_slots_meeting_id_student_id",
            "meeting_id",
            "student_id",
            unique=True,
            postgresql_where=text("student_id IS NOT NULL"),
        ),
        Index(
            "ix_meeting_slots_starts_at_unreminded",
            "starts_at",
            postgresql_where=text("student_id IS NOT NULL AND reminded_at IS NULL"),
        ),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    meeting_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"))
    starts_at: Mapped[datetime] = mapped_column(TS)
    ends_at: Mapped[datetime] = mapped_column(TS)
    student_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("students.id", ondelete="SET NULL")
    )
    booked_by: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("accounts.id", ondelete="SET NULL")
    )
    booked_at: Mapped[datetime | None] = mapped_column(TS)
    reminded_at: Mapped[datetime | None] = mapped_column(TS)
