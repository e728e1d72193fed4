"""Teachers of a school, what they teach where (assignments), and class teachers."""

from __future__ import annotations

import uuid
from decimal import Decimal

from sqlalchemy import delete, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from api.diary.structure.models import ClassTeacher, Subject, TeachingAssignment
from api.diary.structure.schemas import AssignmentIn
from api.diary.structure.service import get_class, invalid
from api.diary.structure.subjects import get_subject
from api.errors import NotFound
from api.i18n import Text
from api.identity.models import Account, AccountStatus, Role
from api.schools.models import SchoolClass

TEACHING_ROLES = (Role.teacher.value, Role.class_teacher.value)


async def get_teacher(
    session: AsyncSession, school_id: uuid.UUID, teacher_id: uuid.UUID, *, field: str
) -> Account:
    account = await session.scalar(
        select(Account).where(
            Account.id == teacher_id,
            Account.school_id == school_id,
            Account.status == AccountStatus.active,
            Account.roles.overlap(list(TEACHING_ROLES)),
        )
    )
    if account is None:
        raise invalid(
            field,
            "teacher_not_found",
            "Такого учителя в вашей школе нет",
            "No such teacher in your school",
        )
    return account


async def list_teachers(session: AsyncSession, school_id: uuid.UUID) -> list[Account]:
    rows = await session.scalars(
        select(Account)
        .where(Account.school_id == school_id, Account.roles.overlap(list(TEACHING_ROLES)))
        .order_by(Account.last_name, Account.first_name)
    )
    return list(rows)


async def create_assignment(
    session: AsyncSession, school_id: uuid.UUID, body: AssignmentIn
) -> tuple[TeachingAssignment, Account, SchoolClass, Subject]:
    teacher = await get_teacher(session, school_id, body.teacher_id, field="teacher_id")
    school_class = await get_class(session, school_id, body.class_id)
    subject = await get_subject(session, school_id, body.subject_id, field="subject_id")
    hours = None if body.hours_per_week is None else Decimal(str(body.hours_per_week))
    # Assigning again keeps the stored hours unless new ones are given.
    given = {} if hours is None else {"hours_per_week": hours}
    assignment = await session.scalar(
        insert(TeachingAssignment)
        .values(
            id=uuid.uuid4(),
            school_id=school_id,
            teacher_id=teacher.id,
            class_id=school_class.id,
            subject_id=subject.id,
            hours_per_week=hours,
        )
        .on_conflict_do_update(
            index_elements=["teacher_id", "class_id", "subject_id"],
            set_={"school_id": school_id, **given},
        )
        .returning(TeachingAssignment)
    )
    assert assignment is not None
    return assignment, teacher, school_class, subject


async def delete_assignment(
    session: AsyncSession, school_id: uuid.UUID, assignment_id: uuid.UUID
) -> None:
    result = await session.execute(
        delete(TeachingAssignment)
        .where(TeachingAssignment.id == assignment_id, TeachingAssignment.school_id == school_id)
        .returning(TeachingAssignment.id)
    )
    if result.scalar_one_or_none() is None:
        raise NotFound(
            code="assignment_not_found", detail=Text("Такого назначения нет", "No such assignment")
        )


async def set_class_teacher(
    session: AsyncSession, school_id: uuid.UUID, class_id: uuid.UUID, teacher_id: uuid.UUID
) -> Account:
    await get_class(session, school_id, class_id)
    teacher = await get_teacher(session, school_id, teacher_id, field="teacher_id")
    await session.execute(
        insert(ClassTeacher)
        .values(class_id=class_id, teacher_id=teacher.id)
        .on_conflict_do_update(index_elements=["class_id"], set_={"teacher_id": teacher.id})
    )
    return teacher
