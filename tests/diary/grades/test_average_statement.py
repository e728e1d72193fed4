"""``GET /students/{id}/averages`` (one statement, arithmetic in ``averages.explained``)
answers what ``averages.explain`` — the ORM reading «what if» uses — gives with no
hypothetical grades, errors included."""

from __future__ import annotations

import uuid

import orjson
import pytest
from httpx import AsyncClient
from sqlalchemy.ext.asyncio import AsyncSession

from api.diary.grades import averages
from api.diary.structure.models import Student
from api.errors import AppError
from tests.diary.reading.test_statements import fill_week
from tests.diary.world import World, principal_of

ROLES = ["parent", "student", "teacher", "other_teacher", "class_teacher", "admin"]


@pytest.mark.parametrize("strict", [False, True])
@pytest.mark.parametrize("role", ROLES)
async def test_average_equals_the_orm_reading(
    client: AsyncClient, session: AsyncSession, world: World, role: str, strict: bool
) -> None:
    await fill_week(client, session, world)
    if strict:
        policy = await client.put(
            "/api/v1/grading-policy",
            json={"five_from": 4.65, "four_from": 3.75, "three_from": 2.5},
            headers=world.admin.headers,
        )
        assert policy.status_code == 200, policy.text
    person = world.people()[role]
    student = await session.get(Student, world.own.id if role == "student" else world.pupil.id)
    assert student is not None

    answered = 0
    for subject_id in (world.algebra.id, world.pe.id, uuid.uuid4()):
        for term_id in (None, world.term.id, uuid.uuid4()):
            params = {"subject_id": str(subject_id)}
            if term_id is not None:
                params["term_id"] = str(term_id)
            fast = await client.get(
                f"/api/v1/students/{student.id}/averages", params=params, headers=person.headers
            )
            refused: AppError | None = None
            try:
                expected = await averages.explain(
                    session, principal_of(person), student, subject_id, term_id, []
                )
            except AppError as error:
                refused = error
            if refused is not None:
                assert (fast.status_code, fast.json()["code"]) == (refused.status, refused.code)
                continue
            assert fast.status_code == 200, fast.text
            assert fast.headers["content-type"] == "application/json"
            assert orjson.loads(fast.content) == expected.model_dump(mode="json")
            answered += len(expected.grades)
    if role != "student":
        assert answered, "some grades were averaged"


async def test_a_stranger_gets_404(client: AsyncClient, world: World) -> None:
    response = await client.get(
        f"/api/v1/students/{world.stranger.id}/averages",
        params={"subject_id": str(world.algebra.id)},
        headers=world.parent.headers,
    )

    assert response.status_code == 404
    assert response.json()["code"] == "student_not_found"
