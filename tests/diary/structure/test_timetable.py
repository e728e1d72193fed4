"""The weekly template becomes the term's lessons at the right instants in every zone."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from httpx import AsyncClient
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.config import Settings
from api.diary.lessons import generation
from api.diary.lessons.models import Lesson
from tests.diary.world import MONDAY, World, build_world


@pytest.mark.parametrize(
    ("zone", "expected_utc"),
    [
        # Moscow: UTC+3 all year round since 2014.
        ("Europe/Moscow", datetime(2026, 11, 23, 5, 30, tzinfo=UTC)),
        # Vladivostok: UTC+10 — 08:30 on Monday is still Sunday evening in UTC.
        ("Asia/Vladivostok", datetime(2026, 11, 22, 22, 30, tzinfo=UTC)),
    ],
)
async def test_generated_lessons_start_at_the_local_bell(
    session: AsyncSession, settings: Settings, zone: str, expected_utc: datetime
) -> None:
    world = await build_world(session, settings, zone=zone)

    lesson = await session.scalar(
        select(Lesson).where(
            Lesson.class_id == world.class_b.id, Lesson.date == MONDAY, Lesson.number == 1
        )
    )

    assert lesson is not None
    assert lesson.starts_at == expected_utc
    assert lesson.starts_at.astimezone(ZoneInfo(zone)).time() == time(8, 30)
    assert lesson.ends_at - lesson.starts_at == (
        datetime(1, 1, 1, 9, 15) - datetime(1, 1, 1, 8, 30)
    )


async def test_diary_shows_lesson_times_in_the_schools_offset(
    client: AsyncClient, session: AsyncSession, settings: Settings
) -> None:
    world = await build_world(session, settings, zone="Asia/Vladivostok")

    response = await client.get(
        "/api/v1/me/lessons",
        params={"from": "2026-11-23", "to": "2026-11-23"},
        headers=world.teacher.headers,
    )

    assert response.status_code == 200, response.text
    (lesson,) = response.json()
    assert lesson["starts_at"] == "2026-11-23T08:30:00+10:00"
    assert lesson["ends_at"] == "2026-11-23T09:15:00+10:00"
    assert lesson["date"] == "2026-11-23"


def test_instants_follow_each_dates_own_offset() -> None:
    # A zone with daylight saving time: the same local time maps to different UTC hours.
    zone = ZoneInfo("Europe/Berlin")
    summer, _ = generation.lesson_instants(date(2026, 6, 1), time(8, 30), time(9, 15), zone)
    winter, _ = generation.lesson_instants(date(2026, 12, 1), time(8, 30), time(9, 15), zone)
    assert (summer.hour, winter.hour) == (6, 7)


async def test_generation_is_idempotent_and_counts_weekdays_only(
    session: AsyncSession, world: World
) -> None:
    count = select(func.count()).select_from(Lesson).where(Lesson.term_id == world.term.id)
    before = await session.scalar(count)

    created, existing = await generation.generate_lessons(session, world.term)

    # 3 weeks × 5 school days × 3 slots (two in 9-Б, one in 9-А).
    assert before == 45
    assert (created, existing) == (0, 45)
    assert await session.scalar(count) == 45


async def test_admin_builds_a_timetable_and_generates_lessons(
    client: AsyncClient, session: AsyncSession, world: World
) -> None:
    headers = world.admin.headers
    year = await client.post(
        "/api/v1/academic-years",
        json={
            "year": 2027,
            "starts_on": "2027-09-01",
            "ends_on": "2028-05-31",
            "term_kind": "half",
            "terms": [
                {"number": 1, "starts_on": "2027-09-01", "ends_on": "2027-12-28"},
                {"number": 2, "starts_on": "2028-01-09", "ends_on": "2028-05-31"},
            ],
        },
        headers=headers,
    )
    assert year.status_code == 201, year.text
    term = year.json()["terms"][0]
    assert term["name"] == "1-е полугодие"
    subject = await client.post("/api/v1/subjects", json={"name": "Химия"}, headers=headers)
    assert subject.status_code == 201, subject.text
    slot_body = [
        {
            "weekday": 3,
            "number": 2,
            "subject_id": subject.json()["id"],
            "teacher_id": str(world.other_teacher.id),
        }
    ]
    slots = await client.put(
        f"/api/v1/terms/{term['id']}/classes/{world.class_a.id}/timetable",
        json=slot_body,
        headers=headers,
    )
    assert slots.status_code == 200, slots.text
    assert slots.json()[0]["teacher"]["name"] == "Волков Игорь Петровна"

    first = await client.post(f"/api/v1/terms/{term['id']}/lessons", headers=headers)
    again = await client.post(f"/api/v1/terms/{term['id']}/lessons", headers=headers)

    assert first.status_code == 200, first.text
    wednesdays = sum(
        1
        for n in range(119)
        if date.fromordinal(date(2027, 9, 1).toordinal() + n).isoweekday() == 3
    )
    assert first.json() == {"created": wednesdays, "existing": 0}
    assert again.json() == {"created": 0, "existing": wednesdays}
    # Saving the same timetable again gives new slot ids: no lesson is doubled.
    resaved = await client.put(
        f"/api/v1/terms/{term['id']}/classes/{world.class_a.id}/timetable",
        json=slot_body,
        headers=headers,
    )
    assert resaved.status_code == 200, resaved.text
    after_resave = await client.post(f"/api/v1/terms/{term['id']}/lessons", headers=headers)
    assert after_resave.json() == {"created": 0, "existing": wednesdays}


async def test_timetable_refuses_a_teacher_of_another_school(
    client: AsyncClient, world: World
) -> None:
    response = await client.put(
        f"/api/v1/terms/{world.term.id}/classes/{world.class_a.id}/timetable",
        json=[
            {
                "weekday": 1,
                "number": 1,
                "subject_id": str(world.algebra.id),
                "teacher_id": str(world.foreign_admin.id),
            }
        ],
        headers=world.admin.headers,
    )

    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "0.teacher_id"


async def test_structure_is_for_the_schools_own_administration(
    client: AsyncClient, world: World
) -> None:
    foreign = await client.post(
        f"/api/v1/terms/{world.term.id}/lessons", headers=world.foreign_admin.headers
    )
    teacher = await client.post(
        "/api/v1/subjects", json={"name": "Химия"}, headers=world.teacher.headers
    )

    assert foreign.status_code == 404
    assert teacher.status_code == 403
