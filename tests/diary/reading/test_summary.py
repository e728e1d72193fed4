"""The term summary (one statement for the data, ``averages`` for the arithmetic) and the
term grades (one statement) answer what the ORM reference computes, for every reader."""

from __future__ import annotations

import uuid

import pytest
from httpx import AsyncClient
from sqlalchemy.ext.asyncio import AsyncSession

from tests.diary import reference
from tests.diary.reading.test_statements import fill_week
from tests.diary.world import World, principal_of


@pytest.mark.parametrize("who", ["parent", "student", "teacher", "other_teacher", "admin"])
async def test_summary_equals_the_orm_reference(
    client: AsyncClient, session: AsyncSession, world: World, who: str
) -> None:
    await fill_week(client, session, world)
    closed = await client.post(
        f"/api/v1/classes/{world.class_b.id}/term-grades",
        json={"subject_id": str(world.algebra.id), "term_id": str(world.term.id)},
        headers=world.teacher.headers,
    )
    assert closed.status_code == 200, closed.text
    person = world.people()[who]
    student = world.own if who == "student" else world.pupil

    for params in ({}, {"term_id": str(world.term.id)}):
        response = await client.get(
            f"/api/v1/students/{student.id}/summary", params=params, headers=person.headers
        )

        assert response.status_code == 200, response.text
        orm = await reference.summary(
            session,
            principal_of(person),
            student,
            uuid.UUID(params["term_id"]) if params else None,
        )
        assert response.json() == orm.model_dump(mode="json")
    term_grades = await client.get(
        f"/api/v1/students/{student.id}/term-grades", headers=person.headers
    )
    assert term_grades.status_code == 200, term_grades.text
    orm_term_grades = await reference.student_term_grades(session, principal_of(person), student)
    assert term_grades.json() == [g.model_dump(mode="json") for g in orm_term_grades]
    subjects = {s["subject"]["name"]: s for s in response.json()["subjects"]}
    if who in ("parent", "admin"):
        assert subjects["Алгебра"]["grades"] == 3
        assert subjects["Алгебра"]["term_grade"] is not None
    if who == "other_teacher":
        assert set(subjects) == {"Физическая культура"}, "a subject teacher sees their subject only"


async def test_summary_of_an_unknown_term_or_a_strangers_child_is_404(
    client: AsyncClient, world: World
) -> None:
    unknown = await client.get(
        f"/api/v1/students/{world.pupil.id}/summary",
        params={"term_id": str(uuid.uuid4())},
        headers=world.parent.headers,
    )
    stranger = await client.get(
        f"/api/v1/students/{world.stranger.id}/summary", headers=world.parent.headers
    )

    term_grades = await client.get(
        f"/api/v1/students/{world.stranger.id}/term-grades", headers=world.parent.headers
    )

    assert unknown.status_code == stranger.status_code == term_grades.status_code == 404
    assert term_grades.json()["code"] == "student_not_found"
    assert unknown.json()["code"] == "term_not_found"
    assert stranger.json()["code"] == "student_not_found"
