"""Contract §7: every personal-data read and every write by a client is one audit row."""

from __future__ import annotations

import uuid

from httpx import AsyncClient
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from api.audit.models import AuditEvent
from api.config import Settings
from api.identity.deps import CallerKind, Principal
from api.identity.models import Role
from api.integrations.audit import client_access
from tests.diary.world import MONDAY, World, lesson_on
from tests.factories import make_person
from tests.integrations.conftest import bearer, client_token, create_client

ATTENDANCE = "edudiary:attendance.readonly"


async def integration_events(session: AsyncSession, actor: object) -> list[AuditEvent]:
    rows = await session.scalars(
        select(AuditEvent).where(AuditEvent.actor_id == actor).order_by(AuditEvent.id)
    )
    return list(rows)


async def marked_lesson(client: AsyncClient, world: World) -> str:
    lesson = await lesson_on(client, world.teacher, MONDAY)
    marked = await client.put(
        f"/api/v1/lessons/{lesson['id']}/attendance",
        json=[
            {"student_id": str(world.pupil.id), "status": "excused", "reason": "Олимпиада"},
            {"student_id": str(world.own.id), "status": "absent"},
        ],
        headers=world.teacher.headers,
    )
    assert marked.status_code == 200, marked.text
    return str(lesson["id"])


async def test_чтение_посещаемости_ребёнка_клиентом_оставляет_ровно_одну_запись(
    client: AsyncClient, session: AsyncSession, settings: Settings, world: World
) -> None:
    lesson_id = await marked_lesson(client, world)
    made = await create_client(client, world.admin.token, scopes=[ATTENDANCE])
    token = await client_token(client, made["client_id"], made["client_secret"])

    answer = await client.get(f"/api/v1/lessons/{lesson_id}/attendance", headers=bearer(token))
    assert answer.status_code == 200, answer.text
    assert {m["student_id"] for m in answer.json()} == {str(world.pupil.id), str(world.own.id)}
    assert all(m["reason"] is None for m in answer.json())  # never an absence reason

    [event] = await integration_events(session, uuid.UUID(made["id"]))
    assert event.action == "integration.read"
    assert event.actor_roles == ["integration_client"]
    assert (event.object_type, event.object_id) == ("attendance", None)
    assert event.details["client_id"] == made["client_id"]
    assert event.details["count"] == 2
    assert set(event.details["subject_ids"]) == {str(world.pupil.id), str(world.own.id)}

    # The school admin sees it in the client's access log, an operator in the audit log.
    log = await client.get(
        f"/api/v1/integration-clients/{made['id']}/access-log", headers=bearer(world.admin.token)
    )
    assert [e["id"] for e in log.json()["items"]] == [event.id]
    operator = await make_person(session, settings, roles=(Role.operator,))
    await session.commit()
    audit = await client.get(
        "/api/v1/operator/audit", params={"actor_id": made["id"]}, headers=operator.headers
    )
    assert audit.status_code == 200, audit.text
    assert [e["id"] for e in audit.json()["items"]] == [event.id]


async def test_чтение_учителем_и_неудачный_запрос_клиента_записей_не_оставляют(
    client: AsyncClient, session: AsyncSession, world: World
) -> None:
    lesson_id = await marked_lesson(client, world)
    made = await create_client(client, world.admin.token, scopes=[ATTENDANCE])
    token = await client_token(client, made["client_id"], made["client_secret"])
    before = await session.scalar(select(func.count()).select_from(AuditEvent))

    teacher = await client.get(
        f"/api/v1/lessons/{lesson_id}/attendance", headers=world.teacher.headers
    )
    assert teacher.status_code == 200
    assert teacher.json()[0]["reason"] is not None or teacher.json()[1]["reason"] is not None
    missing = await client.get(f"/api/v1/lessons/{uuid.uuid4()}/attendance", headers=bearer(token))
    assert missing.status_code == 404
    assert missing.headers["ratelimit"].startswith('"client";r=')

    assert await integration_events(session, uuid.UUID(made["id"])) == []
    after = await session.scalar(select(func.count()).select_from(AuditEvent))
    assert after == before


async def test_клиент_чужой_школы_не_видит_урок(client: AsyncClient, world: World) -> None:
    lesson_id = await marked_lesson(client, world)
    made = await create_client(client, world.foreign_admin.token, scopes=[ATTENDANCE])
    token = await client_token(client, made["client_id"], made["client_secret"])
    answer = await client.get(f"/api/v1/lessons/{lesson_id}/attendance", headers=bearer(token))
    assert answer.status_code == 404


async def test_запись_аудита_в_той_же_транзакции_откатывается_вместе_с_ней(
    sessionmaker: async_sessionmaker[AsyncSession], session: AsyncSession, world: World
) -> None:
    client_uuid = uuid.uuid4()
    caller = Principal(
        account_id=client_uuid,
        roles=frozenset(),
        level="client",
        school_id=world.school.id,
        session_id=None,
        kind=CallerKind.client,
        scopes=frozenset(),
        client_id="edc_" + "a" * 22,
    )
    async with sessionmaker() as request_session:
        await client_access(request_session, caller, "results", object_id="result:x", write=True)
        assert len(await integration_events(request_session, client_uuid)) == 1
        await request_session.rollback()  # the write failed: its audit row goes with it
    assert await integration_events(session, client_uuid) == []

    person = Principal(
        account_id=world.teacher.account.id,
        roles=frozenset({Role.teacher}),
        level="full",
        school_id=world.school.id,
        session_id=uuid.uuid4(),
    )
    async with sessionmaker() as request_session:
        await client_access(request_session, person, "attendance", subject_ids=[uuid.uuid4()])
        assert await integration_events(request_session, person.account_id) == []
