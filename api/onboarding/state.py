"""What the school already has, loaded once in a few queries, so that planning an import
of thousands of rows is dictionary look-ups rather than a query per row."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from api.diary.structure.models import (
    AcademicYear,
    ClassTeacher,
    Guardianship,
    Student,
    Subject,
    TeachingAssignment,
    Term,
)
from api.identity.models import Account, AccountIdentity
from api.onboarding.models import RosterLink
from api.schools.models import SchoolClass

NameKey = tuple[str, str, str, date]


def name_key(last: str, first: str, middle: str | None, born: date) -> NameKey:
    return (last.casefold(), first.casefold(), (middle or "").casefold(), born)


@dataclass(slots=True)
class PersonAccount:
    id: uuid.UUID
    roles: list[str]
    school_id: uuid.UUID | None
    phone: str


@dataclass
class SchoolState:
    school_id: uuid.UUID
    links: dict[tuple[str, str], tuple[uuid.UUID, bool]] = field(default_factory=dict)
    years: dict[int, AcademicYear] = field(default_factory=dict)
    terms: dict[uuid.UUID, Term] = field(default_factory=dict)
    classes: dict[uuid.UUID, SchoolClass] = field(default_factory=dict)
    class_by_key: dict[tuple[int, int, str], uuid.UUID] = field(default_factory=dict)
    subjects: dict[str, uuid.UUID] = field(default_factory=dict)
    students: dict[uuid.UUID, Student] = field(default_factory=dict)
    student_by_snils: dict[str, uuid.UUID] = field(default_factory=dict)
    student_by_name: dict[NameKey, uuid.UUID] = field(default_factory=dict)
    accounts: dict[uuid.UUID, PersonAccount] = field(default_factory=dict)
    account_by_phone: dict[str, uuid.UUID] = field(default_factory=dict)
    account_by_snils: dict[str, uuid.UUID] = field(default_factory=dict)
    account_by_name: dict[NameKey, uuid.UUID] = field(default_factory=dict)
    guardianships: set[tuple[uuid.UUID, uuid.UUID]] = field(default_factory=set)
    # (teacher, class, subject) → (assignment id, hours a week)
    assignments: dict[tuple[uuid.UUID, uuid.UUID, uuid.UUID], tuple[uuid.UUID, Decimal | None]] = (
        field(default_factory=dict)
    )
    class_teachers: dict[uuid.UUID, uuid.UUID] = field(default_factory=dict)

    def current_year(self, today: date) -> int:
        return today.year if today.month >= 8 else today.year - 1


async def load(
    session: AsyncSession,
    school_id: uuid.UUID,
    *,
    phones: set[str],
    snils_hashes: set[str],
) -> SchoolState:
    state = SchoolState(school_id)
    for link in await session.scalars(select(RosterLink).where(RosterLink.school_id == school_id)):
        state.links[(link.entity, link.external_id)] = (
            link.object_id,
            link.archived_at is not None,
        )
    for year in await session.scalars(
        select(AcademicYear).where(AcademicYear.school_id == school_id)
    ):
        state.years[year.year] = year
    for term in await session.scalars(select(Term).where(Term.school_id == school_id)):
        state.terms[term.id] = term
    for cls in await session.scalars(select(SchoolClass).where(SchoolClass.school_id == school_id)):
        state.classes[cls.id] = cls
        state.class_by_key[(cls.academic_year, cls.grade, cls.letter)] = cls.id
    for subject in await session.scalars(select(Subject).where(Subject.school_id == school_id)):
        state.subjects[subject.name.casefold()] = subject.id
    for student in await session.scalars(select(Student).where(Student.school_id == school_id)):
        state.students[student.id] = student
        if student.snils_hash:
            state.student_by_snils[student.snils_hash] = student.id
        key = name_key(
            student.last_name, student.first_name, student.middle_name, student.birth_date
        )
        state.student_by_name[key] = student.id
    for account_id, student_id in await session.execute(
        select(Guardianship.account_id, Guardianship.student_id)
        .join(Student, Student.id == Guardianship.student_id)
        .where(Student.school_id == school_id)
    ):
        state.guardianships.add((account_id, student_id))
    guardian_ids = {a for a, _ in state.guardianships}
    linked_ids = {
        oid for (entity, _), (oid, _) in state.links.items() if entity in ("teacher", "guardian")
    }
    query = (
        select(Account, AccountIdentity.snils_hash, AccountIdentity.birth_date)
        .outerjoin(AccountIdentity, AccountIdentity.account_id == Account.id)
        .where(
            (Account.school_id == school_id)
            | Account.id.in_(list(guardian_ids | linked_ids))
            | Account.phone.in_(list(phones))
            | AccountIdentity.snils_hash.in_(list(snils_hashes))
        )
    )
    for account, snils, born in await session.execute(query):
        state.accounts[account.id] = PersonAccount(
            account.id, list(account.roles), account.school_id, account.phone
        )
        state.account_by_phone[account.phone] = account.id
        if snils:
            state.account_by_snils[snils] = account.id
        if born:
            key = name_key(account.last_name, account.first_name, account.middle_name, born)
            state.account_by_name[key] = account.id
    for t, c, s, assignment_id, hours in await session.execute(
        select(
            TeachingAssignment.teacher_id,
            TeachingAssignment.class_id,
            TeachingAssignment.subject_id,
            TeachingAssignment.id,
            TeachingAssignment.hours_per_week,
        ).where(TeachingAssignment.school_id == school_id)
    ):
        state.assignments[(t, c, s)] = (assignment_id, hours)
    for class_id, teacher_id in await session.execute(
        select(ClassTeacher.class_id, ClassTeacher.teacher_id).where(
            ClassTeacher.class_id.in_(list(state.classes))
        )
    ):
        state.class_teachers[class_id] = teacher_id
    return state
