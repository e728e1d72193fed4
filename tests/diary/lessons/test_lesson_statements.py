"""``GET /lessons/{id}`` and ``GET /me/lessons`` (single statements) answer what the ORM
reference reads; ``PATCH /lessons/{id}`` answers as ``GET`` does."""

from __future__ import annotations

import uuid
from datetime import date

import orjson
import pytest
from httpx import AsyncClient
from sqlalchemy.ext.asyncio import AsyncSession

from api.diary.lessons.access import readable_lessons
from api.diary.lessons.models import Lesson
from tests.diary import reference
from tests.diary.world import MONDAY, World, lesson_on, principal_of

ROLES = ["parent", "student", "teacher", "other_teacher", "class_teacher", "admin", "other_parent"]


async def change_schedule(client: AsyncClient, world: World) -> list[str]:
    """Algebra on Monday, PE on Monday substituted by the class teacher, algebra on
    Tuesday moved to Saturday: their ids."""
    algebra = await lesson_on(client, world.teacher, MONDAY)
    pe = await lesson_on(client, world.other_teacher, MONDAY, number=2)
    tuesday = await lesson_on(client, world.teacher, date(2026, 11, 24))
    for lesson, patch in [
        (pe, {"substitute_teacher_id": str(world.class_teacher.id), "change_note": "Болезнь"}),
        (tuesday, {"date": "2026-11-28", "number": 2}),
    ]:
        response = await client.patch(
            f"/api/v1/lessons/{lesson['id']}", json=patch, headers=world.admin.headers
        )
        assert response.status_code == 200, response.text
        got = await client.get(f"/api/v1/lessons/{lesson['id']}", headers=world.admin.headers)
        assert response.json() == got.json()
    return [str(algebra["id"]), str(pe["id"]), str(tuesday["id"])]


@pytest.mark.parametrize("role", ROLES)
async def test_lesson_equals_the_orm_reference(
    client: AsyncClient, session: AsyncSession, world: World, role: str
) -> None:
    ids = await change_schedule(client, world)
    person = world.people()[role]
    principal = principal_of(person)

    for lesson_id in ids:
        fast = await client.get(f"/api/v1/lessons/{lesson_id}", headers=person.headers)
        lesson = await session.scalar(
            readable_lessons(principal).where(Lesson.id == uuid.UUID(lesson_id))
        )

        if lesson is None:
            assert fast.status_code == 404, fast.text
            assert fast.json()["code"] == "lesson_not_found"
            continue
        expected = await reference.lesson_detail(session, principal, lesson)
        assert fast.status_code == 200, fast.text
        assert fast.headers["content-type"] == "application/json"
        assert orjson.loads(fast.content) == expected.model_dump(mode="json")


@pytest.mark.parametrize("role", ROLES)
async def test_my_lessons_equal_the_orm_reference(
    client: AsyncClient, session: AsyncSession, world: World, role: str
) -> None:
    await change_schedule(client, world)
    person = world.people()[role]

    for start, end in [(MONDAY, date(2026, 11, 29)), (date(2026, 11, 24), date(2026, 11, 24))]:
        fast = await client.get(
            "/api/v1/me/lessons",
            params={"from": start.isoformat(), "to": end.isoformat()},
            headers=person.headers,
        )
        expected = await reference.my_lessons(session, principal_of(person), start, end)

        assert fast.status_code == 200, fast.text
        assert orjson.loads(fast.content) == [e.model_dump(mode="json") for e in expected]


async def test_roster_for_staff_only(client: AsyncClient, world: World) -> None:
    algebra = await lesson_on(client, world.teacher, MONDAY)
    url = f"/api/v1/lessons/{algebra['id']}"

    teacher = (await client.get(url, headers=world.teacher.headers)).json()
    parent = (await client.get(url, headers=world.parent.headers)).json()

    assert [s["first_name"] for s in teacher["students"]]
    assert parent["students"] == []
