"""Row scoping of students and classes: the one place that says whose records a caller sees."""

from __future__ import annotations

import uuid

from sqlalchemy import Select, func, select
from sqlalchemy.ext.asyncio import AsyncSession

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
    runs = runs_class(Viewer.of(principal), SchoolClass.id, SchoolClass.school_id)
    latest = select(func.max(SchoolClass.academic_year)).where(runs).scalar_subquery()
    return select(SchoolClass).where(runs, SchoolClass.academic_year == latest)


def student_not_found() -> NotFound:
    return NotFound(code="student_not_found", detail=Text("Такого ученика нет", "No such student"))


async def get_readable_student(
    session: AsyncSession, principal: Principal, student_id: uuid.UUID
) -> Student:
    student = await session.scalar(readable_students(principal).where(Student.id == student_id))
    if student is None:
        raise student_not_found()
    return student
