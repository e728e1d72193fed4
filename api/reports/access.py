"""Who may read which report: the one place (ARCHITECTURE §4.3).

- a student report: whoever sees the student (``structure.access``) — a family their
  child, teachers their classes (with only their subjects' rows), the administration;
- class analytics: the school's administration, the class teacher, the class's teachers;
- school analytics and journal completeness: the school's administration.
Anything else answers 404, as if it did not exist.
"""

from __future__ import annotations

import uuid

from sqlalchemy import Uuid, literal, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.diary.structure.access import get_readable_student
from api.diary.structure.models import Student, TeachingAssignment
from api.diary.structure.viewer import Viewer, runs_class, teaches
from api.errors import NotFound
from api.i18n import Text
from api.identity.deps import Principal
from api.identity.models import Role
from api.schools.models import School, SchoolClass


async def report_student(
    session: AsyncSession, principal: Principal, student_id: uuid.UUID
) -> Student:
    return await get_readable_student(session, principal, student_id)


async def analysed_class(
    session: AsyncSession, principal: Principal, class_id: uuid.UUID
) -> SchoolClass:
    viewer = Viewer.of(principal)
    found = await session.scalar(
        select(SchoolClass).where(
            SchoolClass.id == class_id,
            or_(
                runs_class(viewer, SchoolClass.id, SchoolClass.school_id),
                teaches(viewer, SchoolClass.id),
            ),
        )
    )
    if found is None:
        raise NotFound(code="class_not_found", detail=Text("Такого класса нет", "No such class"))
    return found


async def administered_school(
    session: AsyncSession, principal: Principal, school_id: uuid.UUID
) -> School:
    school = None
    if principal.has_any(Role.school_admin) and principal.school_id == school_id:
        school = await session.get(School, school_id)
    if school is None:
        raise NotFound(code="school_not_found", detail=Text("Такой школы нет", "No such school"))
    return school


async def visible_subjects(
    session: AsyncSession, principal: Principal, school_class: SchoolClass
) -> frozenset[uuid.UUID] | None:
    """The subjects whose per-student rows (the «сводная ведомость», attendance by
    student) the caller sees in a class they may analyse: every one (None) for the
    administration and the class teacher, a subject teacher's own subjects otherwise."""
    viewer = Viewer.of(principal)
    runs = await session.scalar(
        select(
            runs_class(
                viewer, literal(school_class.id, Uuid), literal(school_class.school_id, Uuid)
            )
        )
    )
    if runs:
        return None
    taught = await session.scalars(
        select(TeachingAssignment.subject_id).where(
            TeachingAssignment.class_id == school_class.id,
            TeachingAssignment.teacher_id == principal.account_id,
        )
    )
    return frozenset(taught)
