"""Academic years and their terms (quarters, trimesters, halves)."""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from api.diary.structure.models import AcademicYear, Term, TermKind
from api.diary.structure.schemas import AcademicYearIn
from api.diary.structure.service import invalid
from api.errors import Conflict, NotFound
from api.i18n import Text

_TERM_NAMES = {
    TermKind.quarter: ("четверть", "quarter"),
    TermKind.trimester: ("триместр", "trimester"),
    TermKind.half: ("полугодие", "half"),
}


def term_name(kind: TermKind, number: int) -> str:
    ru = _TERM_NAMES[kind][0]
    suffix = "е" if kind == TermKind.half else "я"
    return f"{number}-{suffix} {ru}"


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
        raise term_not_found()
    return term


def term_not_found() -> NotFound:
    return NotFound(code="term_not_found", detail=Text("Такого периода нет", "No such term"))
