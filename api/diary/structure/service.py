"""School structure: years and terms, subjects, teachers and assignments, students and
their guardians. Everything is scoped to the administrator's school by the caller."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import delete, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from api.diary.structure.models import (
    AcademicYear,
    ClassTeacher,
    Guardianship,
    Student,
    Subject,
    TeachingAssignment,
    Term,
    TermKind,
)
from api.diary.structure.schemas import AcademicYearIn, AssignmentIn, StudentIn, SubjectIn
from api.errors import Conflict, FieldError, Forbidden, NotFound, ValidationFailed
from api.i18n import Text
from api.identity.accounts import snils_hash
from api.identity.deps import Principal
from api.identity.models import Account, AccountStatus, Role
from api.schools.models import SchoolClass

TEACHING_ROLES = (Role.teacher.value, Role.class_teacher.value)

_TERM_NAMES = {
    TermKind.quarter: ("четверть", "quarter"),
    TermKind.trimester: ("триместр", "trimester"),
    TermKind.half: ("полугодие", "half"),
}


def term_name(kind: TermKind, number: int) -> str:
    ru = _TERM_NAMES[kind][0]
    suffix = "е" if kind == TermKind.half else "я"
    return f"{number}-{suffix} {ru}"


def invalid(field: str, code: str, ru: str, en: str) -> ValidationFailed:
    return ValidationFailed(
        code=code, detail=Text(ru, en), errors=[FieldError(field, code, Text(ru, en))]
    )


def staff_school(principal: Principal) -> uuid.UUID:
    """The school a staff member works at (403 for accounts not attached to a school)."""
    if principal.school_id is None:
        raise Forbidden(
            code="school_required",
            detail=Text(
                "Учётная запись не привязана к школе", "The account is not attached to a school"
            ),
        )
    return principal.school_id


# --- Classes, teachers, subjects -----------------------------------------------------


async def get_class(
    session: AsyncSession, school_id: uuid.UUID, class_id: uuid.UUID
) -> SchoolClass:
    found = await session.scalar(
        select(SchoolClass).where(SchoolClass.id == class_id, SchoolClass.school_id == school_id)
    )
    if found is None:
        raise NotFound(
            code="class_not_found",
            detail=Text("Такого класса в вашей школе нет", "No such class in your school"),
        )
    return found


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


async def get_subject(
    session: AsyncSession, school_id: uuid.UUID, subject_id: uuid.UUID, *, field: str
) -> Subject:
    subject = await session.scalar(
        select(Subject).where(Subject.id == subject_id, Subject.school_id == school_id)
    )
    if subject is None:
        raise invalid(field, "subject_not_found", "Такого предмета в школе нет", "No such subject")
    return subject


async def list_teachers(session: AsyncSession, school_id: uuid.UUID) -> list[Account]:
    rows = await session.scalars(
        select(Account)
        .where(Account.school_id == school_id, Account.roles.overlap(list(TEACHING_ROLES)))
        .order_by(Account.last_name, Account.first_name)
    )
    return list(rows)


async def create_subject(session: AsyncSession, school_id: uuid.UUID, body: SubjectIn) -> Subject:
    taken = await session.scalar(
        select(Subject.id).where(Subject.school_id == school_id, Subject.name == body.name)
    )
    if taken is not None:
        raise Conflict(
            code="subject_exists",
            detail=Text("Такой предмет уже есть", "The subject already exists"),
        )
    subject = Subject(
        id=uuid.uuid4(), school_id=school_id, name=body.name, assessment=body.assessment
    )
    session.add(subject)
    await session.flush()
    return subject


async def list_subjects(session: AsyncSession, school_id: uuid.UUID) -> list[Subject]:
    rows = await session.scalars(
        select(Subject).where(Subject.school_id == school_id).order_by(Subject.name)
    )
    return list(rows)


# --- Academic years and terms --------------------------------------------------------


async def create_academic_year(
    session: AsyncSession, school_id: uuid.UUID, body: AcademicYearIn
) -> tuple[AcademicYear, list[Term]]:
    if body.starts_on >= body.ends_on:
        raise invalid(
            "ends_on",
            "dates_order",
            "Год должен кончаться после начала",
            "ends_on must follow starts_on",
        )
    numbers = [t.number for t in body.terms]
    if sorted(numbers) != list(range(1, len(numbers) + 1)):
        raise invalid(
            "terms", "term_numbers", "Периоды нумеруются с 1 подряд", "Terms are numbered 1, 2, …"
        )
    previous_end = None
    for index, term in enumerate(sorted(body.terms, key=lambda t: t.number)):
        if not body.starts_on <= term.starts_on <= term.ends_on <= body.ends_on or (
            previous_end is not None and term.starts_on <= previous_end
        ):
            raise invalid(
                f"terms.{index}",
                "term_dates",
                "Периоды должны идти друг за другом внутри учебного года",
                "Terms must follow each other within the academic year",
            )
        previous_end = term.ends_on
    taken = await session.scalar(
        select(AcademicYear.id).where(
            AcademicYear.school_id == school_id, AcademicYear.year == body.year
        )
    )
    if taken is not None:
        raise Conflict(
            code="academic_year_exists",
            detail=Text("Этот учебный год уже заведён", "The academic year already exists"),
        )
    year = AcademicYear(
        id=uuid.uuid4(),
        school_id=school_id,
        year=body.year,
        starts_on=body.starts_on,
        ends_on=body.ends_on,
        term_kind=body.term_kind,
    )
    session.add(year)
    await session.flush()
    terms = [
        Term(
            id=uuid.uuid4(),
            school_id=school_id,
            academic_year_id=year.id,
            kind=body.term_kind,
            number=t.number,
            starts_on=t.starts_on,
            ends_on=t.ends_on,
        )
        for t in sorted(body.terms, key=lambda t: t.number)
    ]
    session.add_all(terms)
    await session.flush()
    return year, terms


async def list_academic_years(
    session: AsyncSession, school_id: uuid.UUID
) -> list[tuple[AcademicYear, list[Term]]]:
    years = list(
        await session.scalars(
            select(AcademicYear)
            .where(AcademicYear.school_id == school_id)
            .order_by(AcademicYear.year)
        )
    )
    terms = list(
        await session.scalars(select(Term).where(Term.school_id == school_id).order_by(Term.number))
    )
    return [(y, [t for t in terms if t.academic_year_id == y.id]) for y in years]


async def get_term(session: AsyncSession, school_id: uuid.UUID, term_id: uuid.UUID) -> Term:
    term = await session.scalar(select(Term).where(Term.id == term_id, Term.school_id == school_id))
    if term is None:
        raise NotFound(code="term_not_found", detail=Text("Такого периода нет", "No such term"))
    return term


# --- Assignments and class teachers --------------------------------------------------


async def create_assignment(
    session: AsyncSession, school_id: uuid.UUID, body: AssignmentIn
) -> tuple[TeachingAssignment, Account, SchoolClass, Subject]:
    teacher = await get_teacher(session, school_id, body.teacher_id, field="teacher_id")
    school_class = await get_class(session, school_id, body.class_id)
    subject = await get_subject(session, school_id, body.subject_id, field="subject_id")
    assignment = await session.scalar(
        insert(TeachingAssignment)
        .values(
            id=uuid.uuid4(),
            school_id=school_id,
            teacher_id=teacher.id,
            class_id=school_class.id,
            subject_id=subject.id,
        )
        .on_conflict_do_update(
            index_elements=["teacher_id", "class_id", "subject_id"],
            set_={"school_id": school_id},
        )
        .returning(TeachingAssignment)
    )
    assert assignment is not None
    return assignment, teacher, school_class, subject


async def list_assignments(
    session: AsyncSession, school_id: uuid.UUID, *, teacher_id: uuid.UUID | None = None
) -> Sequence[tuple[TeachingAssignment, Account, SchoolClass, Subject]]:
    query = (
        select(TeachingAssignment, Account, SchoolClass, Subject)
        .join(Account, Account.id == TeachingAssignment.teacher_id)
        .join(SchoolClass, SchoolClass.id == TeachingAssignment.class_id)
        .join(Subject, Subject.id == TeachingAssignment.subject_id)
        .where(TeachingAssignment.school_id == school_id)
        .order_by(SchoolClass.grade, SchoolClass.letter, Subject.name)
    )
    if teacher_id is not None:
        query = query.where(TeachingAssignment.teacher_id == teacher_id)
    return [tuple(row) for row in (await session.execute(query)).all()]  # type: ignore[misc]


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


# --- Students and guardians ----------------------------------------------------------


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
        .where(Student.class_id == class_id)
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
