"""Grades, the work types that weigh them, their history and the term and year grades."""

from __future__ import annotations

import enum
import uuid
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    FetchedValue,
    ForeignKey,
    Identity,
    Index,
    Numeric,
    SmallInteger,
    String,
    UniqueConstraint,
    func,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from api.db import Base
from api.diary.types import TS, pg_enum

# A grade is either a score 1–5 or a pass/fail mark, never both.
_ONE_VALUE = "(score IS NULL) <> (passed IS NULL) AND (score IS NULL OR score BETWEEN 1 AND 5)"


class GradeAction(enum.StrEnum):
    created = "created"
    changed = "changed"
    deleted = "deleted"


class GradePeriod(enum.StrEnum):
    term = "term"
    year = "year"


class WorkType(Base):
    """Вид работы with its weight in the school's weighted average (контрольная — 2)."""

    __tablename__ = "work_types"
    __table_args__ = (
        UniqueConstraint("school_id", "code"),
        CheckConstraint("weight > 0 AND weight <= 10", name="weight_range"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    school_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("schools.id", ondelete="CASCADE"))
    code: Mapped[str] = mapped_column(String(32))
    name: Mapped[str] = mapped_column(String(100))
    weight: Mapped[Decimal] = mapped_column(Numeric(3, 1))
    is_default: Mapped[bool] = mapped_column(Boolean, default=False)
    # Kept by a trigger (migration 0021): OneRoster's dateLastModified.
    updated_at: Mapped[datetime] = mapped_column(TS, server_default=func.now())


class GradingPolicy(Base):
    """A school's rounding thresholds: the average a term grade of 5, 4, 3 needs."""

    __tablename__ = "grading_policies"
    __table_args__ = (
        CheckConstraint(
            "three_from >= 1 AND three_from < four_from AND four_from < five_from "
            "AND five_from <= 5",
            name="thresholds_ordered",
        ),
    )

    school_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("schools.id", ondelete="CASCADE"), primary_key=True
    )
    five_from: Mapped[Decimal] = mapped_column(Numeric(3, 2))
    four_from: Mapped[Decimal] = mapped_column(Numeric(3, 2))
    three_from: Mapped[Decimal] = mapped_column(Numeric(3, 2))
    updated_at: Mapped[datetime] = mapped_column(TS, server_default=func.now())


class Grade(Base):
    """A mark a student got in a lesson. Removed grades stay (``deleted_at``) for history."""

    __tablename__ = "grades"
    __table_args__ = (
        CheckConstraint(_ONE_VALUE, name="one_value"),
        Index(
            "uq_grades_lesson_student_work_type",
            "lesson_id",
            "student_id",
            "work_type_id",
            unique=True,
            postgresql_where=text("deleted_at IS NULL"),
        ),
        Index("ix_grades_student_id_date", "student_id", "date"),
        Index("ix_grades_student_id_subject_id_date", "student_id", "subject_id", "date"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    # Indexed on its own (migration 0035): the unique index above is partial (live grades
    # only), so a lesson's ON DELETE CASCADE could not use it and scanned every grade.
    lesson_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("lessons.id", ondelete="CASCADE"), index=True
    )
    student_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("students.id", ondelete="CASCADE"))
    subject_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("subjects.id", ondelete="CASCADE"))
    date: Mapped[date] = mapped_column(Date)
    work_type_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("work_types.id"))
    score: Mapped[int | None] = mapped_column(SmallInteger)
    passed: Mapped[bool | None] = mapped_column(Boolean)
    comment: Mapped[str | None] = mapped_column(String(500))
    teacher_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("accounts.id"))
    created_at: Mapped[datetime] = mapped_column(TS, server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(TS, server_default=func.now())
    deleted_at: Mapped[datetime | None] = mapped_column(TS)
    # The OneRoster lineItem this grade is a result of (``lineItem:{lesson}:{work type}``),
    # set by a trigger (migration 0034) so lookups by that sourcedId are index scans.
    line_item_sourced_id: Mapped[uuid.UUID] = mapped_column(
        server_default=FetchedValue(), server_onupdate=FetchedValue(), index=True
    )


class GradeChange(Base):
    """Who set, changed or removed a grade, and when: the history parents can see."""

    __tablename__ = "grade_changes"
    __table_args__ = (Index("ix_grade_changes_student_id_changed_at", "student_id", "changed_at"),)

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    grade_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("grades.id", ondelete="CASCADE"), index=True
    )
    student_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("students.id", ondelete="CASCADE"))
    action: Mapped[GradeAction] = mapped_column(pg_enum(GradeAction, "diary_grade_action"))
    old_value: Mapped[str | None] = mapped_column(String(4))
    new_value: Mapped[str | None] = mapped_column(String(4))
    comment: Mapped[str | None] = mapped_column(String(500))
    changed_by: Mapped[uuid.UUID] = mapped_column(ForeignKey("accounts.id"))
    changed_at: Mapped[datetime] = mapped_column(TS, server_default=func.now())


class TermGrade(Base):
    """A term (четвертная) or year (годовая) grade; ``term_id`` is NULL for the year."""

    __tablename__ = "term_grades"
    __table_args__ = (
        CheckConstraint(_ONE_VALUE, name="one_value"),
        Index(
            "uq_term_grades_student_subject_year_term",
            "student_id",
            "subject_id",
            "academic_year",
            "term_id",
            unique=True,
            postgresql_nulls_not_distinct=True,
        ),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    student_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("students.id", ondelete="CASCADE"))
    subject_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("subjects.id", ondelete="CASCADE"))
    academic_year: Mapped[int] = mapped_column(SmallInteger)
    term_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("terms.id", ondelete="CASCADE"))
    period: Mapped[GradePeriod] = mapped_column(pg_enum(GradePeriod, "diary_grade_period"))
    score: Mapped[int | None] = mapped_column(SmallInteger)
    passed: Mapped[bool | None] = mapped_column(Boolean)
    average: Mapped[Decimal | None] = mapped_column(Numeric(4, 2))
    set_by: Mapped[uuid.UUID] = mapped_column(ForeignKey("accounts.id"))
    set_at: Mapped[datetime] = mapped_column(TS, server_default=func.now())
