"""The contact list: everyone ``access.reachable`` allows, with names, roles, subjects."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from api.diary.structure.models import ClassTeacher, Student
from api.identity.models import Account
from api.messaging.access import Reachable
from api.messaging.schemas import Contact
from api.messaging.service import full_name

_ROLE_ORDER = ("school_admin", "class_teacher", "teacher", "parent", "student")


async def render(session: AsyncSession, found: Sequence[Reachable]) -> list[Contact]:
    """Staff first (admins, class teachers, teachers), then families; by name."""
    if not found:
        return []
    accounts = {
        a.id: a
        for a in await session.scalars(
            select(Account).where(Account.id.in_({f.account_id for f in found}))
        )
    }
    student_ids = {f.student_id for f in found if f.student_id is not None}
    students: dict[uuid.UUID, Student] = {
        s.id: s
        for s in (
            await session.scalars(select(Student).where(Student.id.in_(student_ids)))
            if student_ids
            else []
        )
    }
    leaders = {
        (row.class_id, row.teacher_id)
        for row in await session.execute(
            select(ClassTeacher.class_id, ClassTeacher.teacher_id).where(
                ClassTeacher.teacher_id.in_(list(accounts))
            )
        )
    }
    contacts = []
    for f in found:
        account = accounts[f.account_id]
        student = students.get(f.student_id) if f.student_id else None
        roles = set(account.roles)
        if student is not None and (student.class_id, account.id) in leaders:
            roles.add("class_teacher")
        if student is not None and student.account_id == account.id:
            roles = {"student"}
        elif student is not None and not roles & {"teacher", "class_teacher", "school_admin"}:
            roles = {"parent"}
        contacts.append(
            Contact(
                account_id=account.id,
                name=full_name(account.last_name, account.first_name, account.middle_name),
                roles=[r for r in _ROLE_ORDER if r in roles],
                subjects=sorted(f.subjects),
                student_id=f.student_id,
                student_name=f"{student.last_name} {student.first_name}" if student else None,
            )
        )

    def order(c: Contact) -> tuple[int, str, str]:
        rank = min((_ROLE_ORDER.index(r) for r in c.roles), default=len(_ROLE_ORDER))
        return rank, c.name, c.student_name or ""

    return sorted(contacts, key=order)
