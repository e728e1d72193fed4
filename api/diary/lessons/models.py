"""A lesson: one class, one subject, one date and time in the school's time zone."""

from __future__ import annotations

import datetime as dt
import enum
import uuid

from sqlalchemy import (
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    SmallInteger,
    String,
    func,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from api.db import Base
from api.diary.types import TS, pg_enum


class LessonStatus(enum.StrEnum):
    scheduled = "scheduled"
    cancelled = "cancelled"
    moved = "moved"


class Lesson(Base):
    """``starts_at``/``ends_at`` are instants computed from the school's IANA zone; ``date``
    is the local date. A moved lesson keeps where it was in ``original_*``; ``sequence``
    rises on every change a calendar subscriber should see (RFC 5545 SEQUENCE)."""

    __tablename__ = "lessons"
    __table_args__ = (
        Index("ix_lessons_class_id_date", "class_id", "date"),
        Index("ix_lessons_teacher_id_date", "teacher_id", "date"),
        Index(
            "ix_lessons_substitute_teacher_id_date",
            "substitute_teacher_id",
            "date",
            postgresql_where=text("substitute_teacher_id IS NOT NULL"),
        ),
        Index("ix_lessons_timetable_slot_id", "timetable_slot_id"),
        CheckConstraint("starts_at < ends_at", name="times_ordered"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    school_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("schools.id", ondelete="CASCADE"))
    class_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("school_classes.id", ondelete="CASCADE"))
    subject_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("subjects.id", ondelete="CASCADE"))
    term_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("terms.id", ondelete="SET NULL"), index=True
    )
    timetable_slot_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("timetable_slots.id", ondelete="SET NULL")
    )
    teacher_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("accounts.id"))
    substitute_teacher_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("accounts.id"))
    date: Mapped[dt.date] = mapped_column(Date)
    number: Mapped[int] = mapped_column(SmallInteger)
    starts_at: Mapped[dt.datetime] = mapped_column(TS)
    ends_at: Mapped[dt.datetime] = mapped_column(TS)
    room: Mapped[str | None] = mapped_column(String(20))
    topic: Mapped[str | None] = mapped_column(String(500))
    status: Mapped[LessonStatus] = mapped_column(
        pg_enum(LessonStatus, "diary_lesson_status"), default=LessonStatus.scheduled
    )
    change_note: Mapped[str | None] = mapped_column(String(300))
    original_date: Mapped[dt.date | None] = mapped_column(Date)
    original_starts_at: Mapped[dt.datetime | None] = mapped_column(TS)
    sequence: Mapped[int] = mapped_column(Integer, default=0)
    # The work planned for the lesson (a test, «Контрольная работа»): families see it
    # ahead in the diary and among the coming events.
    planned_work_type_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("work_types.id", ondelete="SET NULL")
    )
    created_at: Mapped[dt.datetime] = mapped_column(TS, server_default=func.now())
    updated_at: Mapped[dt.datetime] = mapped_column(TS, server_default=func.now())
