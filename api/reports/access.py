"""Who may read which report: the one place (ARCHITECTURE §4.3).

- a student report: whoever sees the student (``structure.access``) — a family their
  child, teachers their classes (with only their subjects' rows), the administration;
- class analytics: the school's administration, the class teacher, the class's teachers;
- school analytics and journal completeness: the school's administration.
Anything else answers 404, as if it did not exist.

The analytics and journal completeness read in statements (``gate_class``,
``gate_school``): the caller's session, the same predicates (``analyses``,
``administers``) and the term of the report (``averages.resolve_term``) in one round
trip on the primary; the aggregate itself may then read a replica.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any

import asyncpg
from sqlalchemy import ColumnElement, Uuid, and_, bindparam, case, func, literal, or_, select, true
from sqlalchemy.dialects import postgresql
from sqlalchemy.ext.asyncio import AsyncSession

from api.diary.grades.averages import term_not_found
from api.diary.sql import viewer_of
from api.diary.structure.access import get_readable_student
from api.diary.structure.models import AcademicYear, Student, TeachingAssignment, Term, TermKind
from api.diary.structure.viewer import Sql, Viewer, runs_class, teaches
from api.errors import NotFound
from api.i18n import Text
from api.identity.deps import Principal
from api.identity.models import Role
from api.identity.statements import caller_cte
from api.reports.period import term_title
from api.schools.models import School, SchoolClass
from api.statements import Compiled


def analyses(viewer: Viewer, class_id: Sql, school_id: Sql) -> ColumnElement[bool]:
    """Who may read a class's analytics: its school's administration, its class teacher,
    its teachers."""
    return or_(runs_class(viewer, class_id, school_id), teaches(viewer, class_id))


def administers(viewer: Viewer, school_id: Sql) -> ColumnElement[bool]:
    return and_(viewer.is_school_admin, school_id == viewer.school_id)


def class_not_found() -> NotFound:
    return NotFound(code="class_not_found", detail=Text("Такого класса нет", "No such class"))


def school_not_found() -> NotFound:
    return NotFound(code="school_not_found", detail=Text("Такой школы нет", "No such school"))


async def report_student(
    session: AsyncSession, principal: Principal, student_id: uuid.UUID
) -> Student:
    return await get_readable_student(session, principal, student_id)


async def analysed_class(
    session: AsyncSession, principal: Principal, class_id: uuid.UUID
) -> SchoolClass:
    viewer = Viewer.of(principal)
    found = await session.scalar(
        select(SchoolClass).where(
            SchoolClass.id == class_id, analyses(viewer, SchoolClass.id, SchoolClass.school_id)
        )
    )
    if found is None:
        raise class_not_found()
    return found


async def administered_school(
    session: AsyncSession, principal: Principal, school_id: uuid.UUID
) -> School:
    school = None
    if principal.has_any(Role.school_admin) and principal.school_id == school_id:
        school = await session.get(School, school_id)
    if school is None:
        raise school_not_found()
    return school


async def visible_subjects(
    session: AsyncSession, principal: Principal, school_class: SchoolClass
) -> frozenset[uuid.UUID] | None:
    """The subjects whose per-student rows (the «сводная ведомость», attendance by
    student) the caller sees in a class they may analyse: every one (None) for the
    administration and the class teacher, a subject teacher's own subjects otherwise."""
    viewer = Viewer.of(principal)
    runs = await session.scalar(
        select(
            runs_class(
                viewer, literal(school_class.id, Uuid), literal(school_class.school_id, Uuid)
            )
        )
    )
    if runs:
        return None
    taught = await session.scalars(
        select(TeachingAssignment.subject_id).where(
            TeachingAssignment.class_id == school_class.id,
            TeachingAssignment.teacher_id == principal.account_id,
        )
    )
    return frozenset(taught)


NOW = bindparam("now", type_=postgresql.TIMESTAMP(timezone=True))


def _gate(caller: Any, target: Any) -> Compiled:
    """The row a report's statement needs: the caller (``authed``, ``roles``), the
    ``target`` it may read (its ``school_id``, NULL when it may not) with the school's time
    zone and today there, and the term: ``term_id`` if given, else the latest begun, else
    the first (as ``averages.resolve_term``)."""
    today = func.date(func.timezone(target.c.timezone, NOW))
    term_id = bindparam("term_id", type_=Uuid)
    begun = Term.starts_on <= today
    term = (
        select(Term.id, Term.kind, Term.number, Term.starts_on, Term.ends_on, AcademicYear.year)
        .join(target, target.c.school_id == Term.school_id)
        .join(AcademicYear, AcademicYear.id == Term.academic_year_id)
        .where(or_(term_id.is_(None), Term.id == term_id))
        .order_by(begun.desc(), case((begun, Term.starts_on)).desc(), Term.starts_on)
        .limit(1)
        .cte("term")
    )
    columns = {
        "authed": select(func.count()).select_from(caller),
        "roles": select(caller.c.roles),
        "school_id": select(target.c.school_id),
        "timezone": select(target.c.timezone),
        "today": select(today),
        **{
            name: select(term.c[column])
            for name, column in (
                ("term_id", "id"),
                ("kind", "kind"),
                ("number", "number"),
                ("starts_on", "starts_on"),
                ("ends_on", "ends_on"),
                ("year", "year"),
            )
        },
    }
    return Compiled.of(
        select(*(query.scalar_subquery().label(name) for name, query in columns.items()))
    )


@cache
def gate_class() -> Compiled:
    """A class's analytics: ``class_id`` the caller ``analyses``."""
    caller = caller_cte()
    target = (
        select(SchoolClass.school_id, School.timezone)
        .join(School, School.id == SchoolClass.school_id)
        .join(caller, true())
        .where(
            SchoolClass.id == bindparam("class_id", type_=Uuid),
            analyses(viewer_of(caller), SchoolClass.id, SchoolClass.school_id),
        )
        .cte("target")
    )
    return _gate(caller, target)


@cache
def gate_school() -> Compiled:
    """A school's analytics and journal completeness: ``school_id`` the caller
    ``administers``."""
    caller = caller_cte()
    target = (
        select(School.id.label("school_id"), School.timezone)
        .join(caller, true())
        .where(
            School.id == bindparam("school_id", type_=Uuid),
            administers(viewer_of(caller), School.id),
        )
        .cte("target")
    )
    return _gate(caller, target)


@dataclass(frozen=True, slots=True)
class Gate:
    """What a gate read: the school, the school's time zone and today there, and the
    term (None when the school has none)."""

    school_id: uuid.UUID
    timezone: str
    today: date
    term: TermRef | None

    @classmethod
    def of(cls, row: asyncpg.Record) -> Gate:
        term = None
        if row["term_id"] is not None:
            term = TermRef(
                id=row["term_id"],
                starts_on=row["starts_on"],
                ends_on=row["ends_on"],
                academic_year=row["year"],
                title=term_title(TermKind(row["kind"]), row["number"], row["year"]),
            )
        return cls(row["school_id"], row["timezone"], row["today"], term)

    def required_term(self) -> TermRef:
        if self.term is None:
            raise term_not_found()
        return self.term


@dataclass(frozen=True, slots=True)
class TermRef:
    """A term as the reports name it (``period.term_period``'s title)."""

    id: uuid.UUID
    starts_on: date
    ends_on: date
    academic_year: int
    title: str
