"""Row scoping of students and classes: the one place that says whose records a caller sees."""

from __future__ import annotations

import uuid

from sqlalchemy import ColumnElement, Select, and_, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from api.diary.structure.models import Student
from api.diary.structure.viewer import Viewer, runs_class, sees_student
from api.errors import NotFound
from api.i18n import Text
from api.identity.deps import Principal
from api.schools.models import SchoolClass


def readable_students(principal: Principal) -> Select[Student]:
    """Guardians: their children; students: themselves; teachers: the classes they teach;
    class teachers: their class; school administrators: their school."""
    return select(Student).where(sees_student(Viewer.of(principal)))


def run_classes(principal: Principal) -> Select[SchoolClass]:
    """Classes the caller runs in the latest academic year they run any: the class
    teacher's own, every class of an administrator's school (past years' classes stay in
    the database with their class teachers; only the latest matter for daily work)."""
    return select(SchoolClass).where(runs_latest_class(Viewer.of(principal)))


def runs_latest_class(viewer: Viewer) -> ColumnElement[bool]:
    """``run_classes``'s condition on ``SchoolClass``, for a viewer that may be a single
    statement's caller (``api.diary.sql.viewer_of``)."""
    # The latest year over all the classes the viewer runs: its own alias, so that the
    # subquery is not correlated with the class at hand.
    any_class = aliased(SchoolClass)
    runs_any = runs_class(viewer, any_class.id, any_class.school_id)
    latest = select(func.max(any_class.academic_year)).where(runs_any).scalar_subquery()
    runs = runs_class(viewer, SchoolClass.id, SchoolClass.school_id)
    return and_(runs, SchoolClass.academic_year == latest)


def student_not_found() -> NotFound:
    return NotFound(code="student_not_found", detail=Text("Такого ученика нет", "No such student"))


async def get_readable_student(
    session: AsyncSession, principal: Principal, student_id: uuid.UUID
) -> Student:
    student = await session.scalar(readable_students(principal).where(Student.id == student_id))
    if student is None:
        raise student_not_found()
    return student
