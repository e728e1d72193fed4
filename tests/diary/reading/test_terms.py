"""Families, students and the class's teachers list the terms of the student's school."""

from __future__ import annotations

import uuid
from datetime import date

import pytest
from httpx import AsyncClient
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from api.diary.reading import terms
from api.diary.structure.models import AcademicYear, Term, TermKind
from tests.diary.world import World


async def add_quarters(session: AsyncSession, world: World) -> None:
    """The world has the second quarter only; give the year all four, and the other school
    a year of its own (which must not leak into the answer)."""
    year_id = world.term.academic_year_id
    session.add_all(
        [
            Term(
                id=uuid.uuid4(),
                school_id=world.school.id,
                academic_year_id=year_id,
                kind=TermKind.quarter,
                number=number,
                starts_on=starts_on,
                ends_on=ends_on,
            )
            for number, starts_on, ends_on in [
                (1, date(2026, 9, 1), date(2026, 10, 25)),
                (3, date(2027, 1, 11), date(2027, 3, 21)),
                (4, date(2027, 3, 30), date(2027, 5, 31)),
            ]
        ]
    )
    foreign = AcademicYear(
        id=uuid.uuid4(),
        school_id=world.other_school.id,
        year=2026,
        starts_on=date(2026, 9, 1),
        ends_on=date(2027, 5, 31),
        term_kind=TermKind.half,
    )
    session.add(foreign)
    await session.flush()
    session.add(
        Term(
            id=uuid.uuid4(),
            school_id=world.other_school.id,
            academic_year_id=foreign.id,
            kind=TermKind.half,
            number=1,
            starts_on=date(2026, 9, 1),
            ends_on=date(2026, 12, 27),
        )
    )
    await session.commit()


def at(day: date, monkeypatch: pytest.MonkeyPatch) -> None:
    """The school's today (moving ``clock.now`` back would also make the tokens unissued)."""
    monkeypatch.setattr(terms, "today_in", lambda zone: day)


async def test_parent_lists_their_childs_terms(
    client: AsyncClient, session: AsyncSession, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    await add_quarters(session, world)
    at(date(2026, 11, 25), monkeypatch)

    response = await client.get(
        f"/api/v1/students/{world.pupil.id}/terms", headers=world.parent.headers
    )

    assert response.status_code == 200, response.text
    body = response.json()
    assert body["student_id"] == str(world.pupil.id)
    assert body["academic_year"] == {
        "id": str(world.term.academic_year_id),
        "year": 2026,
        "starts_on": "2026-09-01",
        "ends_on": "2027-05-31",
        "term_kind": "quarter",
    }
    assert [
        (t["number"], t["name"], t["kind"], t["starts_on"], t["ends_on"], t["current"])
        for t in body["terms"]
    ] == [
        (1, "1-я четверть", "quarter", "2026-09-01", "2026-10-25", False),
        (2, "2-я четверть", "quarter", "2026-11-09", "2026-11-29", True),
        (3, "3-я четверть", "quarter", "2027-01-11", "2027-03-21", False),
        (4, "4-я четверть", "quarter", "2027-03-30", "2027-05-31", False),
    ]
    assert body["terms"][1]["id"] == str(world.term.id)


async def test_on_holidays_the_latest_begun_term_is_current(
    client: AsyncClient, session: AsyncSession, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    await add_quarters(session, world)
    at(date(2026, 11, 3), monkeypatch)  # autumn holidays: between the 1st and 2nd quarter

    body = (
        await client.get(f"/api/v1/students/{world.pupil.id}/terms", headers=world.parent.headers)
    ).json()

    assert [t["number"] for t in body["terms"] if t["current"]] == [1]


async def test_parent_cannot_see_another_familys_terms(
    client: AsyncClient, session: AsyncSession, world: World
) -> None:
    await add_quarters(session, world)

    response = await client.get(
        f"/api/v1/students/{world.stranger.id}/terms", headers=world.parent.headers
    )

    assert response.status_code == 404
    assert response.json()["code"] == "student_not_found"
    assert "четверть" not in response.text


async def test_student_and_the_classs_teacher_list_the_terms(
    client: AsyncClient, session: AsyncSession, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    await add_quarters(session, world)
    at(date(2026, 11, 25), monkeypatch)

    own = await client.get(f"/api/v1/students/{world.own.id}/terms", headers=world.student.headers)
    taught = await client.get(
        f"/api/v1/students/{world.pupil.id}/terms", headers=world.teacher.headers
    )
    other_class = await client.get(
        f"/api/v1/students/{world.pupil.id}/terms", headers=world.foreign_admin.headers
    )

    assert own.status_code == 200, own.text
    assert [t["name"] for t in own.json()["terms"]] == [
        "1-я четверть",
        "2-я четверть",
        "3-я четверть",
        "4-я четверть",
    ]
    assert taught.status_code == 200, taught.text
    assert taught.json() == {**own.json(), "student_id": str(world.pupil.id)}
    assert other_class.status_code == 404


async def test_a_school_without_an_academic_year_has_no_terms(
    client: AsyncClient, session: AsyncSession, world: World
) -> None:
    year = await session.scalar(
        select(AcademicYear).where(AcademicYear.id == world.term.academic_year_id)
    )
    assert year is not None
    await session.delete(year)  # cascades to the terms
    await session.commit()

    response = await client.get(
        f"/api/v1/students/{world.pupil.id}/terms", headers=world.parent.headers
    )

    assert response.status_code == 200, response.text
    assert response.json() == {
        "student_id": str(world.pupil.id),
        "academic_year": None,
        "terms": [],
    }
