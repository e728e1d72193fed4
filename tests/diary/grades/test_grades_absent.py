"""A grade for a pupil marked «Н» at the lesson: refused unless the teacher confirms it
(work handed in later); then recorded, and the answer says the pupil was absent."""

from __future__ import annotations

from typing import Any

import pytest
from httpx import AsyncClient
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from api.diary.grades.models import Grade
from tests.diary.world import MONDAY, World, lesson_on


async def mark(client: AsyncClient, world: World, lesson_id: object, status: str) -> None:
    response = await client.put(
        f"/api/v1/lessons/{lesson_id}/attendance",
        json=[{"student_id": str(world.pupil.id), "status": status}],
        headers=world.teacher.headers,
    )
    assert response.status_code == 200, response.text


async def post(
    client: AsyncClient, world: World, lesson_id: object, body: list[dict[str, Any]]
) -> tuple[int, Any]:
    response = await client.post(
        f"/api/v1/lessons/{lesson_id}/grades", json=body, headers=world.teacher.headers
    )
    return response.status_code, response.json()


@pytest.mark.parametrize("status", ["absent", "excused"])
async def test_grade_for_an_absent_pupil_needs_confirmation(
    client: AsyncClient, session: AsyncSession, world: World, status: str
) -> None:
    lesson = await lesson_on(client, world.teacher, MONDAY)
    await mark(client, world, lesson["id"], status)

    code, body = await post(
        client,
        world,
        lesson["id"],
        [
            {"student_id": str(world.own.id), "value": 4},
            {"student_id": str(world.pupil.id), "value": 2},
        ],
    )

    assert code == 422, body
    assert [(e["field"], e["code"]) for e in body["errors"]] == [
        ("1.absent_confirmed", "student_absent")
    ]
    assert "«Н»" in body["errors"][0]["message"]
    grades = (await session.scalars(select(Grade).where(Grade.lesson_id == lesson["id"]))).all()
    assert grades == [], "nothing recorded, not even the present pupil's grade"


async def test_confirmed_grade_for_an_absent_pupil_is_recorded_and_flagged(
    client: AsyncClient, world: World
) -> None:
    lesson = await lesson_on(client, world.teacher, MONDAY)
    await mark(client, world, lesson["id"], "absent")

    code, body = await post(
        client,
        world,
        lesson["id"],
        [
            {"student_id": str(world.pupil.id), "value": 5, "absent_confirmed": True},
            {"student_id": str(world.own.id), "value": 4},
        ],
    )

    assert code == 201, body
    assert [(g["student_id"], g["value"], g["absent"]) for g in body] == [
        (str(world.pupil.id), 5, True),
        (str(world.own.id), 4, False),
    ]


async def test_late_pupil_is_graded_without_confirmation(client: AsyncClient, world: World) -> None:
    lesson = await lesson_on(client, world.teacher, MONDAY)
    await mark(client, world, lesson["id"], "late")

    code, body = await post(
        client, world, lesson["id"], [{"student_id": str(world.pupil.id), "value": 3}]
    )

    assert code == 201, body
    assert body[0]["absent"] is False
