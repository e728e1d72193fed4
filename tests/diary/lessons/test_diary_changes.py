"""A lesson moved, cancelled or substituted through ``PATCH /lessons/{id}`` shows in the
week diary with the school's note and where it was before, on the fast path and the ORM
reference alike."""

from __future__ import annotations

from datetime import date
from typing import Any

import orjson
import pytest
from httpx import AsyncClient
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from api.diary.lessons.models import Lesson
from tests.diary import reference
from tests.diary.world import MONDAY, WEEK, World, lesson_on, principal_of


async def change_schedule(client: AsyncClient, world: World) -> None:
    """Monday's algebra moves to Friday's 2nd lesson, Wednesday's is cancelled, Thursday's
    gets a substitute: all by the school's administration, each with a note."""
    monday = await lesson_on(client, world.teacher, MONDAY)
    wednesday = await lesson_on(client, world.teacher, date(2026, 11, 25))
    thursday = await lesson_on(client, world.teacher, date(2026, 11, 26))
    for lesson, change in [
        (monday, {"date": "2026-11-27", "number": 2, "change_note": "Учитель на курсах"}),
        (wednesday, {"status": "cancelled", "change_note": "Болезнь учителя"}),
        (
            thursday,
            {"substitute_teacher_id": str(world.class_teacher.id), "change_note": "Замена"},
        ),
    ]:
        response = await client.patch(
            f"/api/v1/lessons/{lesson['id']}", json=change, headers=world.admin.headers
        )
        assert response.status_code == 200, response.text


async def fresh(session: AsyncSession) -> AsyncSession:
    """The lessons were changed through the API: drop this session's stale copies of them
    (and only them, so the world's other objects stay loaded)."""
    for lesson in await session.scalars(select(Lesson)):
        session.expire(lesson)
    return session


def algebra(diary: dict[str, Any], day: str, number: int = 1) -> dict[str, Any]:
    lessons = next(d["lessons"] for d in diary["days"] if d["date"] == day)
    found: dict[str, Any] = next(
        x for x in lessons if x["subject"]["name"] == "Алгебра" and x["number"] == number
    )
    return found


async def test_parent_sees_moved_and_cancelled_lessons_with_notes(
    client: AsyncClient, session: AsyncSession, world: World
) -> None:
    await change_schedule(client, world)

    response = await client.get(
        f"/api/v1/students/{world.pupil.id}/diary",
        params={"week": WEEK},
        headers=world.parent.headers,
    )

    assert response.status_code == 200, response.text
    diary = response.json()
    assert [x["subject"]["name"] for x in diary["days"][0]["lessons"]] == ["Физическая культура"]
    moved = algebra(diary, "2026-11-27", 2)
    assert (moved["status"], moved["number"], moved["change_note"]) == (
        "moved",
        2,
        "Учитель на курсах",
    )
    assert moved["original_date"] == "2026-11-23"
    assert moved["original_starts_at"] == "2026-11-23T08:30:00+03:00"
    assert moved["starts_at"] == "2026-11-27T09:25:00+03:00"
    cancelled = algebra(diary, "2026-11-25")
    assert (cancelled["status"], cancelled["change_note"], cancelled["original_date"]) == (
        "cancelled",
        "Болезнь учителя",
        None,
    )
    assert cancelled["original_starts_at"] is None
    substituted = algebra(diary, "2026-11-26")
    assert substituted["status"] == "scheduled"
    assert substituted["substitute_teacher"] == {
        "id": str(world.class_teacher.id),
        "name": "Орлова Нина Петровна",
    }
    assert substituted["change_note"] == "Замена"
    untouched = algebra(diary, "2026-11-24")
    assert (untouched["change_note"], untouched["original_date"]) == (None, None)
    assert untouched["original_starts_at"] is None


@pytest.mark.parametrize("role", ["parent", "teacher", "admin"])
async def test_orm_reference_carries_the_same_changes(
    client: AsyncClient, session: AsyncSession, world: World, role: str
) -> None:
    await change_schedule(client, world)
    person = world.people()[role]

    fast = await client.get(
        f"/api/v1/students/{world.pupil.id}/diary", params={"week": WEEK}, headers=person.headers
    )
    expected = await reference.week_diary(
        await fresh(session), principal_of(person), world.pupil.id, MONDAY, WEEK
    )

    orm = expected.model_dump(mode="json")
    assert orjson.loads(fast.content) == orm
    moved = algebra(orm, "2026-11-27", 2)
    assert (moved["original_date"], moved["original_starts_at"], moved["change_note"]) == (
        "2026-11-23",
        "2026-11-23T08:30:00+03:00",
        "Учитель на курсах",
    )
    assert algebra(orm, "2026-11-25")["change_note"] == "Болезнь учителя"


async def test_far_east_school_writes_the_original_time_in_its_own_offset(
    client: AsyncClient, session: AsyncSession, world: World
) -> None:
    world.school.timezone = "Asia/Vladivostok"
    await session.commit()
    await change_schedule(client, world)

    diary = (
        await client.get(
            f"/api/v1/students/{world.pupil.id}/diary",
            params={"week": WEEK},
            headers=world.parent.headers,
        )
    ).json()
    expected = await reference.week_diary(
        session, principal_of(world.parent), world.pupil.id, MONDAY, WEEK
    )

    # The lessons were generated in Moscow time: 08:30 MSK is 15:30 in Vladivostok.
    assert algebra(diary, "2026-11-27", 2)["original_starts_at"] == "2026-11-23T15:30:00+10:00"
    assert diary == expected.model_dump(mode="json")
