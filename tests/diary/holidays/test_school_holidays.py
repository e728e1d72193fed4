"""Lesson generation skips the Russian calendar's days off (4 November) and the school's
own holidays (vacations, a quarantined class), which the administration enters."""

from __future__ import annotations

import uuid
from datetime import date

from httpx import AsyncClient
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from api import workdays
from api.diary.lessons.models import Lesson
from api.diary.structure.models import Term, TermKind, TimetableSlot
from tests.diary.world import World


async def first_week_of_november(session: AsyncSession, world: World) -> Term:
    """A term of 2–8 November 2026 with the world's timetable: algebra daily in both
    classes, Monday to Saturday (a six-day week)."""
    term = Term(
        id=uuid.uuid4(),
        school_id=world.school.id,
        academic_year_id=world.term.academic_year_id,
        kind=TermKind.quarter,
        number=3,
        starts_on=date(2026, 11, 2),
        ends_on=date(2026, 11, 8),
    )
    session.add(term)
    for weekday in range(1, 7):
        for school_class in (world.class_b, world.class_a):
            session.add(
                TimetableSlot(
                    id=uuid.uuid4(),
                    school_id=world.school.id,
                    term_id=term.id,
                    class_id=school_class.id,
                    weekday=weekday,
                    number=1,
                    subject_id=world.algebra.id,
                    teacher_id=world.teacher.id,
                )
            )
    await session.commit()
    return term


async def lesson_days(session: AsyncSession, term: Term, class_id: uuid.UUID) -> list[int]:
    days = await session.scalars(
        select(Lesson.date)
        .where(Lesson.term_id == term.id, Lesson.class_id == class_id)
        .order_by(Lesson.date)
    )
    return [d.day for d in days]


async def test_no_lessons_on_4_november(
    client: AsyncClient, session: AsyncSession, world: World
) -> None:
    term = await first_week_of_november(session, world)

    response = await client.post(f"/api/v1/terms/{term.id}/lessons", headers=world.admin.headers)

    assert response.status_code == 200, response.text
    assert await lesson_days(session, term, world.class_b.id) == [2, 3, 5, 6, 7]
    assert response.json()["created"] == 10


async def test_no_lessons_on_the_schools_holidays(
    client: AsyncClient, session: AsyncSession, world: World
) -> None:
    term = await first_week_of_november(session, world)
    headers = world.admin.headers
    quarantine = await client.post(
        "/api/v1/school-holidays",
        json={
            "name": "Карантин",
            "starts_on": "2026-11-05",
            "ends_on": "2026-11-06",
            "class_id": str(world.class_b.id),
        },
        headers=headers,
    )
    health_day = await client.post(
        "/api/v1/school-holidays",
        json={"name": "День здоровья", "starts_on": "2026-11-07", "ends_on": "2026-11-07"},
        headers=headers,
    )
    assert (quarantine.status_code, health_day.status_code) == (201, 201), quarantine.text
    assert quarantine.json()["school_class"] == {"id": str(world.class_b.id), "name": "9-Б"}
    assert health_day.json()["school_class"] is None

    await client.post(f"/api/v1/terms/{term.id}/lessons", headers=headers)

    assert await lesson_days(session, term, world.class_b.id) == [2, 3]
    assert await lesson_days(session, term, world.class_a.id) == [2, 3, 5, 6]
    listed = (await client.get("/api/v1/school-holidays", headers=world.teacher.headers)).json()
    assert [(h["name"], h["starts_on"], h["ends_on"]) for h in listed] == [
        ("Карантин", "2026-11-05", "2026-11-06"),
        ("День здоровья", "2026-11-07", "2026-11-07"),
    ]


async def test_holidays_are_checked_and_kept_to_the_school(
    client: AsyncClient, world: World
) -> None:
    url = "/api/v1/school-holidays"
    backwards = await client.post(
        url,
        json={"name": "Каникулы", "starts_on": "2026-11-08", "ends_on": "2026-11-02"},
        headers=world.admin.headers,
    )
    by_teacher = await client.post(
        url,
        json={"name": "Каникулы", "starts_on": "2026-11-02", "ends_on": "2026-11-08"},
        headers=world.teacher.headers,
    )
    created = await client.post(
        url,
        json={"name": "Каникулы", "starts_on": "2026-12-29", "ends_on": "2027-01-11"},
        headers=world.admin.headers,
    )
    holiday_id = created.json()["id"]
    foreign = await client.delete(f"{url}/{holiday_id}", headers=world.foreign_admin.headers)
    deleted = await client.delete(f"{url}/{holiday_id}", headers=world.admin.headers)

    assert backwards.status_code == 422
    assert [e["field"] for e in backwards.json()["errors"]] == ["ends_on"]
    assert by_teacher.status_code == 403
    assert (foreign.status_code, deleted.status_code) == (404, 204)
    assert (await client.get(url, headers=world.admin.headers)).json() == []


def test_the_calendars_days_without_school() -> None:
    assert workdays.is_public_day_off(date(2026, 11, 4))  # Wednesday, Day of National Unity
    assert workdays.is_public_day_off(date(2027, 6, 12))  # Saturday, Russia Day
    assert not workdays.is_public_day_off(date(2026, 11, 7))  # an ordinary Saturday
    assert not workdays.is_public_day_off(date(2026, 11, 5))
