"""School structure: years and terms, subjects, who teaches what, students, families, bells
and the weekly timetable from which a term's lessons are generated."""

from __future__ import annotations

import enum
import uuid
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    CheckConstraint,
    ColumnElement,
    Date,
    ForeignKey,
    Index,
    Numeric,
    SmallInteger,
    String,
    Time,
    UniqueConstraint,
    and_,
    func,
)
from sqlalchemy.orm import Mapped, mapped_column

from api.db import Base
from api.diary.types import TS, pg_enum


class TermKind(enum.StrEnum):
    quarter = "quarter"  # четверть
    trimester = "trimester"  # триместр
    half = "half"  # полугодие


class SubjectAssessment(enum.StrEnum):
    graded = "graded"  # пятибалльная шкала
    pass_fail = "pass_fail"  # noqa: S105 - зачёт / незачёт


class AcademicYear(Base):
    """A school's academic year (``year`` 2026 is 2026/2027) and how it is divided."""

    __tablename__ = "academic_years"
    __table_args__ = (
        UniqueConstraint("school_id", "year"),
        CheckConstraint("starts_on < ends_on", name="dates_ordered"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    school_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("schools.id", ondelete="CASCADE"))
    year: Mapped[int] = mapped_column(SmallInteger)
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)
    term_kind: Mapped[TermKind] = mapped_column(pg_enum(TermKind, "diary_term_kind"))
    # Kept by a trigger (migration 0021): OneRoster's dateLastModified.
    updated_at: Mapped[datetime] = mapped_column(TS, server_default=func.now())


class Term(Base):
    """A quarter, trimester or half of an academic year, with its study dates."""

    __tablename__ = "terms"
    __table_args__ = (
        UniqueConstraint("academic_year_id", "number"),
        CheckConstraint("starts_on <= ends_on", name="dates_ordered"),
        CheckConstraint("number BETWEEN 1 AND 4", name="number_range"),
        Index("ix_terms_school_id_starts_on", "school_id", "starts_on"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    school_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("schools.id", ondelete="CASCADE"))
    academic_year_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("academic_years.id", ondelete="CASCADE")
    )
    kind: Mapped[TermKind] = mapped_column(pg_enum(TermKind, "diary_term_kind"))
    number: Mapped[int] = mapped_column(SmallInteger)
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)
    # Kept by a trigger (migration 0021): OneRoster's dateLastModified.
    updated_at: Mapped[datetime] = mapped_column(TS, server_default=func.now())


class Subject(Base):
    __tablename__ = "subjects"
    __table_args__ = (UniqueConstraint("school_id", "name"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    school_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("schools.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(100))
    assessment: Mapped[SubjectAssessment] = mapped_column(
        pg_enum(SubjectAssessment, "diary_subject_assessment"),
        default=SubjectAssessment.graded,
    )
    # Kept by a trigger (migration 0021): OneRoster's dateLastModified.
    updated_at: Mapped[datetime] = mapped_column(TS, server_default=func.now())


class TeachingAssignment(Base):
    """A teacher teaches a subject in a class (``hours_per_week``: the load, when known)."""

    __tablename__ = "teaching_assignments"
    __table_args__ = (
        UniqueConstraint("teacher_id", "class_id", "subject_id"),
        CheckConstraint("hours_per_week BETWEEN 0 AND 40", name="hours_range"),
        Index("ix_teaching_assignments_class_id_subject_id", "class_id", "subject_id"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    school_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("schools.id", ondelete="CASCADE"))
    teacher_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"))
    class_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("school_classes.id", ondelete="CASCADE"))
    subject_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("subjects.id", ondelete="CASCADE"))
    # «Часов в неделю» of the school's teaching load (the import, the admin); None: not given.
    hours_per_week: Mapped[Decimal | None] = mapped_column(Numeric(3, 1))
    # Kept by a trigger (migration 0021): OneRoster's dateLastModified.
    updated_at: Mapped[datetime] = mapped_column(TS, server_default=func.now())


class ClassTeacher(Base):
    """The class teacher (классный руководитель) of a class: one per class."""

    __tablename__ = "class_teachers"

    class_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("school_classes.id", ondelete="CASCADE"), primary_key=True
    )
    teacher_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("accounts.id", ondelete="CASCADE"), index=True
    )
    assigned_at: Mapped[datetime] = mapped_column(TS, server_default=func.now())


class Student(Base):
    """A pupil on a school's roster. ``snils_hash`` (keyed hash, purpose "snils") lets an
    approved application match a child to the roster without keeping the SNILS here."""

    __tablename__ = "students"
    __table_args__ = (
        Index("ix_students_class_id_last_name", "class_id", "last_name", "first_name"),
        Index("ix_students_school_id_snils_hash", "school_id", "snils_hash"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    school_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("schools.id", ondelete="CASCADE"))
    class_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("school_classes.id"))
    account_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("accounts.id", ondelete="SET NULL"), unique=True
    )
    last_name: Mapped[str] = mapped_column(String(60))
    first_name: Mapped[str] = mapped_column(String(60))
    middle_name: Mapped[str | None] = mapped_column(String(60))
    birth_date: Mapped[date] = mapped_column(Date)
    snils_hash: Mapped[str | None] = mapped_column(String(64))
    student_number: Mapped[str | None] = mapped_column(String(20))
    # Set when the pupil left the school (a roster import marked them ``tobedeleted``):
    # the row, grades and attendance stay, but class lists no longer show the pupil
    # (``on_roster``). Cleared when a later import brings the pupil back.
    archived_at: Mapped[datetime | None] = mapped_column(TS)
    # Set when the retention pass depersonalised the pupil, the school's journal period
    # (``schools.journal_keep_years``) after they left: names, birth date, SNILS hash,
    # personal number and every link to a person gone; grades and attendance stay on the row.
    depersonalised_at: Mapped[datetime | None] = mapped_column(TS)
    created_at: Mapped[datetime] = mapped_column(TS, server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(TS, server_default=func.now())


def on_roster(student: Any = Student) -> ColumnElement[bool]:
    """The pupil is still at the school: the one condition every list of a class's pupils
    (journal, lesson roster, attendance, analytics, OneRoster, announcements) applies.
    Access to a pupil's own record does not: the family keeps reading it after they left."""
    return student.archived_at.is_(None)  # type: ignore[no-any-return]


def pupils_of(class_id: Any, student: Any = Student) -> ColumnElement[bool]:
    """The current pupils of a class (``class_id``: a value or a column)."""
    return and_(student.class_id == class_id, on_roster(student))


class Guardianship(Base):
    """A guardian's (parent's) account may see a student's diary. Created on approval of
    an application (see ``structure.students.add_guardian``)."""

    __tablename__ = "guardianships"
    __table_args__ = (UniqueConstraint("account_id", "student_id"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    account_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"))
    student_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("students.id", ondelete="CASCADE"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(TS, server_default=func.now())


class Bell(Base):
    """The bell schedule: lesson ``number`` runs from ``starts_at`` to ``ends_at`` (local)."""

    __tablename__ = "bells"
    __table_args__ = (
        UniqueConstraint("school_id", "number"),
        CheckConstraint("number BETWEEN 0 AND 12", name="number_range"),
        CheckConstraint("starts_at < ends_at", name="times_ordered"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    school_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("schools.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(SmallInteger)
    starts_at: Mapped[time] = mapped_column(Time)
    ends_at: Mapped[time] = mapped_column(Time)


class TimetableSlot(Base):
    """One line of a class's weekly template for a term: Monday, lesson 2, algebra."""

    __tablename__ = "timetable_slots"
    __table_args__ = (
        UniqueConstraint("term_id", "class_id", "weekday", "number"),
        CheckConstraint("weekday BETWEEN 1 AND 7", name="weekday_range"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    school_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("schools.id", ondelete="CASCADE"))
    term_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("terms.id", ondelete="CASCADE"))
    class_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("school_classes.id", ondelete="CASCADE"))
    weekday: Mapped[int] = mapped_column(SmallInteger)  # ISO: 1 = Monday
    number: Mapped[int] = mapped_column(SmallInteger)
    subject_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("subjects.id", ondelete="CASCADE"))
    teacher_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("accounts.id"))
    room: Mapped[str | None] = mapped_column(String(20))
