"""``GET /lessons/{id}/attendance`` (one statement on the hot pool for people, the client
door for integrations) answers what the ORM reference reads, to every caller."""

from __future__ import annotations

import re
import uuid
from datetime import date
from typing import Any

import orjson
import pytest
from httpx import AsyncClient
from sqlalchemy.ext.asyncio import AsyncSession

from api.identity.deps import CallerKind, Principal
from api.identity.models import Role
from tests.diary import reference
from tests.diary.world import MONDAY, World, lesson_on, principal_of
from tests.factories import revoke_sessions
from tests.integrations.conftest import bearer, client_token, create_client

ROLES = ["teacher", "other_teacher", "class_teacher", "admin", "foreign_admin", "parent", "student"]
ATTENDANCE = "edudiary:attendance.readonly"


async def marked_lesson(client: AsyncClient, world: World) -> tuple[str, list[dict[str, Any]]]:
    """Monday's algebra: late with minutes, excused with a reason, absent; the third pupil
    (Алексеева, first by name) unmarked at first, then present."""
    lesson = await lesson_on(client, world.teacher, MONDAY)
    url = f"/api/v1/lessons/{lesson['id']}/attendance"
    for marks in (
        [
            {"student_id": str(world.pupil.id), "status": "late", "minutes_late": 7},
            {"student_id": str(world.own.id), "status": "excused", "reason": "Олимпиада"},
        ],
        [
            {"student_id": str(world.classmate.id), "status": "present"},
            {"student_id": str(world.own.id), "status": "absent", "reason": "Болеет"},
        ],
    ):
        put = await client.put(url, json=marks, headers=world.teacher.headers)
        assert put.status_code == 200, put.text
    written: list[dict[str, Any]] = put.json()
    return str(lesson["id"]), written


@pytest.mark.parametrize("role", ROLES)
async def test_lesson_attendance_equals_the_orm_reference(
    client: AsyncClient, session: AsyncSession, world: World, role: str
) -> None:
    lesson_id, written = await marked_lesson(client, world)
    person = world.people()[role]
    principal = principal_of(person)

    answer = await client.get(f"/api/v1/lessons/{lesson_id}/attendance", headers=person.headers)

    if not principal.has_any(Role.teacher, Role.class_teacher):
        assert answer.status_code == 403, answer.text
        assert answer.json()["code"] == "role_required"
        return
    expected = await reference.lesson_attendance(session, principal, uuid.UUID(lesson_id))
    if expected is None:
        assert answer.status_code == 404, answer.text
        assert answer.json()["code"] == "lesson_not_found"
        return
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"] == "application/json"
    body = orjson.loads(answer.content)
    assert body == [m.model_dump(mode="json") for m in expected]
    assert body == written, "the read answers what the write answered"
    assert [m["student_id"] for m in body] == [
        str(s.id) for s in (world.classmate, world.pupil, world.own)
    ], "by the pupil's name"
    assert [(m["status"], m["minutes_late"], m["reason"]) for m in body] == [
        ("present", None, None),
        ("late", 7, None),
        ("absent", None, "Болеет"),
    ]
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", body[0]["updated_at"])


async def test_a_client_reads_as_the_reference_without_reasons(
    client: AsyncClient, session: AsyncSession, world: World
) -> None:
    lesson_id, _ = await marked_lesson(client, world)
    made = await create_client(client, world.admin.token, scopes=[ATTENDANCE])
    token = await client_token(client, made["client_id"], made["client_secret"])
    caller = Principal(
        account_id=uuid.UUID(made["id"]),
        roles=frozenset(),
        level="client",
        school_id=world.school.id,
        session_id=None,
        kind=CallerKind.client,
    )

    answer = await client.get(f"/api/v1/lessons/{lesson_id}/attendance", headers=bearer(token))

    assert answer.status_code == 200, answer.text
    expected = await reference.lesson_attendance(session, caller, uuid.UUID(lesson_id))
    assert expected is not None
    assert orjson.loads(answer.content) == [m.model_dump(mode="json") for m in expected]
    assert [m["reason"] for m in answer.json()] == [None, None, None]
    by_key = await client.get(
        f"/api/v1/lessons/{lesson_id}/attendance", headers={"X-API-Key": made["client_secret"]}
    )
    assert by_key.status_code == 200, by_key.text
    assert by_key.json() == answer.json()


async def test_a_client_without_the_scope_is_refused(client: AsyncClient, world: World) -> None:
    lesson_id, _ = await marked_lesson(client, world)
    made = await create_client(client, world.admin.token, scopes=["edudiary:schedule.readonly"])
    token = await client_token(client, made["client_id"], made["client_secret"])

    answer = await client.get(f"/api/v1/lessons/{lesson_id}/attendance", headers=bearer(token))

    assert answer.status_code == 403, answer.text
    assert answer.json()["code"] == "insufficient_scope"


async def test_an_unmarked_lesson_is_empty_and_an_unknown_one_404(
    client: AsyncClient, world: World
) -> None:
    lesson = await lesson_on(client, world.teacher, date(2026, 11, 24))

    empty = await client.get(
        f"/api/v1/lessons/{lesson['id']}/attendance", headers=world.teacher.headers
    )
    unknown = await client.get(
        f"/api/v1/lessons/{uuid.uuid4()}/attendance", headers=world.teacher.headers
    )

    assert (empty.status_code, empty.json()) == (200, [])
    assert unknown.status_code == 404
    assert unknown.json()["code"] == "lesson_not_found"


async def test_missing_bad_and_revoked_tokens_are_refused(
    client: AsyncClient, session: AsyncSession, world: World
) -> None:
    lesson_id, _ = await marked_lesson(client, world)
    url = f"/api/v1/lessons/{lesson_id}/attendance"
    assert (await client.get(url)).status_code == 401
    assert (await client.get(url, headers={"Authorization": "Bearer x.y.z"})).status_code == 401

    await revoke_sessions(session, world.teacher.id)
    await session.commit()
    revoked = await client.get(url, headers=world.teacher.headers)

    assert revoked.status_code == 401
    assert revoked.json()["code"] == "token_invalid"
