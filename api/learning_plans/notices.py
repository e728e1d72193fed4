"""Who hears about a plan's step and what they read: the other side of each step."""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from api.diary.structure.models import ClassTeacher, Guardianship, Student
from api.identity.models import Account, AccountStatus, Role
from api.learning_plans.models import LearningPlan
from api.learning_plans.workflow import FAMILY, Action, Actor
from api.notifications.service import Kind, Message


def link(plan_id: uuid.UUID) -> str:
    return f"/learning-plans/{plan_id}"


async def guardians(session: AsyncSession, student_id: uuid.UUID) -> list[uuid.UUID]:
    return list(
        await session.scalars(
            select(Guardianship.account_id).where(Guardianship.student_id == student_id)
        )
    )


async def school_side(session: AsyncSession, plan: LearningPlan) -> list[uuid.UUID]:
    """The class teacher of the student's class and the school's administrators."""
    class_teachers = (
        select(ClassTeacher.teacher_id)
        .join(Student, Student.class_id == ClassTeacher.class_id)
        .where(Student.id == plan.student_id)
    )
    admins = select(Account.id).where(
        Account.school_id == plan.school_id,
        Account.roles.contains([Role.school_admin.value]),
        Account.status == AccountStatus.active,
    )
    found = set(await session.scalars(class_teachers)) | set(await session.scalars(admins))
    return sorted(found)


async def other_side(
    session: AsyncSession, plan: LearningPlan, actor: Actor, actor_id: uuid.UUID
) -> list[uuid.UUID]:
    if actor in FAMILY:
        people = await school_side(session, plan)
    else:
        people = await guardians(session, plan.student_id)
    return [p for p in people if p != actor_id]


_BODIES: dict[Action, str] = {
    Action.request: "Родитель просит составить индивидуальный учебный план.",
    Action.propose: "Школа предлагает индивидуальный учебный план: прочитайте и подпишите "
    "его кодом из СМС или попросите изменить.",
    Action.request_changes: "Родитель просит изменить индивидуальный учебный план.",
    Action.sign: "Родитель подписал индивидуальный учебный план: его можно утвердить.",
    Action.approve: "Индивидуальный учебный план утверждён администрацией школы.",
    Action.decline: "Индивидуальный учебный план отклонён школой.",
    Action.withdraw: "Родитель отозвал индивидуальный учебный план.",
}


def step_message(plan: LearningPlan, action: Action, comment: str | None) -> Message:
    body = _BODIES[action]
    if comment:
        body = f"{body} Комментарий: {comment}"
    return Message(
        kind=Kind.learning_plan, title=f"ИУП «{plan.title}»", body=body, link=link(plan.id)
    )


def comment_message(plan: LearningPlan, author: str, text: str) -> Message:
    return Message(
        kind=Kind.learning_plan,
        title=f"ИУП «{plan.title}»: новый комментарий",
        body=f"{author}: {text}",
        link=link(plan.id),
    )
