"""A lesson's homework and a homework's thread (single statements): who sees them, in
what order, and which 404 an outsider meets."""

from __future__ import annotations

import uuid

from httpx import AsyncClient

from tests.diary.homework.test_homework import assign
from tests.diary.world import MONDAY, World, lesson_on


async def test_a_lessons_homework_for_the_family_oldest_first(
    client: AsyncClient, world: World
) -> None:
    first = await assign(client, world, due="2026-11-25")
    second = await assign(client, world, due="2026-11-24")
    lesson = await lesson_on(client, world.teacher, MONDAY)

    response = await client.get(
        f"/api/v1/lessons/{lesson['id']}/homework",
        params={"limit": 1, "offset": 1},
        headers=world.parent.headers,
    )
    everything = await client.get(
        f"/api/v1/lessons/{lesson['id']}/homework", headers=world.parent.headers
    )

    assert response.status_code == 200, response.text
    page = response.json()
    assert (page["total"], page["limit"], page["offset"]) == (2, 1, 1)
    assert [h["id"] for h in page["items"]] == [second["id"]]
    assert [h["id"] for h in everything.json()["items"]] == [first["id"], second["id"]]
    item = everything.json()["items"][0]
    assert item == first


async def test_another_familys_lesson_homework_is_not_found(
    client: AsyncClient, world: World
) -> None:
    await assign(client, world)
    lesson = await lesson_on(client, world.teacher, MONDAY)

    for url in (
        f"/api/v1/lessons/{lesson['id']}/homework",
        f"/api/v1/lessons/{uuid.uuid4()}/homework",
    ):
        response = await client.get(url, headers=world.other_parent.headers)
        assert (response.status_code, response.json()["code"]) == (404, "lesson_not_found")


async def test_a_thread_is_read_by_family_and_teacher_in_order(
    client: AsyncClient, world: World
) -> None:
    homework = await assign(client, world)
    url = f"/api/v1/students/{world.pupil.id}/homework/{homework['id']}/comments"
    for who, text in ((world.parent, "Какой номер?"), (world.teacher, "№ 214")):
        posted = await client.post(url, json={"body": text}, headers=who.headers)
        assert posted.status_code == 201, posted.text

    by_teacher = await client.get(url, headers=world.teacher.headers)
    by_admin = await client.get(url, headers=world.admin.headers)

    assert by_teacher.status_code == 200, by_teacher.text
    thread = by_teacher.json()
    assert [(c["author"]["id"], c["body"]) for c in thread] == [
        (str(world.parent.id), "Какой номер?"),
        (str(world.teacher.id), "№ 214"),
    ]
    assert thread[0]["created_at"].endswith("Z")
    assert by_admin.json() == thread


async def test_a_thread_tells_a_hidden_student_from_a_hidden_homework(
    client: AsyncClient, world: World
) -> None:
    homework = await assign(client, world)
    hidden_student = await client.get(
        f"/api/v1/students/{world.pupil.id}/homework/{homework['id']}/comments",
        headers=world.other_parent.headers,
    )
    # The stranger's class (9-А) was not set this homework of 9-Б.
    other_class = await client.get(
        f"/api/v1/students/{world.stranger.id}/homework/{homework['id']}/comments",
        headers=world.other_parent.headers,
    )

    assert (hidden_student.status_code, hidden_student.json()["code"]) == (
        404,
        "student_not_found",
    )
    assert (other_class.status_code, other_class.json()["code"]) == (404, "homework_not_found")
