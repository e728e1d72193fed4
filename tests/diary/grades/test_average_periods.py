"""Which grades and which term an average is taken over: the term's first and last days
count, the days around them do not; without a term the one under way, else the latest
begun, else the first; the academic year turns on 1 September in the school's zone.

Guards the comparisons of ``api/diary/grades/averages.py`` that the mutation run
(``make mutation``) found unguarded: each flipped or dropped comparison survived every test.
"""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta

import pytest
from httpx import AsyncClient
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from api.diary.grades.averages import resolve_term, structure_year
from api.diary.structure.models import Term, TermKind
from api.identity import clock
from tests.diary.world import MONDAY, World, lesson_on

DAY = timedelta(days=1)


async def graded_on_monday(client: AsyncClient, world: World) -> None:
    lesson = await lesson_on(client, world.teacher, MONDAY)
    posted = await client.post(
        f"/api/v1/lessons/{lesson['id']}/grades",
        json=[{"student_id": str(world.pupil.id), "value": 4, "work_type": "test"}],
        headers=world.teacher.headers,
    )
    assert posted.status_code == 201, posted.text


async def counted(
    client: AsyncClient, session: AsyncSession, world: World, starts: date, ends: date
) -> int:
    """Grades the average is taken over, as the family's average (one statement) and as
    «what if» (the explaining code) count them: both must agree."""
    await session.execute(
        update(Term).where(Term.id == world.term.id).values(starts_on=starts, ends_on=ends)
    )
    await session.commit()
    query = {"subject_id": str(world.algebra.id), "term_id": str(world.term.id)}
    average = await client.get(
        f"/api/v1/students/{world.pupil.id}/averages", params=query, headers=world.parent.headers
    )
    what_if = await client.post(
        f"/api/v1/students/{world.pupil.id}/averages/what-if",
        json=query,
        headers=world.parent.headers,
    )
    assert average.status_code == 200, average.text
    assert what_if.status_code == 200, what_if.text
    assert len(what_if.json()["grades"]) == len(average.json()["grades"])
    return len(average.json()["grades"])


async def test_the_terms_first_and_last_days_count_and_no_other(
    client: AsyncClient, session: AsyncSession, world: World
) -> None:
    await graded_on_monday(client, world)
    assert await counted(client, session, world, MONDAY, MONDAY + 5 * DAY) == 1
    assert await counted(client, session, world, MONDAY + DAY, MONDAY + 5 * DAY) == 0
    assert await counted(client, session, world, MONDAY - 5 * DAY, MONDAY) == 1
    assert await counted(client, session, world, MONDAY - 5 * DAY, MONDAY - DAY) == 0


def at(monkeypatch: pytest.MonkeyPatch, instant: datetime) -> None:
    monkeypatch.setattr(clock, "now", lambda: instant)


async def test_without_a_term_the_one_under_way_else_the_latest_begun_else_the_first(
    session: AsyncSession, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The world's term runs 9–29 November 2026; a second one from 11 January 2027.
    second = Term(
        id=uuid.uuid4(),
        school_id=world.school.id,
        academic_year_id=world.term.academic_year_id,
        kind=TermKind.quarter,
        number=3,
        starts_on=date(2027, 1, 11),
        ends_on=date(2027, 3, 20),
    )
    session.add(second)
    await session.flush()

    async def chosen_at(day: date) -> uuid.UUID:
        # 03:00 UTC is 06:00 in Moscow, the world school's zone: the same date there.
        at(monkeypatch, datetime(day.year, day.month, day.day, 3, tzinfo=UTC))
        return (await resolve_term(session, world.school, None)).id

    assert await chosen_at(date(2026, 11, 20)) == world.term.id
    assert await chosen_at(date(2026, 12, 20)) == world.term.id  # the holidays: latest begun
    assert await chosen_at(date(2027, 1, 10)) == world.term.id
    assert await chosen_at(date(2027, 1, 11)) == second.id  # its first day
    assert await chosen_at(date(2026, 10, 1)) == world.term.id  # before any: the first


def test_the_academic_year_turns_on_the_first_of_september_in_the_schools_zone(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert world.school.timezone == "Europe/Moscow"
    at(monkeypatch, datetime(2026, 8, 31, 20, 59, tzinfo=UTC))  # 23:59 on 31 August there
    assert structure_year(world.school) == 2025
    at(monkeypatch, datetime(2026, 8, 31, 21, 0, tzinfo=UTC))  # 00:00 on 1 September
    assert structure_year(world.school) == 2026
    at(monkeypatch, datetime(2027, 1, 15, 9, 0, tzinfo=UTC))
    assert structure_year(world.school) == 2026
