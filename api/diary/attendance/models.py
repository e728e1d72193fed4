"""Attendance marks of a lesson and the absence notes families file."""

from __future__ import annotations

import enum
import uuid
from datetime import date, datetime

from sqlalchemy import (
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    SmallInteger,
    String,
    UniqueConstraint,
    func,
)
from sqlalchemy.orm import Mapped, mapped_column

from api.db import Base
from api.diary.types import TS, pg_enum


class AttendanceStatus(enum.StrEnum):
    present = "present"
    absent = "absent"  # «Н»
    late = "late"
    excused = "excused"  # absent with a valid reason


class AbsenceNoteStatus(enum.StrEnum):
    filed = "filed"
    acknowledged = "acknowledged"
    rejected = "rejected"  # with a reason the family sees


class AttendanceMark(Base):
    __tablename__ = "attendance_marks"
    __table_args__ = (
        UniqueConstraint("lesson_id", "student_id"),
        Index("ix_attendance_marks_student_id_date", "student_id", "date"),
        CheckConstraint(
            "minutes_late IS NULL OR minutes_late BETWEEN 1 AND 240", name="late_range"
        ),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    lesson_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("lessons.id", ondelete="CASCADE"))
    student_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("students.id", ondelete="CASCADE"))
    date: Mapped[date] = mapped_column(Date)
    status: Mapped[AttendanceStatus] = mapped_column(
        pg_enum(AttendanceStatus, "diary_attendance_status")
    )
    minutes_late: Mapped[int | None] = mapped_column(SmallInteger)
    reason: Mapped[str | None] = mapped_column(String(300))
    marked_by: Mapped[uuid.UUID] = mapped_column(ForeignKey("accounts.id"))
    # When the family was told of this absence or lateness (NULL: never told, e.g. an
    # absence note covered it): clearing the mark then tells them it was withdrawn.
    alerted_at: Mapped[datetime | None] = mapped_column(TS)
    created_at: Mapped[datetime] = mapped_column(TS, server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(TS, server_default=func.now())


class AbsenceNote(Base):
    """A guardian tells the school the student will miss (or missed) school, and why."""

    __tablename__ = "absence_notes"
    __table_args__ = (
        CheckConstraint("from_date <= to_date", name="dates_ordered"),
        Index("ix_absence_notes_student_id_from_date", "student_id", "from_date"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    student_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("students.id", ondelete="CASCADE"))
    filed_by: Mapped[uuid.UUID] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"))
    from_date: Mapped[date] = mapped_column(Date)
    to_date: Mapped[date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(String(500))
    status: Mapped[AbsenceNoteStatus] = mapped_column(
        pg_enum(AbsenceNoteStatus, "diary_absence_note_status"),
        default=AbsenceNoteStatus.filed,
    )
    # Who reviewed the note and when: accepted it, or (``rejected``) turned it down.
    acknowledged_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("accounts.id"))
    acknowledged_at: Mapped[datetime | None] = mapped_column(TS)
    rejection_reason: Mapped[str | None] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(TS, server_default=func.now())
