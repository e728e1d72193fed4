"""The terms of a student's school for the current academic year, for families' filters.

Staff list academic years through ``/academic-years``; families and students cannot (it is
scoped to a staff member's school), yet the grades page needs «1-я четверть», «2-я
четверть»… to filter by. The student's readability is the access check: whoever may
read the student may read their school's calendar.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date
from typing import Any, Protocol, TypeVar

import asyncpg
import orjson

from api.diary.grades.averages import today_in
from api.diary.reading import statements
from api.diary.reading.schemas import StudentTerm, StudentTerms, StudentYear
from api.diary.structure import terms as structure_terms
from api.diary.structure.access import student_not_found
from api.diary.structure.models import TermKind
from api.identity import tokens


class Dated(Protocol):
    @property
    def starts_on(self) -> date: ...


D = TypeVar("D", bound=Dated)


def current_year(years: Sequence[D], today: date) -> D | None:
    """The year under way, else the latest begun (in the summer: the year just ended, whose
    grades families still read), else the first to come. ``years`` ordered by start."""
    begun = [y for y in years if y.starts_on <= today]
    if begun:
        return begun[-1]
    return years[0] if years else None


def current_term(terms: Sequence[D], today: date) -> D | None:
    """The term under way, else the latest begun (on holidays), else the first: the same
    choice as the summary and averages make without a ``term_id`` (``resolve_term``).
    ``terms`` ordered by start."""
    begun = [t for t in terms if t.starts_on <= today]
    if begun:
        return begun[-1]
    return terms[0] if terms else None


async def student_terms(
    connection: asyncpg.Connection[Any], claims: tokens.AccessClaims, student_id: uuid.UUID
) -> StudentTerms:
    text = await statements.terms_data(connection, claims, student_id)
    if text is None:
        raise student_not_found()
    data: dict[str, Any] = orjson.loads(text)
    today = today_in(data["timezone"])
    years = [StudentYear.model_validate(y) for y in data["years"]]
    year = current_year(years, today)
    if year is None:
        return StudentTerms(student_id=data["student_id"], academic_year=None, terms=[])
    raw = next(y["terms"] for y in data["years"] if y["id"] == str(year.id))
    terms = [
        StudentTerm(
            **t,
            name=structure_terms.term_name(TermKind(t["kind"]), t["number"]),
            current=False,
        )
        for t in raw
    ]
    current = current_term(terms, today)
    if current is not None:
        current.current = True
    return StudentTerms(student_id=data["student_id"], academic_year=year, terms=terms)
