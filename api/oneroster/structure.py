"""The school's structure as OneRoster derives it: scheduled classes (class × subject with
a teaching assignment or a timetable slot) and the study dates of a class's year."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, DateTime, Subquery, cast, func, null, select, union_all

from api.diary.structure.models import AcademicYear, TeachingAssignment, TimetableSlot
from api.oneroster.sql import SCHOOL


def scheduled_pairs() -> Subquery:
    """(class_id, subject_id, modified) of every scheduled class of ``:school``."""
    taught = select(
        TeachingAssignment.class_id,
        TeachingAssignment.subject_id,
        TeachingAssignment.updated_at.label("modified"),
    ).where(TeachingAssignment.school_id == SCHOOL)
    slotted = select(
        TimetableSlot.class_id,
        TimetableSlot.subject_id,
        cast(null(), DateTime(timezone=True)).label("modified"),
    ).where(TimetableSlot.school_id == SCHOOL)
    both = union_all(taught, slotted).subquery("taught_or_slotted")
    return (
        select(both.c.class_id, both.c.subject_id, func.max(both.c.modified).label("modified"))
        .group_by(both.c.class_id, both.c.subject_id)
        .subquery("pairs")
    )


def _of_year(column: Any, year: Any) -> Any:
    return (
        select(column)
        .where(AcademicYear.school_id == SCHOOL, AcademicYear.year == year)
        .scalar_subquery()
    )


def year_start(year: Any) -> ColumnElement[Any]:
    """The year's first day (1 September when the school has no row for it)."""
    return func.coalesce(_of_year(AcademicYear.starts_on, year), func.make_date(year, 9, 1))


def year_end_exclusive(year: Any) -> ColumnElement[Any]:
    """The day after the year's last day (the binding's exclusive ``endDate``)."""
    return func.coalesce(_of_year(AcademicYear.ends_on + 1, year), func.make_date(year + 1, 9, 1))
