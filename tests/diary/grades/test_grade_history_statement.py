"""``GET /students/{id}/grade-history`` (one statement) answers what the ORM reference reads."""

from __future__ import annotations

import orjson
import pytest
from httpx import AsyncClient
from sqlalchemy.ext.asyncio import AsyncSession

from tests.diary import reference
from tests.diary.world import MONDAY, World, lesson_on, principal_of

ROLES = ["parent", "student", "teacher", "other_teacher", "class_teacher", "admin"]
PAGES = [(50, 0), (2, 1), (1, 3)]


async def grade_and_correct(client: AsyncClient, world: World) -> None:
    """Algebra grades set, one corrected and one removed; a PE pass."""
    algebra = await lesson_on(client, world.teacher, MONDAY)
    pe = await lesson_on(client, world.other_teacher, MONDAY, number=2)
    url = f"/api/v1/lessons/{algebra['id']}/grades"
    for body in [
        [
            {"student_id": str(world.pupil.id), "value": 4},
            {"student_id": str(world.own.id), "value": 3, "work_type": "test"},
        ],
        [{"student_id": str(world.pupil.id), "value": 5, "comment": "Исправил"}],
    ]:
        response = await client.post(url, json=body, headers=world.teacher.headers)
        assert response.status_code == 201, response.text
    removed = response.json()[0]["id"]
    assert (
        await client.delete(f"/api/v1/grades/{removed}", headers=world.teacher.headers)
    ).status_code == 204
    for student in (world.pupil, world.own):
        response = await client.post(
            f"/api/v1/lessons/{pe['id']}/grades",
            json=[{"student_id": str(student.id), "value": "pass"}],
            headers=world.other_teacher.headers,
        )
        assert response.status_code == 201, response.text


@pytest.mark.parametrize("role", ROLES)
async def test_grade_history_equals_the_orm_reference(
    client: AsyncClient, session: AsyncSession, world: World, role: str
) -> None:
    await grade_and_correct(client, world)
    person = world.people()[role]
    student_id = world.own.id if role == "student" else world.pupil.id

    seen = 0
    for limit, offset in PAGES:
        fast = await client.get(
            f"/api/v1/students/{student_id}/grade-history",
            params={"limit": limit, "offset": offset},
            headers=person.headers,
        )
        items, total = await reference.grade_history(
            session, principal_of(person), student_id, limit=limit, offset=offset
        )

        assert fast.status_code == 200, fast.text
        assert fast.headers["content-type"] == "application/json"
        expected = {
            "items": [i.model_dump(mode="json") for i in items],
            "total": total,
            "limit": limit,
            "offset": offset,
        }
        assert orjson.loads(fast.content) == expected, (limit, offset)
        seen += len(items)
    assert seen, "the caller sees some history"


async def test_a_stranger_gets_404(client: AsyncClient, world: World) -> None:
    response = await client.get(
        f"/api/v1/students/{world.stranger.id}/grade-history", headers=world.parent.headers
    )

    assert response.status_code == 404
    assert response.json()["code"] == "student_not_found"
