"""Contract §1: a school admin manages the school's integration clients."""

from __future__ import annotations

import logging
import re
from datetime import timedelta

import pytest
from httpx import AsyncClient
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from api.config import Settings
from api.integrations import secrets
from api.integrations.models import IntegrationClient
from tests.diary.world import World
from tests.factories import token_for
from tests.integrations.conftest import (
    HOMEWORK,
    SCHEDULE,
    Clock,
    bearer,
    client_body,
    client_token,
    create_client,
    token_request,
)

URL = "/api/v1/integration-clients"


async def test_create_returns_the_secret_once_and_stores_only_its_hmac(
    client: AsyncClient, session: AsyncSession, world: World
) -> None:
    answer = await client.post(
        URL,
        json=client_body(school_id=str(world.other_school.id)),
        headers=bearer(world.admin.token),
    )
    assert answer.status_code == 201
    assert answer.headers["cache-control"] == "no-store"
    body = answer.json()
    assert re.fullmatch(r"edc_[0-9A-Za-z]{22}", body["client_id"])
    secret = body["client_secret"]
    assert re.fullmatch(r"edsk_[0-9A-Za-z]{46}", secret)
    assert secrets.well_formed(secret)
    assert not secrets.well_formed(secret[:-1] + ("A" if secret[-1] != "A" else "B"))
    assert body["secret_hint"] == f"edsk_…{secret[-4:]}"
    # A school admin's client belongs to the admin's school, whatever was sent.
    assert body["school_id"] == str(world.school.id)
    assert body["status"] == "active"
    assert body["scopes"] == [HOMEWORK, SCHEDULE] or body["scopes"] == [SCHEDULE, HOMEWORK]
    assert body["rate_limit_per_minute"] == 600
    assert body["created_by"] == str(world.admin.id)
    assert body["last_used_at"] is None

    row = await session.scalar(
        select(IntegrationClient).where(IntegrationClient.client_id == body["client_id"])
    )
    assert row is not None
    assert row.secret_hash == secrets.secret_hash(secret)
    assert secret not in str([getattr(row, c.key) for c in IntegrationClient.__table__.columns])

    shown = (await client.get(f"{URL}/{body['id']}", headers=bearer(world.admin.token))).json()
    assert "client_secret" not in shown
    assert shown["client_id"] == body["client_id"]


@pytest.mark.parametrize(
    "overrides",
    [
        {"scopes": ["edudiary:everything"]},
        {"scopes": []},
        {"rate_limit_per_minute": 0},
        {"rate_limit_per_minute": 6001},
        {"legal_basis": "ДПО"},
    ],
)
async def test_create_refuses_unknown_scopes_and_bad_limits(
    client: AsyncClient, session: AsyncSession, world: World, overrides: dict[str, object]
) -> None:
    answer = await client.post(
        URL, json=client_body(**overrides), headers=bearer(world.admin.token)
    )
    assert answer.status_code == 422
    assert await session.scalar(select(IntegrationClient.id)) is None


async def test_list_patch_and_another_schools_client(client: AsyncClient, world: World) -> None:
    mine = await create_client(client, world.admin.token, name="Библиотека")
    theirs = await create_client(client, world.foreign_admin.token, name="Чужая")

    listed = (await client.get(URL, headers=bearer(world.admin.token))).json()
    assert [c["name"] for c in listed["items"]] == ["Библиотека"]
    assert listed["total"] == 1
    assert listed["limit"] == 50
    assert listed["offset"] == 0

    for path in ("", "/access-log"):
        other = await client.get(f"{URL}/{theirs['id']}{path}", headers=bearer(world.admin.token))
        assert other.status_code == 404
    patched = await client.patch(
        f"{URL}/{theirs['id']}", json={"name": "Моя"}, headers=bearer(world.admin.token)
    )
    assert patched.status_code == 404
    revoked = await client.post(f"{URL}/{theirs['id']}/revoke", headers=bearer(world.admin.token))
    assert revoked.status_code == 404

    changed = await client.patch(
        f"{URL}/{mine['id']}",
        json={"name": "Библиотека 2", "scopes": [SCHEDULE], "rate_limit_per_minute": 60},
        headers=bearer(world.admin.token),
    )
    assert changed.status_code == 200
    assert changed.json()["name"] == "Библиотека 2"
    assert changed.json()["scopes"] == [SCHEDULE]
    assert changed.json()["rate_limit_per_minute"] == 60


async def test_only_school_admins_manage_clients(client: AsyncClient, world: World) -> None:
    answer = await client.get(URL, headers=bearer(world.teacher.token))
    assert answer.status_code == 403


async def test_rotation_keeps_the_old_secret_for_the_grace_period_only(
    client: AsyncClient,
    session: AsyncSession,
    settings: Settings,
    world: World,
    frozen_clock: Clock,
) -> None:
    made = await create_client(client, world.admin.token)
    old = made["client_secret"]
    rotated = await client.post(
        f"{URL}/{made['id']}/rotate-secret",
        json={"grace_period_hours": 2},
        headers=bearer(world.admin.token),
    )
    assert rotated.status_code == 200
    assert rotated.headers["cache-control"] == "no-store"
    new = rotated.json()["client_secret"]
    assert new != old
    assert rotated.json()["secret_hint"] == f"edsk_…{new[-4:]}"
    assert rotated.json()["previous_secret_expires_at"] is not None

    for secret in (old, new):
        assert (await token_request(client, made["client_id"], secret)).status_code == 200
    frozen_clock.advance(hours=2, seconds=1)
    assert (await token_request(client, made["client_id"], old)).status_code == 401
    assert (await token_request(client, made["client_id"], new)).status_code == 200

    # Without a grace period the old secret stops at once.
    admin_token = await token_for(session, settings, world.admin.account)  # 2 h later
    again = await client.post(f"{URL}/{made['id']}/rotate-secret", headers=bearer(admin_token))
    assert again.status_code == 200
    assert again.json()["previous_secret_expires_at"] is None
    assert (await token_request(client, made["client_id"], new)).status_code == 401
    assert (
        await token_request(client, made["client_id"], again.json()["client_secret"])
    ).status_code == 200


async def test_revoke_stops_tokens_and_the_api_key_at_once(
    client: AsyncClient, world: World
) -> None:
    made = await create_client(client, world.admin.token)
    token = await client_token(client, made["client_id"], made["client_secret"])
    key = {"X-API-Key": made["client_secret"]}
    assert (await client.get("/api/v1/bells", headers=bearer(token))).status_code == 200
    assert (await client.get("/api/v1/bells", headers=key)).status_code == 200

    revoked = await client.post(
        f"{URL}/{made['id']}/revoke",
        json={"reason": "Договор расторгнут"},
        headers=bearer(world.admin.token),
    )
    assert revoked.status_code == 200
    assert revoked.json()["status"] == "revoked"
    assert revoked.json()["revoked_at"] is not None
    again = await client.post(f"{URL}/{made['id']}/revoke", headers=bearer(world.admin.token))
    assert again.status_code == 200
    assert again.json()["revoked_at"] == revoked.json()["revoked_at"]

    assert (await client.get("/api/v1/bells", headers=bearer(token))).status_code == 401
    assert (await client.get("/api/v1/bells", headers=key)).status_code == 401
    denied = await token_request(client, made["client_id"], made["client_secret"])
    assert denied.status_code == 401
    assert denied.json() == {"error": "invalid_client"}

    listed = await client.get(URL, params={"status": "revoked"}, headers=bearer(world.admin.token))
    assert [c["id"] for c in listed.json()["items"]] == [made["id"]]
    active = await client.get(URL, params={"status": "active"}, headers=bearer(world.admin.token))
    assert active.json()["items"] == []


async def test_access_log_lists_the_clients_audit_events(
    client: AsyncClient, session: AsyncSession, world: World
) -> None:
    from api.identity.deps import CallerKind, Principal
    from api.integrations.audit import client_access

    made = await create_client(client, world.admin.token)
    row = await session.get(IntegrationClient, made["id"])
    assert row is not None
    principal = Principal(
        account_id=row.id,
        roles=frozenset(),
        level="client",
        school_id=row.school_id,
        session_id=None,
        kind=CallerKind.client,
        scopes=frozenset(row.scopes),
        client_id=row.client_id,
    )
    await client_access(session, principal, "users", count=2)
    await session.commit()

    log = await client.get(f"{URL}/{made['id']}/access-log", headers=bearer(world.admin.token))
    assert log.status_code == 200
    items = log.json()["items"]
    assert [(e["action"], e["object_type"], e["actor_roles"]) for e in items] == [
        ("integration.read", "users", ["integration_client"])
    ]
    assert items[0]["actor_id"] == made["id"]
    assert log.json()["total"] == 1
    later = await client.get(
        f"{URL}/{made['id']}/access-log",
        params={"from": (row.created_at + timedelta(days=1)).isoformat()},
        headers=bearer(world.admin.token),
    )
    assert later.json()["total"] == 0


async def test_secrets_never_reach_the_logs(
    client: AsyncClient, world: World, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    made = await create_client(client, world.admin.token)
    secret = made["client_secret"]
    await token_request(client, made["client_id"], secret)
    await token_request(client, made["client_id"], secret[:-1] + "x")
    await client.get("/api/v1/bells", headers={"X-API-Key": secret})
    rotated = await client.post(
        f"{URL}/{made['id']}/rotate-secret", headers=bearer(world.admin.token)
    )
    logged = "\n".join(
        " ".join([record.getMessage(), *(str(v) for v in record.__dict__.values())])
        for record in caplog.records
    )
    assert caplog.records
    for value in (secret, secret[5:], rotated.json()["client_secret"]):
        assert value not in logged


async def test_an_expired_client_gets_no_token(
    client: AsyncClient,
    session: AsyncSession,
    settings: Settings,
    world: World,
    frozen_clock: Clock,
) -> None:
    expires = frozen_clock.current + timedelta(days=1)
    made = await create_client(client, world.admin.token, expires_at=expires.isoformat())
    assert (
        await token_request(client, made["client_id"], made["client_secret"])
    ).status_code == 200
    frozen_clock.advance(days=1, seconds=1)
    denied = await token_request(client, made["client_id"], made["client_secret"])
    assert denied.status_code == 401
    assert (
        await client.get("/api/v1/bells", headers={"X-API-Key": made["client_secret"]})
    ).status_code == 401
    admin_token = await token_for(session, settings, world.admin.account)
    shown = await client.get(f"{URL}/{made['id']}", headers=bearer(admin_token))
    assert shown.json()["status"] == "expired"
