"""``GET /students/{id}/attendance`` (one statement) answers what the ORM reference reads."""

from __future__ import annotations

from datetime import date

import orjson
import pytest
from httpx import AsyncClient
from sqlalchemy.ext.asyncio import AsyncSession

from tests.diary import reference
from tests.diary.world import MONDAY, World, lesson_on, principal_of

ROLES = ["parent", "student", "teacher", "other_teacher", "class_teacher", "admin"]
QUERIES: list[dict[str, str | int]] = [
    {},
    {"limit": 2, "offset": 1},
    {"from": "2026-11-24"},
    {"to": "2026-11-23"},
    {"from": "2026-11-23", "to": "2026-11-24", "limit": 1},
]


async def mark_days(client: AsyncClient, world: World) -> None:
    """Algebra on Monday and Tuesday, PE on Monday: absent, late, excused, present."""
    algebra = await lesson_on(client, world.teacher, MONDAY)
    tuesday = await lesson_on(client, world.teacher, date(2026, 11, 24))
    pe = await lesson_on(client, world.other_teacher, MONDAY, number=2)
    for lesson, person, marks in [
        (
            algebra,
            world.teacher,
            [
                {"student_id": str(world.pupil.id), "status": "late", "minutes_late": 7},
                {"student_id": str(world.own.id), "status": "absent"},
            ],
        ),
        (
            tuesday,
            world.teacher,
            [
                {"student_id": str(world.pupil.id), "status": "excused", "reason": "Олимпиада"},
                {"student_id": str(world.own.id), "status": "present"},
            ],
        ),
        (
            pe,
            world.other_teacher,
            [
                {"student_id": str(world.pupil.id), "status": "absent"},
                {"student_id": str(world.own.id), "status": "late", "minutes_late": 3},
            ],
        ),
    ]:
        response = await client.put(
            f"/api/v1/lessons/{lesson['id']}/attendance", json=marks, headers=person.headers
        )
        assert response.status_code == 200, response.text


@pytest.mark.parametrize("role", ROLES)
async def test_student_attendance_equals_the_orm_reference(
    client: AsyncClient, session: AsyncSession, world: World, role: str
) -> None:
    await mark_days(client, world)
    person = world.people()[role]
    student_id = world.own.id if role == "student" else world.pupil.id

    seen = 0
    for query in QUERIES:
        fast = await client.get(
            f"/api/v1/students/{student_id}/attendance", params=query, headers=person.headers
        )
        limit, offset = int(query.get("limit", 50)), int(query.get("offset", 0))
        items, total = await reference.student_attendance(
            session,
            principal_of(person),
            student_id,
            start=date.fromisoformat(str(query["from"])) if "from" in query else None,
            end=date.fromisoformat(str(query["to"])) if "to" in query else None,
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
    assert seen, "the caller sees some marks"


async def test_a_stranger_gets_404(client: AsyncClient, world: World) -> None:
    response = await client.get(
        f"/api/v1/students/{world.stranger.id}/attendance", headers=world.parent.headers
    )

    assert response.status_code == 404
    assert response.json()["code"] == "student_not_found"
