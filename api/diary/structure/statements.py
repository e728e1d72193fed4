"""The school structure's staff reads as single statements (``docs/request-path.md``): who
teaches what, and a class's weekly timetable. Each checks the caller's session, scopes the
rows to the caller's school and builds the JSON in PostgreSQL in one round trip; the
routes keep the role and school checks of the ORM path (``fetch_staff_read``)."""

from __future__ import annotations

import uuid
from functools import cache
from typing import Any

import asyncpg
from sqlalchemy import Uuid, bindparam, or_, select
from sqlalchemy.orm import aliased

from api.diary.structure.models import Subject, TeachingAssignment, Term, TimetableSlot
from api.identity import tokens
from api.identity.models import Account
from api.identity.statements import caller_cte, fetch_staff_read
from api.schools.models import SchoolClass
from api.statements import Compiled, answer, class_name, json_list, obj, person


@cache
def assignments_statement() -> Compiled:
    """``list[AssignmentOut]`` of the caller's school, by class and subject; one teacher's
    when ``teacher_id`` is bound."""
    caller = caller_cte()
    teacher_id = bindparam("teacher_id", type_=Uuid)
    item = obj(
        id=TeachingAssignment.id,
        teacher=person(Account),
        school_class=obj(id=SchoolClass.id, name=class_name(SchoolClass)),
        subject=obj(id=Subject.id, name=Subject.name),
        hours_per_week=TeachingAssignment.hours_per_week,
    )
    body = (
        select(
            json_list(
                item, SchoolClass.grade, SchoolClass.letter, Subject.name, TeachingAssignment.id
            )
        )
        .select_from(TeachingAssignment)
        .join(caller, caller.c.school_id == TeachingAssignment.school_id)
        .join(Account, Account.id == TeachingAssignment.teacher_id)
        .join(SchoolClass, SchoolClass.id == TeachingAssignment.class_id)
        .join(Subject, Subject.id == TeachingAssignment.subject_id)
        .where(or_(teacher_id.is_(None), TeachingAssignment.teacher_id == teacher_id))
    )
    return Compiled.of(answer(caller, body))


@cache
def timetable_statement() -> Compiled:
    """``list[SlotOut]``: the class's weekly template for the term, by weekday and lesson
    number; ``term_found`` and ``class_found`` say which of the two is not the school's."""
    caller = caller_cte()
    term_id = bindparam("term_id", type_=Uuid)
    class_id = bindparam("class_id", type_=Uuid)
    teacher = aliased(Account)
    item = obj(
        id=TimetableSlot.id,
        weekday=TimetableSlot.weekday,
        number=TimetableSlot.number,
        subject=obj(id=Subject.id, name=Subject.name),
        teacher=person(teacher),
        room=TimetableSlot.room,
    )
    body = (
        select(json_list(item, TimetableSlot.weekday, TimetableSlot.number))
        .select_from(TimetableSlot)
        .join(Subject, Subject.id == TimetableSlot.subject_id)
        .join(teacher, teacher.id == TimetableSlot.teacher_id)
        .where(TimetableSlot.term_id == term_id, TimetableSlot.class_id == class_id)
    )
    term_found = (
        select(Term.id)
        .join(caller, caller.c.school_id == Term.school_id)
        .where(Term.id == term_id)
        .exists()
    )
    class_found = (
        select(SchoolClass.id)
        .join(caller, caller.c.school_id == SchoolClass.school_id)
        .where(SchoolClass.id == class_id)
        .exists()
    )
    return Compiled.of(answer(caller, body, term_found=term_found, class_found=class_found))


async def assignments(
    connection: asyncpg.Connection[Any],
    claims: tokens.AccessClaims,
    *,
    teacher_id: uuid.UUID | None,
) -> asyncpg.Record:
    return await fetch_staff_read(
        connection, claims, assignments_statement(), teacher_id=teacher_id
    )


async def timetable(
    connection: asyncpg.Connection[Any],
    claims: tokens.AccessClaims,
    *,
    term_id: uuid.UUID,
    class_id: uuid.UUID,
) -> asyncpg.Record:
    return await fetch_staff_read(
        connection, claims, timetable_statement(), term_id=term_id, class_id=class_id
    )
