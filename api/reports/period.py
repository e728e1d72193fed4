"""Which dates a report covers: a term of the school, or any range ``from``–``to``."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession

from api.applications.notices import ru_date
from api.diary.grades import averages
from api.diary.structure import terms as structure_terms
from api.diary.structure.models import AcademicYear, Term, TermKind
from api.errors import FieldError, ValidationFailed
from api.i18n import Text
from api.schools.models import School

LONGEST_DAYS = 400  # a school year and a little more


@dataclass(frozen=True, slots=True)
class Period:
    starts_on: date
    ends_on: date
    title: str
    term: Term | None = None
    academic_year: int | None = None


async def term_period(session: AsyncSession, school: School, term_id: uuid.UUID | None) -> Period:
    term = await averages.resolve_term(session, school, term_id)
    year = await session.get(AcademicYear, term.academic_year_id)
    assert year is not None
    title = term_title(term.kind, term.number, year.year)
    return Period(term.starts_on, term.ends_on, title, term, year.year)


def term_title(kind: TermKind, number: int, year: int) -> str:
    """«2-я четверть 2026/2027»."""
    return f"{structure_terms.term_name(kind, number)} {year}/{year + 1}"


def date_period(starts_on: date, ends_on: date) -> Period:
    if starts_on > ends_on:
        raise _invalid(
            "to", "period_order", "Конец периода раньше начала", "The period ends before it starts"
        )
    if (ends_on - starts_on).days > LONGEST_DAYS:
        raise _invalid(
            "to",
            "period_too_long",
            "Период длиннее учебного года",
            "The period is longer than a school year",
        )
    return Period(starts_on, ends_on, f"с {ru_date(starts_on)} по {ru_date(ends_on)}")


async def resolve(
    session: AsyncSession,
    school: School,
    term_id: uuid.UUID | None,
    starts_on: date | None,
    ends_on: date | None,
) -> Period:
    """``term_id`` or ``from`` and ``to`` (both); neither — the term under way."""
    if starts_on is None and ends_on is None:
        return await term_period(session, school, term_id)
    if term_id is not None:
        raise _invalid(
            "term_id",
            "period_ambiguous",
            "Укажите либо четверть, либо даты",
            "Give either a term or dates",
        )
    return resolve_dates(starts_on, ends_on)


def resolve_dates(starts_on: date | None, ends_on: date | None) -> Period:
    """``from`` and ``to``, both given (422 otherwise)."""
    if starts_on is None or ends_on is None:
        field = "from" if starts_on is None else "to"
        raise _invalid(
            field, "period_incomplete", "Укажите обе даты периода", "Give both dates of the period"
        )
    return date_period(starts_on, ends_on)


def _invalid(field: str, code: str, ru: str, en: str) -> ValidationFailed:
    return ValidationFailed(
        code=code, detail=Text(ru, en), errors=[FieldError(field, code, Text(ru, en))]
    )
