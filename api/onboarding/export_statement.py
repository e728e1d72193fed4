"""What the OneRoster export reads, in one statement (``docs/request-path.md``): the caller's
session and role checked, and the school's years with their terms, classes, teaching
assignments, class teachers, staff, pupils, guardianships and guardians read as JSON lists
in one round trip on the hot pool, rather than eleven ORM queries (one more per year) and
their object graphs. ``export.build`` writes the CSV files from it."""

from __future__ import annotations

import uuid
from functools import cache
from typing import Any

import asyncpg
from sqlalchemy import (
    Text,
    Uuid,
    and_,
    bindparam,
    cast,
    exists,
    func,
    literal_column,
    or_,
    select,
)

from api.diary.structure.models import (
    AcademicYear,
    ClassTeacher,
    Guardianship,
    Student,
    Subject,
    TeachingAssignment,
    Term,
)
from api.identity import tokens
from api.identity.models import Account, Role
from api.identity.statements import caller_cte, fetch_staff_read
from api.schools.models import School, SchoolClass
from api.statements import Compiled, answer, json_list, obj


def _listed(item: Any, *where: Any) -> Any:
    """A JSON list of ``item`` in the order the table is read (as the ORM queries read
    it: none is ordered but the terms)."""
    listed = select(func.json_agg(item)).where(*where).scalar_subquery()
    return func.coalesce(listed, literal_column("'[]'::json"))


def _account(a: Any) -> Any:
    return obj(
        id=a.id,
        first_name=a.first_name,
        last_name=a.last_name,
        middle_name=a.middle_name,
        email=a.email,
        phone=a.phone,
    )


@cache
def roster_statement() -> Compiled:
    caller = caller_cte()
    school_id = bindparam("school_id", type_=Uuid)
    classes = select(SchoolClass.id).where(SchoolClass.school_id == school_id)
    pupils = select(Student.id).where(Student.school_id == school_id)
    terms = (
        select(json_list(obj(id=Term.id, number=Term.number, kind=cast(Term.kind, Text),
                             starts_on=Term.starts_on, ends_on=Term.ends_on), Term.number))
        .where(Term.academic_year_id == AcademicYear.id)
        .scalar_subquery()
    )  # fmt: skip
    years = _listed(
        obj(id=AcademicYear.id, year=AcademicYear.year, starts_on=AcademicYear.starts_on,
            ends_on=AcademicYear.ends_on, terms=terms),
        AcademicYear.school_id == school_id,
    )  # fmt: skip
    staff_ids = (
        select(TeachingAssignment.teacher_id)
        .where(TeachingAssignment.school_id == school_id)
        .union(select(ClassTeacher.teacher_id).where(ClassTeacher.class_id.in_(classes)))
    )
    teaching = Account.roles.overlap(
        literal_column(f"'{{{Role.teacher},{Role.class_teacher}}}'::varchar[]")
    )
    guardian_ids = select(Guardianship.account_id).where(Guardianship.student_id.in_(pupils))
    roster = obj(
        school=select(obj(id=School.id, short_name=School.short_name, inn=School.inn))
        .where(School.id == school_id)
        .scalar_subquery(),
        years=years,
        classes=_listed(
            obj(id=SchoolClass.id, grade=SchoolClass.grade, letter=SchoolClass.letter,
                academic_year=SchoolClass.academic_year),
            SchoolClass.school_id == school_id,
        ),
        subjects=_listed(obj(id=Subject.id, name=Subject.name), Subject.school_id == school_id),
        assignments=_listed(
            obj(class_id=TeachingAssignment.class_id, subject_id=TeachingAssignment.subject_id,
                teacher_id=TeachingAssignment.teacher_id,
                hours_per_week=cast(TeachingAssignment.hours_per_week, Text)),
            TeachingAssignment.school_id == school_id,
        ),
        class_teachers=_listed(
            obj(class_id=ClassTeacher.class_id, teacher_id=ClassTeacher.teacher_id),
            ClassTeacher.class_id.in_(classes),
        ),
        teachers=_listed(
            _account(Account),
            or_(and_(Account.school_id == school_id, teaching), Account.id.in_(staff_ids)),
        ),
        students=_listed(
            obj(id=Student.id, class_id=Student.class_id, first_name=Student.first_name,
                last_name=Student.last_name, middle_name=Student.middle_name,
                student_number=Student.student_number, birth_date=Student.birth_date,
                archived=Student.archived_at.is_not(None)),
            Student.school_id == school_id,
        ),
        guardianships=_listed(
            obj(account_id=Guardianship.account_id, student_id=Guardianship.student_id),
            Guardianship.student_id.in_(pupils),
        ),
        guardians=_listed(_account(Account), Account.id.in_(guardian_ids)),
    )  # fmt: skip
    # Read only for the school's administrator: another caller's row carries no roster.
    allowed = exists(
        select(caller.c.account_id).where(caller.c.is_admin, caller.c.school_id == school_id)
    )
    body = select(roster).where(allowed)
    return Compiled.of(answer(caller, body))


async def read_roster(
    connection: asyncpg.Connection[Any], claims: tokens.AccessClaims, school_id: uuid.UUID
) -> str | None:
    """The roster's JSON; 403 ``role_required`` for a caller who is not a school
    administrator (as ``SchoolAdminUser``), None for another school's administrator."""
    row = await fetch_staff_read(
        connection, claims, roster_statement(), roles=(Role.school_admin,), school_id=school_id
    )
    body: str | None = row["body"]
    return body
