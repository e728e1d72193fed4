"""``GET /classes/{id}/journal`` (one statement, averages in Python) answers what the ORM
reference reads."""

from __future__ import annotations

from datetime import date

import orjson
import pytest
from httpx import AsyncClient
from sqlalchemy.ext.asyncio import AsyncSession

from api.errors import NotFound
from tests.diary import reference
from tests.diary.reading.test_statements import fill_week
from tests.diary.world import MONDAY, World, lesson_on, principal_of

ROLES = ["parent", "student", "teacher", "other_teacher", "class_teacher", "admin"]
RANGES = [(MONDAY, date(2026, 11, 29)), (date(2026, 11, 24), date(2026, 11, 24))]


@pytest.mark.parametrize("role", ROLES)
async def test_journal_equals_the_orm_reference(
    client: AsyncClient, session: AsyncSession, world: World, role: str
) -> None:
    await fill_week(client, session, world)
    # A removed grade counts nowhere; a weighted pair gives a non-trivial average.
    tuesday = await lesson_on(client, world.teacher, date(2026, 11, 24))
    posted = await client.post(
        f"/api/v1/lessons/{tuesday['id']}/grades",
        json=[
            {"student_id": str(world.own.id), "value": 4, "work_type": "test"},
            {"student_id": str(world.pupil.id), "value": 2},
        ],
        headers=world.teacher.headers,
    )
    assert posted.status_code == 201, posted.text
    removed = posted.json()[1]["id"]
    deleted = await client.delete(f"/api/v1/grades/{removed}", headers=world.teacher.headers)
    assert deleted.status_code == 204
    person = world.people()[role]

    seen = 0
    for subject in (world.algebra, world.pe):
        for start, end in RANGES:
            fast = await client.get(
                f"/api/v1/classes/{world.class_b.id}/journal",
                params={"subject_id": str(subject.id), "from": str(start), "to": str(end)},
                headers=person.headers,
            )
            try:
                expected = await reference.journal(
                    session, principal_of(person), world.class_b.id, subject.id, start, end
                )
            except NotFound:
                assert fast.status_code == 404, fast.text
                assert fast.json()["code"] == "class_not_found"
                continue
            assert fast.status_code == 200, fast.text
            assert fast.headers["content-type"] == "application/json"
            assert orjson.loads(fast.content) == expected.model_dump(mode="json")
            seen += len(expected.marks)
    if role in ("teacher", "other_teacher", "class_teacher", "admin"):
        assert seen, "the journal has marks"
