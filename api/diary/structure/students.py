"""Students of a school, their guardians, and class rosters."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from api.diary.structure.models import Guardianship, Student, pupils_of
from api.diary.structure.schemas import StudentIn
from api.diary.structure.service import get_class, invalid
from api.errors import NotFound
from api.i18n import Text
from api.identity.accounts import snils_hash
from api.identity.models import Account
from api.schools.models import SchoolClass


async def create_student(
    session: AsyncSession, school_id: uuid.UUID, body: StudentIn
) -> tuple[Student, SchoolClass]:
    school_class = await get_class(session, school_id, body.class_id)
    if body.account_id is not None:
        taken = await session.scalar(
            select(Student.id).where(Student.account_id == body.account_id)
        )
        exists = await session.scalar(select(Account.id).where(Account.id == body.account_id))
        if taken is not None or exists is None:
            raise invalid(
                "account_id",
                "account_unavailable",
                "Эта учётная запись не может быть привязана к ученику",
                "This account cannot be linked to the student",
            )
    student = Student(
        id=uuid.uuid4(),
        school_id=school_id,
        class_id=school_class.id,
        account_id=body.account_id,
        last_name=body.last_name,
        first_name=body.first_name,
        middle_name=body.middle_name,
        birth_date=body.birth_date,
        snils_hash=snils_hash(body.snils) if body.snils else None,
        student_number=body.student_number,
    )
    session.add(student)
    await session.flush()
    return student, school_class


async def class_roster(session: AsyncSession, class_id: uuid.UUID) -> list[Student]:
    rows = await session.scalars(
        select(Student)
        .where(pupils_of(class_id))
        .order_by(Student.last_name, Student.first_name, Student.id)
    )
    return list(rows)


async def find_students_by_snils(
    session: AsyncSession, school_id: uuid.UUID, snils: str
) -> list[Student]:
    """Roster entries of a school whose SNILS (normalised "112-233-445 95") matches."""
    rows = await session.scalars(
        select(Student).where(
            Student.school_id == school_id, Student.snils_hash == snils_hash(snils)
        )
    )
    return list(rows)


async def add_guardian(
    session: AsyncSession, student_id: uuid.UUID, account_id: uuid.UUID
) -> Guardianship:
    """Let ``account_id`` see the student's diary (idempotent). Called when a school
    approves a guardian's application; the caller has checked the right to do so."""
    await session.execute(
        insert(Guardianship)
        .values(id=uuid.uuid4(), account_id=account_id, student_id=student_id)
        .on_conflict_do_nothing(index_elements=["account_id", "student_id"])
    )
    guardianship = await session.scalar(
        select(Guardianship).where(
            Guardianship.account_id == account_id, Guardianship.student_id == student_id
        )
    )
    assert guardianship is not None
    return guardianship


async def guardian_ids(
    session: AsyncSession, student_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, list[uuid.UUID]]:
    """Guardian accounts of each student."""
    result: dict[uuid.UUID, list[uuid.UUID]] = {s: [] for s in student_ids}
    rows = await session.execute(
        select(Guardianship.student_id, Guardianship.account_id).where(
            Guardianship.student_id.in_(list(student_ids))
        )
    )
    for student_id, account_id in rows:
        result[student_id].append(account_id)
    return result


async def get_school_student(
    session: AsyncSession, school_id: uuid.UUID, student_id: uuid.UUID
) -> Student:
    student = await session.scalar(
        select(Student).where(Student.id == student_id, Student.school_id == school_id)
    )
    if student is None:
        raise NotFound(
            code="student_not_found", detail=Text("Такого ученика нет", "No such student")
        )
    return student


async def get_account(session: AsyncSession, account_id: uuid.UUID) -> Account:
    account = await session.get(Account, account_id)
    if account is None:
        raise invalid(
            "account_id", "account_not_found", "Такой учётной записи нет", "No such account"
        )
    return account
