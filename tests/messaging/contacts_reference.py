"""The contact list as the Python code built it before ``access.reachable_select`` (the
rule) and ``contacts.statement`` (the list) became SQL: the reference the statement is
held equal to in ``test_contacts.py``, for every person of the world, with and without a
child named."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import ColumnElement, CompoundSelect, Select, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.diary.structure.models import ClassTeacher, Guardianship, Student, Subject, on_roster
from api.diary.structure.models import TeachingAssignment as Teaching
from api.errors import NotFound
from api.identity.deps import Principal
from api.identity.models import Account, AccountStatus, Role
from api.messaging.access import SCHOOL_STAFF, is_school_staff, student_not_found
from api.messaging.schemas import Contact
from api.messaging.service import full_name
from api.schools.models import SchoolClass

_STAFF_VALUES = [r.value for r in SCHOOL_STAFF]


def _active() -> ColumnElement[bool]:
    return Account.status == AccountStatus.active


def own_students(principal: Principal) -> Select[uuid.UUID, uuid.UUID, uuid.UUID]:
    return select(Student.id, Student.class_id, Student.school_id).where(
        or_(
            Student.id.in_(
                select(Guardianship.student_id).where(
                    Guardianship.account_id == principal.account_id
                )
            ),
            Student.account_id == principal.account_id,
        )
    )


def taught_class_ids(principal: Principal) -> Select[uuid.UUID] | CompoundSelect[uuid.UUID]:
    if principal.has_any(Role.school_admin):
        return select(SchoolClass.id).where(SchoolClass.school_id == principal.school_id)
    return (
        select(Teaching.class_id)
        .where(Teaching.teacher_id == principal.account_id)
        .union(select(ClassTeacher.class_id).where(ClassTeacher.teacher_id == principal.account_id))
    )


@dataclass(slots=True)
class Reachable:
    account_id: uuid.UUID
    school_id: uuid.UUID
    student_id: uuid.UUID | None
    subjects: set[str] = field(default_factory=set)


async def _family_side(
    session: AsyncSession, principal: Principal, student_id: uuid.UUID | None
) -> list[Reachable]:
    """Staff who work with the caller's children."""
    query = own_students(principal)
    if student_id is not None:
        query = query.where(Student.id == student_id)
    children = [tuple(row) for row in (await session.execute(query)).all()]
    if student_id is not None and not children:
        raise student_not_found()
    found: dict[tuple[uuid.UUID, uuid.UUID], Reachable] = {}

    def add(account_id: uuid.UUID, child: uuid.UUID, school: uuid.UUID) -> Reachable:
        key = (account_id, child)
        if key not in found:
            found[key] = Reachable(account_id, school, child)
        return found[key]

    for child, class_id, school in children:
        teachers = await session.execute(
            select(Teaching.teacher_id, Subject.name)
            .join(Subject, Subject.id == Teaching.subject_id)
            .join(Account, Account.id == Teaching.teacher_id)
            .where(Teaching.class_id == class_id, Account.school_id == school, _active())
        )
        for teacher_id, subject in teachers:
            add(teacher_id, child, school).subjects.add(subject)
        leaders = await session.scalars(
            select(ClassTeacher.teacher_id)
            .join(Account, Account.id == ClassTeacher.teacher_id)
            .where(ClassTeacher.class_id == class_id, Account.school_id == school, _active())
        )
        for teacher_id in leaders:
            add(teacher_id, child, school)
        admins = await session.scalars(
            select(Account.id).where(
                Account.school_id == school,
                Account.roles.contains([Role.school_admin.value]),
                _active(),
            )
        )
        for admin_id in admins:
            add(admin_id, child, school)
    return list(found.values())


async def _staff_side(
    session: AsyncSession, principal: Principal, student_id: uuid.UUID | None
) -> list[Reachable]:
    """Colleagues of the same school; guardians and students of the caller's classes."""
    school = principal.school_id
    assert school is not None
    found: list[Reachable] = []
    colleagues = await session.scalars(
        select(Account.id).where(
            Account.school_id == school,
            Account.roles.overlap(_STAFF_VALUES),
            Account.id != principal.account_id,
            _active(),
        )
    )
    found += [Reachable(a, school, None) for a in colleagues]
    pupils = select(Student.id).where(
        Student.school_id == school,
        Student.class_id.in_(taught_class_ids(principal)),
        on_roster(),
    )
    if student_id is not None:
        if await session.scalar(pupils.where(Student.id == student_id)) is None:
            raise student_not_found()
        pupils = pupils.where(Student.id == student_id)
    families = await session.execute(
        select(Guardianship.account_id, Guardianship.student_id)
        .join(Account, Account.id == Guardianship.account_id)
        .where(Guardianship.student_id.in_(pupils), _active())
        .union(
            select(Student.account_id, Student.id)
            .join(Account, Account.id == Student.account_id)
            .where(Student.id.in_(pupils), _active())
        )
    )
    found += [
        Reachable(account, school, child)
        for account, child in families
        if account != principal.account_id
    ]
    return found


async def reachable(
    session: AsyncSession, principal: Principal, student_id: uuid.UUID | None = None
) -> list[Reachable]:
    """Everyone the caller may write to (about ``student_id`` when given: 404 if that
    child is not the caller's, nor in the caller's classes)."""
    if principal.is_client:
        return []
    if not is_school_staff(principal):
        return await _family_side(session, principal, student_id)
    if student_id is None:  # a teacher may be a parent too
        staff = await _staff_side(session, principal, None)
        return staff + await _family_side(session, principal, None)
    try:
        return await _staff_side(session, principal, student_id)
    except NotFound:  # a teacher asking about their own child
        return await _family_side(session, principal, student_id)


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
