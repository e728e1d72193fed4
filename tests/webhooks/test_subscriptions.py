"""Managing webhooks (contract §5): the client's own routes, scopes, school isolation, the
school admin's view; the signing secret is shown once and kept sealed."""

from __future__ import annotations

import base64
import uuid

from httpx import AsyncClient
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from api.audit.models import AuditEvent
from api.webhooks.models import Webhook
from tests.diary.world import World
from tests.integrations.conftest import bearer, client_token
from tests.webhooks.conftest import (
    ALL,
    GRADEBOOK,
    MANAGE,
    SCHEDULE,
    api_key,
    make_client,
    subscribe,
)

URL = "http://127.0.0.1:9/hooks"


async def test_клиент_создаёт_вебхук_и_видит_секрет_один_раз(
    dev_client: AsyncClient, session: AsyncSession, world: World
) -> None:
    made = await make_client(dev_client, world.admin.token, ALL)
    hook = await subscribe(dev_client, made["client_secret"], URL, ["grade.created"])
    assert hook["status"] == "enabled"
    assert hook["event_types"] == ["grade.created"]
    assert hook["secret"].startswith("whsec_")
    assert len(base64.b64decode(hook["secret"].removeprefix("whsec_"))) == 32

    got = await dev_client.get(
        f"/api/v1/integration/webhooks/{hook['id']}", headers=api_key(made["client_secret"])
    )
    assert got.status_code == 200
    assert "secret" not in got.json()
    listed = await dev_client.get(
        "/api/v1/integration/webhooks", headers=api_key(made["client_secret"])
    )
    assert [w["id"] for w in listed.json()["items"]] == [hook["id"]]
    assert listed.json()["total"] == 1

    row = await session.scalar(select(Webhook).where(Webhook.id == hook["id"]))
    assert row is not None
    assert hook["secret"].encode() not in row.secret_enc
    assert hook["secret"].removeprefix("whsec_").encode() not in row.secret_enc


async def test_изменение_выключение_удаление_и_ротация(
    dev_client: AsyncClient, world: World
) -> None:
    made = await make_client(dev_client, world.admin.token, ALL)
    key = api_key(made["client_secret"])
    hook = await subscribe(dev_client, made["client_secret"], URL, ["grade.created"])
    url = f"/api/v1/integration/webhooks/{hook['id']}"

    patched = await dev_client.patch(
        url, json={"event_types": ["lesson.changed"], "status": "disabled"}, headers=key
    )
    assert patched.status_code == 200, patched.text
    assert patched.json()["event_types"] == ["lesson.changed"]
    assert patched.json()["status"] == "disabled"

    rotated = await dev_client.post(f"{url}/rotate-secret", headers=key)
    assert rotated.status_code == 200
    assert rotated.json()["secret"] != hook["secret"]

    assert (await dev_client.delete(url, headers=key)).status_code == 204
    assert (await dev_client.get(url, headers=key)).status_code == 404


async def test_права_клиента_разрешают_и_запрещают(dev_client: AsyncClient, world: World) -> None:
    # No webhooks.manage: the routes are closed.
    reader = await make_client(dev_client, world.admin.token, [GRADEBOOK])
    refused = await dev_client.get(
        "/api/v1/integration/webhooks", headers=api_key(reader["client_secret"])
    )
    assert refused.status_code == 403
    assert refused.json()["code"] == "insufficient_scope"

    # webhooks.manage but not gradebook: grade events are refused, lessons allowed.
    narrow = await make_client(dev_client, world.admin.token, [MANAGE, SCHEDULE])
    key = api_key(narrow["client_secret"])
    body = {"url": URL, "event_types": ["grade.created"]}
    answer = await dev_client.post("/api/v1/integration/webhooks", json=body, headers=key)
    assert answer.status_code == 403
    assert answer.json()["code"] == "insufficient_scope"
    body["event_types"] = ["lesson.changed"]
    assert (
        await dev_client.post("/api/v1/integration/webhooks", json=body, headers=key)
    ).status_code == 201

    # A token narrowed to webhooks.manage alone carries no event scope.
    token = await client_token(
        dev_client, narrow["client_id"], narrow["client_secret"], scope=MANAGE
    )
    answer = await dev_client.post("/api/v1/integration/webhooks", json=body, headers=bearer(token))
    assert answer.status_code == 403

    unknown = await dev_client.post(
        "/api/v1/integration/webhooks",
        json={"url": URL, "event_types": ["grade.exploded"]},
        headers=key,
    )
    assert unknown.status_code == 422
    assert unknown.json()["code"] == "unknown_event_type"

    # A person's token is not a client's.
    person = await dev_client.get("/api/v1/integration/webhooks", headers=bearer(world.admin.token))
    assert person.status_code == 403


async def test_не_больше_десяти_вебхуков(dev_client: AsyncClient, world: World) -> None:
    made = await make_client(dev_client, world.admin.token, ALL)
    for _ in range(10):
        await subscribe(dev_client, made["client_secret"], URL, ["grade.created"])
    answer = await dev_client.post(
        "/api/v1/integration/webhooks",
        json={"url": URL, "event_types": ["grade.created"]},
        headers=api_key(made["client_secret"]),
    )
    assert answer.status_code == 422
    assert answer.json()["code"] == "webhook_limit"


async def test_клиент_другой_школы_не_видит_чужих_вебхуков(
    dev_client: AsyncClient, world: World
) -> None:
    ours = await make_client(dev_client, world.admin.token, ALL)
    theirs = await make_client(dev_client, world.foreign_admin.token, ALL)
    hook = await subscribe(dev_client, ours["client_secret"], URL, ["grade.created"])
    key = api_key(theirs["client_secret"])
    base = f"/api/v1/integration/webhooks/{hook['id']}"
    assert (await dev_client.get(base, headers=key)).status_code == 404
    assert (
        await dev_client.patch(base, json={"status": "disabled"}, headers=key)
    ).status_code == 404
    assert (await dev_client.delete(base, headers=key)).status_code == 404
    assert (await dev_client.get(f"{base}/deliveries", headers=key)).status_code == 404
    listed = await dev_client.get("/api/v1/integration/webhooks", headers=key)
    assert listed.json()["items"] == []

    # Nor does the other school's admin.
    admin_url = f"/api/v1/integration-clients/{ours['id']}/webhooks"
    foreign = await dev_client.get(admin_url, headers=bearer(world.foreign_admin.token))
    assert foreign.status_code == 404


async def test_администратор_школы_видит_и_выключает_вебхук_клиента(
    dev_client: AsyncClient, world: World
) -> None:
    made = await make_client(dev_client, world.admin.token, ALL)
    hook = await subscribe(dev_client, made["client_secret"], URL, ["grade.created"])
    admin = bearer(world.admin.token)
    listed = await dev_client.get(
        f"/api/v1/integration-clients/{made['id']}/webhooks", headers=admin
    )
    assert listed.status_code == 200
    assert [(w["id"], w["url"]) for w in listed.json()["items"]] == [(hook["id"], URL)]
    assert "secret" not in listed.json()["items"][0]

    disabled = await dev_client.post(
        f"/api/v1/integration-clients/{made['id']}/webhooks/{hook['id']}/disable", headers=admin
    )
    assert disabled.status_code == 200
    assert disabled.json()["status"] == "disabled"
    assert disabled.json()["disabled_reason"] == "by_school_admin"
    seen = await dev_client.get(
        f"/api/v1/integration/webhooks/{hook['id']}", headers=api_key(made["client_secret"])
    )
    assert seen.json()["status"] == "disabled"


async def test_каждое_изменение_вебхука_клиентом_одна_запись_общего_аудита_клиентов(
    dev_client: AsyncClient, session: AsyncSession, world: World
) -> None:
    made = await make_client(dev_client, world.admin.token, ALL)
    key = api_key(made["client_secret"])
    hook = await subscribe(dev_client, made["client_secret"], URL, ["grade.created"])
    url = f"/api/v1/integration/webhooks/{hook['id']}"
    changed = await dev_client.patch(
        url, json={"event_types": ["grade.created", "grade.updated"]}, headers=key
    )
    assert changed.status_code == 200, changed.text
    assert (await dev_client.post(f"{url}/rotate-secret", headers=key)).status_code == 200
    assert (await dev_client.post(f"{url}/test", headers=key)).status_code == 202
    assert (await dev_client.delete(url, headers=key)).status_code == 204

    rows = list(
        await session.scalars(
            select(AuditEvent)
            .where(AuditEvent.actor_id == uuid.UUID(made["id"]))
            .order_by(AuditEvent.id)
        )
    )
    # The same row shape as every other client write (api.integrations.audit).
    assert [r.details["operation"] for r in rows] == [
        "create",
        "update",
        "rotate_secret",
        "test",
        "delete",
    ]
    for row in rows:
        assert row.action == "integration.write"
        assert row.actor_roles == ["integration_client"]
        assert (row.object_type, str(row.object_id)) == ("webhooks", hook["id"])
        assert row.details["client_id"] == made["client_id"]
    log = await dev_client.get(
        f"/api/v1/integration-clients/{made['id']}/access-log", headers=bearer(world.admin.token)
    )
    assert log.status_code == 200, log.text
    assert {e["id"] for e in log.json()["items"]} == {r.id for r in rows}


async def test_выключение_вебхука_администратором_запись_аудита_сотрудника(
    dev_client: AsyncClient, session: AsyncSession, world: World
) -> None:
    made = await make_client(dev_client, world.admin.token, ALL)
    hook = await subscribe(dev_client, made["client_secret"], URL, ["grade.created"])
    disabled = await dev_client.post(
        f"/api/v1/integration-clients/{made['id']}/webhooks/{hook['id']}/disable",
        headers=bearer(world.admin.token),
    )
    assert disabled.status_code == 200, disabled.text
    [row] = await session.scalars(
        select(AuditEvent).where(
            AuditEvent.object_id == uuid.UUID(hook["id"]), AuditEvent.actor_id == world.admin.id
        )
    )
    assert (row.action, row.object_type) == ("webhook.disable", "webhook")
