"""``GET /students/{id}/homework`` (one statement) answers what the ORM reference reads."""

from __future__ import annotations

from datetime import date

import orjson
import pytest
from httpx import AsyncClient
from sqlalchemy.ext.asyncio import AsyncSession

from api.diary.structure.models import Student
from tests.diary import reference
from tests.diary.world import MONDAY, World, lesson_on, principal_of

ROLES = ["parent", "student", "teacher", "other_teacher", "class_teacher", "admin"]
QUERIES: list[dict[str, str | int]] = [
    {},
    {"order": "soonest"},
    {"order": "soonest", "limit": 2, "offset": 1},
    {"order": "latest", "limit": 1, "offset": 2},
    {"from": "2026-11-26"},
    {"to": "2026-11-26", "order": "soonest"},
    {"from": "2026-11-25", "to": "2026-11-25"},
]


async def set_homework(client: AsyncClient, world: World) -> None:
    """Algebra homework due on three days (two on the 25th), PE due on the 26th; a done
    mark and a comment in the pupil's thread."""
    algebra = await lesson_on(client, world.teacher, MONDAY)
    pe = await lesson_on(client, world.other_teacher, MONDAY, number=2)
    ids = []
    for lesson, person, due in [
        (algebra, world.teacher, "2026-11-25"),
        (algebra, world.teacher, "2026-11-27"),
        (algebra, world.teacher, "2026-11-25"),
        (pe, world.other_teacher, "2026-11-26"),
    ]:
        response = await client.post(
            f"/api/v1/lessons/{lesson['id']}/homework",
            json={
                "text": f"Задание к {due}",
                "due_date": due,
                "attachments": [{"name": "Учебник", "url": "https://example.org/b.pdf"}],
            },
            headers=person.headers,
        )
        assert response.status_code == 201, response.text
        ids.append(response.json()["id"])
    for student, person in [(world.pupil, world.parent), (world.own, world.student)]:
        done = await client.put(
            f"/api/v1/students/{student.id}/homework/{ids[0]}/done",
            json={"done": True},
            headers=person.headers,
        )
        assert done.status_code == 200, done.text
    comment = await client.post(
        f"/api/v1/students/{world.pupil.id}/homework/{ids[3]}/comments",
        json={"body": "Можно сдать позже?"},
        headers=world.parent.headers,
    )
    assert comment.status_code == 201, comment.text


@pytest.mark.parametrize("role", ROLES)
async def test_student_homework_equals_the_orm_reference(
    client: AsyncClient, session: AsyncSession, world: World, role: str
) -> None:
    await set_homework(client, world)
    person = world.people()[role]
    student_id = world.own.id if role == "student" else world.pupil.id
    student = await session.get(Student, student_id)
    assert student is not None

    seen = 0
    for query in QUERIES:
        fast = await client.get(
            f"/api/v1/students/{student_id}/homework", params=query, headers=person.headers
        )
        limit, offset = int(query.get("limit", 50)), int(query.get("offset", 0))
        items, total = await reference.student_homework(
            session,
            principal_of(person),
            student,
            start=date.fromisoformat(str(query["from"])) if "from" in query else None,
            end=date.fromisoformat(str(query["to"])) if "to" in query else None,
            soonest_first=query.get("order") == "soonest",
            limit=limit,
            offset=offset,
        )

        assert fast.status_code == 200, fast.text
        assert fast.headers["content-type"] == "application/json"
        expected = {
            "items": [i.model_dump(mode="json") for i in items],
            "total": total,
            "limit": limit,
            "offset": offset,
        }
        assert orjson.loads(fast.content) == expected, query
        seen += len(items)
    assert seen, "the caller sees some homework"


async def test_a_stranger_gets_404(client: AsyncClient, world: World) -> None:
    response = await client.get(
        f"/api/v1/students/{world.stranger.id}/homework", headers=world.parent.headers
    )

    assert response.status_code == 404
    assert response.json()["code"] == "student_not_found"
