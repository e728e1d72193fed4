"""The terms of a student's school for the current academic year, for families' filters.

Staff list academic years through ``/academic-years``; families and students cannot (it is
scoped to a staff member's school), yet the grades page needs «1-я четверть», «2-я
четверть»… to filter by. The student's readability is the access check: whoever may
read the student may read their school's calendar.
"""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from api.diary.grades.averages import today_in
from api.diary.reading.schemas import StudentTerm, StudentTerms, StudentYear
from api.diary.structure import terms as structure_terms
from api.diary.structure.access import get_readable_student
from api.diary.structure.models import AcademicYear, Term
from api.identity.deps import Principal
from api.schools.models import School


def current_year(years: list[AcademicYear], today: date) -> AcademicYear | None:
    """The year under way, else the latest begun (in the summer: the year just ended, whose
    grades families still read), else the first to come. ``years`` ordered by start."""
    begun = [y for y in years if y.starts_on <= today]
    if begun:
        return begun[-1]
    return years[0] if years else None


def current_term(terms: list[Term], today: date) -> Term | None:
    """The term under way, else the latest begun (on holidays), else the first: the same
    choice as the summary and averages make without a ``term_id`` (``resolve_term``).
    ``terms`` ordered by start."""
    begun = [t for t in terms if t.starts_on <= today]
    if begun:
        return begun[-1]
    return terms[0] if terms else None


async def student_terms(
    session: AsyncSession, principal: Principal, student_id: uuid.UUID
) -> StudentTerms:
    student = await get_readable_student(session, principal, student_id)
    school = await session.get(School, student.school_id)
    assert school is not None
    today = today_in(school.timezone)
    years = list(
        await session.scalars(
            select(AcademicYear)
            .where(AcademicYear.school_id == school.id)
            .order_by(AcademicYear.starts_on)
        )
    )
    year = current_year(years, today)
    if year is None:
        return StudentTerms(student_id=student.id, academic_year=None, terms=[])
    terms = list(
        await session.scalars(
            select(Term)
            .where(Term.academic_year_id == year.id)
            .order_by(Term.starts_on, Term.number)
        )
    )
    current = current_term(terms, today)
    return StudentTerms(
        student_id=student.id,
        academic_year=StudentYear(
            id=year.id,
            year=year.year,
            starts_on=year.starts_on,
            ends_on=year.ends_on,
            term_kind=year.term_kind,
        ),
        terms=[
            StudentTerm(
                id=term.id,
                kind=term.kind,
                number=term.number,
                starts_on=term.starts_on,
                ends_on=term.ends_on,
                name=structure_terms.term_name(term.kind, term.number),
                current=current is not None and term.id == current.id,
            )
            for term in terms
        ],
    )
