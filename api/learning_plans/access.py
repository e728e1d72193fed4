"""Who sees which plan and as whom: the one place (ARCHITECTURE §4.3).

* the student's guardians (and the student) read it; guardians act for the family;
* the class teacher of the student's class and the school's administrators read it and
  act for the school;
* anybody else — subject teachers, other families, other schools — gets 404.
"""

from __future__ import annotations

import uuid
from collections.abc import Collection

from sqlalchemy import ColumnElement, Select, and_, exists, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.diary.structure.models import ClassTeacher, Guardianship, Student
from api.diary.structure.viewer import Viewer, is_family_of, runs_class
from api.errors import Forbidden, NotFound
from api.i18n import Text
from api.identity.deps import Principal
from api.identity.models import Role
from api.learning_plans.models import LearningPlan
from api.learning_plans.workflow import Actor


def plan_not_found() -> NotFound:
    return NotFound(
        code="learning_plan_not_found",
        detail=Text("Индивидуальный план не найден", "No such learning plan"),
    )


def student_not_found() -> NotFound:
    return NotFound(code="student_not_found", detail=Text("Такого ученика нет", "No such student"))


def school_staff(
    roles: Collection[Role], caller_school_id: uuid.UUID | None, school_id: uuid.UUID
) -> None:
    """The school's lists: 403 for a caller who acts on no plans, 404 for another school.
    From the principal (ORM) or from what a single statement read with the session."""
    if Role.school_admin not in roles and Role.class_teacher not in roles:
        raise Forbidden(
            code="role_required",
            detail=Text(
                "ИУП школы ведут администратор школы и классные руководители",
                "Only school administrators and class teachers handle the school's plans",
            ),
        )
    if caller_school_id != school_id:
        raise NotFound(code="school_not_found", detail=Text("Такой школы нет", "No such school"))


def sees(viewer: Viewer) -> ColumnElement[bool]:
    """Whose plans the viewer reads, as a condition on ``Student`` (the plan's student):
    the ORM reads with ``Viewer.of(principal)``, the single statements (``statements``)
    with their caller."""
    return or_(
        is_family_of(viewer, Student.id, Student.account_id),
        runs_class(viewer, Student.class_id, Student.school_id),
    )


def readable_plans(principal: Principal) -> Select[LearningPlan]:
    viewer = Viewer.of(principal)
    return (
        select(LearningPlan)
        .join(Student, Student.id == LearningPlan.student_id)
        .where(sees(viewer))
    )


async def plan_student(
    session: AsyncSession, principal: Principal, student_id: uuid.UUID
) -> Student:
    """The student whose plans the caller may see (family, class teacher, administration)."""
    viewer = Viewer.of(principal)
    student: Student | None = await session.scalar(
        select(Student).where(Student.id == student_id, sees(viewer))
    )
    if student is None:
        raise student_not_found()
    return student


def actor_from(*, guardian: bool, same_school: bool, admin: bool, runs_class: bool) -> Actor | None:
    """As whom the caller acts in a student's plans (None: may only read): a guardian for
    the family; in the student's school, an administrator, else the class teacher. From
    the ORM (``actor_of``) or from what a single statement read (``statements``)."""
    if guardian:
        return Actor.guardian
    if same_school:
        if admin:
            return Actor.school_admin
        if runs_class:
            return Actor.class_teacher
    return None


async def actor_of(session: AsyncSession, principal: Principal, student: Student) -> Actor | None:
    """As whom the caller acts in the student's plans (None: may only read)."""
    guardian = await session.scalar(
        select(
            exists().where(
                Guardianship.student_id == student.id,
                Guardianship.account_id == principal.account_id,
            )
        )
    )
    same_school = principal.school_id == student.school_id
    admin = Role.school_admin in principal.roles
    runs = False
    if not guardian and same_school and not admin:
        runs = bool(
            await session.scalar(
                select(
                    exists().where(
                        and_(
                            ClassTeacher.class_id == student.class_id,
                            ClassTeacher.teacher_id == principal.account_id,
                        )
                    )
                )
            )
        )
    return actor_from(
        guardian=bool(guardian), same_school=same_school, admin=admin, runs_class=runs
    )
