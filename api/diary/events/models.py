"""A school or class event entered by staff: a parent meeting, a concert, a test week.

Holidays (``api.diary.holidays``) and planned tests (a lesson's planned work type) are
events too, but they are read from where they live, never copied here."""

from __future__ import annotations

import enum
import uuid
from datetime import datetime, time

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, Index, String, Time, func, text
from sqlalchemy.orm import Mapped, mapped_column

from api.db import Base
from api.diary.types import TS, pg_enum


class EventKind(enum.StrEnum):
    parent_meeting = "parent_meeting"
    test = "test"
    event = "event"
    holiday = "holiday"


class SchoolEvent(Base):
    """``whole_school`` events concern every class; the others only the classes listed in
    ``school_event_classes``. ``reminded_at``: the day-before reminder went out."""

    __tablename__ = "school_events"
    __table_args__ = (
        CheckConstraint("starts_at <= ends_at", name="times_ordered"),
        Index("ix_school_events_school_id_starts_at", "school_id", "starts_at"),
        Index(
            "ix_school_events_starts_at_unreminded",
            "starts_at",
            postgresql_where=text("reminded_at IS NULL"),
        ),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    school_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("schools.id", ondelete="CASCADE"))
    whole_school: Mapped[bool] = mapped_column(Boolean)
    kind: Mapped[EventKind] = mapped_column(pg_enum(EventKind, "diary_event_kind"))
    title: Mapped[str] = mapped_column(String(200))
    starts_at: Mapped[datetime] = mapped_column(TS)
    ends_at: Mapped[datetime] = mapped_column(TS)
    place: Mapped[str | None] = mapped_column(String(200))
    description: Mapped[str | None] = mapped_column(String(2000))
    author_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("accounts.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(TS, server_default=func.now())
    reminded_at: Mapped[datetime | None] = mapped_column(TS)


class SchoolEventClass(Base):
    __tablename__ = "school_event_classes"
    __table_args__ = (Index("ix_school_event_classes_class_id", "class_id"),)

    event_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("school_events.id", ondelete="CASCADE"), primary_key=True
    )
    class_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("school_classes.id", ondelete="CASCADE"), primary_key=True
    )


class ReminderTime(Base):
    """The local time (in the school's zone) at which an account wants the day-before
    reminders; no row means ``DEFAULT_REMINDER_TIME``."""

    __tablename__ = "reminder_times"

    account_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("accounts.id", ondelete="CASCADE"), primary_key=True
    )
    local_time: Mapped[time] = mapped_column(Time)
    updated_at: Mapped[datetime] = mapped_column(TS, server_default=func.now())


class ReminderSent(Base):
    """One account reminded of one event, or of one student's booked slot: the unique
    indexes make a second reminder (another worker, a rerun) a no-op. A cancelled and
    rebooked slot of another student is a new key, so that family is reminded too."""

    __tablename__ = "reminders_sent"
    __table_args__ = (
        CheckConstraint("(event_id IS NULL) <> (slot_id IS NULL)", name="one_subject"),
        Index(
            "uq_reminders_sent_event_id_account_id",
            "event_id",
            "account_id",
            unique=True,
            postgresql_where=text("event_id IS NOT NULL"),
        ),
        Index(
            "uq_reminders_sent_slot_id_student_id_account_id",
            "slot_id",
            "student_id",
            "account_id",
            unique=True,
            postgresql_where=text("slot_id IS NOT NULL"),
        ),
        Index("ix_reminders_sent_account_id", "account_id"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    account_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"))
    event_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("school_events.id", ondelete="CASCADE")
    )
    slot_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("meeting_slots.id", ondelete="CASCADE")
    )
    student_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("students.id", ondelete="CASCADE")
    )
    sent_at: Mapped[datetime] = mapped_column(TS)
