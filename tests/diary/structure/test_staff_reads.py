"""The school structure's staff reads (single statements): who teaches what and a class's
timetable — the school's rows only, the ORM path's role and school checks kept."""

from __future__ import annotations

import uuid

import pytest
from httpx import AsyncClient
from sqlalchemy.ext.asyncio import AsyncSession

from api.config import Settings
from api.identity.models import Role
from tests.diary.world import World, build_world
from tests.factories import make_person


@pytest.fixture
async def world(session: AsyncSession, settings: Settings) -> World:
    return await build_world(session, settings)


async def test_staff_see_who_teaches_what_in_their_school(
    client: AsyncClient, world: World
) -> None:
    response = await client.get("/api/v1/teaching-assignments", headers=world.teacher.headers)

    assert response.status_code == 200, response.text
    rows = [
        (a["school_class"]["name"], a["subject"]["name"], a["teacher"]["name"])
        for a in response.json()
    ]
    # By class (9-А before 9-Б), then subject.
    assert rows == [
        ("9-А", "Алгебра", "Волков Игорь Петровна"),
        ("9-Б", "Алгебра", "Соколова Анна Петровна"),
        ("9-Б", "Физическая культура", "Волков Игорь Петровна"),
    ]
    first = response.json()[0]
    assert first["school_class"]["id"] == str(world.class_a.id)
    assert first["subject"]["id"] == str(world.algebra.id)
    assert first["teacher"]["id"] == str(world.other_teacher.id)
    assert uuid.UUID(first["id"])


async def test_assignments_filtered_by_teacher(client: AsyncClient, world: World) -> None:
    response = await client.get(
        "/api/v1/teaching-assignments",
        params={"teacher_id": str(world.teacher.id)},
        headers=world.admin.headers,
    )

    assert response.status_code == 200, response.text
    assert [a["teacher"]["id"] for a in response.json()] == [str(world.teacher.id)]


async def test_another_schools_admin_sees_none_of_its_assignments(
    client: AsyncClient, world: World
) -> None:
    response = await client.get("/api/v1/teaching-assignments", headers=world.foreign_admin.headers)

    assert response.status_code == 200, response.text
    assert response.json() == []


async def test_families_may_not_read_staff_screens(client: AsyncClient, world: World) -> None:
    paths = (
        "/api/v1/teaching-assignments",
        f"/api/v1/terms/{world.term.id}/classes/{world.class_b.id}/timetable",
    )
    for path in paths:
        response = await client.get(path, headers=world.parent.headers)
        assert response.status_code == 403, path
        assert response.json()["code"] == "role_required"


async def test_staff_without_a_school_are_told_so(
    client: AsyncClient, session: AsyncSession, settings: Settings, world: World
) -> None:
    operator = await make_person(session, settings, roles=(Role.operator,))
    await session.commit()

    response = await client.get("/api/v1/teaching-assignments", headers=operator.headers)

    assert response.status_code == 403
    assert response.json()["code"] == "school_required"


async def test_timetable_of_a_class_by_weekday_and_number(
    client: AsyncClient, world: World
) -> None:
    response = await client.get(
        f"/api/v1/terms/{world.term.id}/classes/{world.class_b.id}/timetable",
        headers=world.class_teacher.headers,
    )

    assert response.status_code == 200, response.text
    slots = response.json()
    assert [(s["weekday"], s["number"]) for s in slots] == [
        (d, n) for d in range(1, 6) for n in (1, 2)
    ]
    assert slots[0]["subject"] == {"id": str(world.algebra.id), "name": "Алгебра"}
    assert slots[0]["teacher"] == {"id": str(world.teacher.id), "name": "Соколова Анна Петровна"}
    assert slots[0]["room"] == "214"
    assert slots[1]["room"] == "Спортзал"


async def test_timetable_of_another_schools_term_or_class_is_not_found(
    client: AsyncClient, world: World
) -> None:
    term, school_class = world.term.id, world.class_b.id
    as_foreign = world.foreign_admin.headers

    foreign_term = await client.get(
        f"/api/v1/terms/{term}/classes/{school_class}/timetable", headers=as_foreign
    )
    unknown_class = await client.get(
        f"/api/v1/terms/{term}/classes/{uuid.uuid4()}/timetable", headers=world.admin.headers
    )

    assert foreign_term.status_code == 404
    assert foreign_term.json()["code"] == "term_not_found"
    assert unknown_class.status_code == 404
    assert unknown_class.json()["code"] == "class_not_found"
