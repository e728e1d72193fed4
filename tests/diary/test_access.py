"""Row scoping for every role: another family's or school's objects answer 404."""

from __future__ import annotations

import pytest
from httpx import AsyncClient
from sqlalchemy.ext.asyncio import AsyncSession

from tests.diary import reference
from tests.diary.world import MONDAY, WEEK, World, lesson_on, principal_of

# (role, sees pupil of 9-Б, sees stranger of 9-А)
STUDENT_VISIBILITY = [
    ("parent", True, False),
    ("other_parent", False, True),
    ("student", False, False),  # a classmate: only their own record
    ("teacher", True, False),  # algebra in 9-Б
    ("other_teacher", True, True),  # PE in 9-Б, algebra in 9-А
    ("class_teacher", True, False),  # of 9-Б
    ("admin", True, True),
    ("foreign_admin", False, False),
]
READS = [
    "diary?week=" + WEEK,
    "grades",
    "attendance",
    "homework",
    "grade-history",
    "absence-notes",
    "term-grades",
]


@pytest.mark.parametrize(("role", "sees_pupil", "sees_stranger"), STUDENT_VISIBILITY)
async def test_student_records_by_role(
    client: AsyncClient, world: World, role: str, sees_pupil: bool, sees_stranger: bool
) -> None:
    headers = world.people()[role].headers
    for student, visible in ((world.pupil, sees_pupil), (world.stranger, sees_stranger)):
        for read in READS:
            response = await client.get(f"/api/v1/students/{student.id}/{read}", headers=headers)
            expected = 200 if visible else 404
            assert response.status_code == expected, (role, student.last_name, read, response.text)
            if not visible:
                assert response.headers["content-type"] == "application/problem+json"
                assert response.json()["code"] == "student_not_found"


async def test_a_student_sees_themselves(client: AsyncClient, world: World) -> None:
    for read in READS:
        response = await client.get(
            f"/api/v1/students/{world.own.id}/{read}", headers=world.student.headers
        )
        assert response.status_code == 200, (read, response.text)


# (role, sees the 9-Б algebra lesson, gets the roster)
LESSON_VISIBILITY = [
    ("parent", True, False),
    ("other_parent", False, False),
    ("student", True, False),
    ("teacher", True, True),
    ("other_teacher", False, False),  # teaches 9-Б, but PE, not algebra
    ("class_teacher", True, True),
    ("admin", True, True),
    ("foreign_admin", False, False),
]


@pytest.mark.parametrize(("role", "visible", "roster"), LESSON_VISIBILITY)
async def test_lesson_by_role(
    client: AsyncClient, world: World, role: str, visible: bool, roster: bool
) -> None:
    lesson = await lesson_on(client, world.teacher, MONDAY)

    response = await client.get(
        f"/api/v1/lessons/{lesson['id']}", headers=world.people()[role].headers
    )

    assert response.status_code == (200 if visible else 404), response.text
    if visible:
        students = response.json()["students"]
        names = [s["last_name"] for s in students]
        assert names == (["Алексеева", "Иванов", "Смирнов"] if roster else [])


async def test_my_students_switcher(
    client: AsyncClient, session: AsyncSession, world: World
) -> None:
    parent = await client.get("/api/v1/me/students", headers=world.parent.headers)
    student = await client.get("/api/v1/me/students", headers=world.student.headers)
    teacher = await client.get("/api/v1/me/students", headers=world.teacher.headers)

    assert [(s["id"], s["relation"], s["school_class"]["name"]) for s in parent.json()] == [
        (str(world.pupil.id), "guardian", "9-Б")
    ]
    assert [(s["id"], s["relation"]) for s in student.json()] == [(str(world.own.id), "self")]
    assert teacher.json() == []
    for person, answer in ((world.parent, parent), (world.student, student)):
        orm = await reference.my_students(session, principal_of(person))
        assert answer.json() == [s.model_dump(mode="json") for s in orm]


async def test_unauthenticated_reads_get_401(client: AsyncClient, world: World) -> None:
    for path in (
        f"/api/v1/students/{world.pupil.id}/diary",
        f"/api/v1/students/{world.pupil.id}/grades",
    ):
        response = await client.get(path)
        assert response.status_code == 401
        assert response.headers["content-type"] == "application/problem+json"


async def test_revoked_session_cannot_read_the_fast_path(client: AsyncClient, world: World) -> None:
    logout = await client.post("/api/v1/auth/logout", headers=world.parent.headers)
    assert logout.status_code in (200, 204), logout.text

    response = await client.get(
        f"/api/v1/students/{world.pupil.id}/diary", headers=world.parent.headers
    )

    assert response.status_code == 401
    assert response.json()["code"] == "token_invalid"


async def test_lesson_changes_by_role(client: AsyncClient, world: World) -> None:
    lesson = await lesson_on(client, world.teacher, MONDAY)
    url = f"/api/v1/lessons/{lesson['id']}"

    topic = await client.patch(
        url, json={"topic": "Квадратные уравнения"}, headers=world.teacher.headers
    )
    cancel_by_teacher = await client.patch(
        url, json={"status": "cancelled"}, headers=world.teacher.headers
    )
    foreign = await client.patch(
        url, json={"status": "cancelled"}, headers=world.foreign_admin.headers
    )

    assert topic.status_code == 200, topic.text
    assert topic.json()["topic"] == "Квадратные уравнения"
    assert cancel_by_teacher.status_code == 403
    assert foreign.status_code == 404
