"""A client's access log and webhooks as single statements (``integrations.statements``,
``webhooks.statements``) answer what the ORM reads answered (``_reference_*`` below: the
routes' former code), for the admin who manages the client only."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from typing import Any

from httpx import AsyncClient
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.audit.models import AuditEvent
from api.audit.schemas import AuditEventList, AuditEventOut
from api.identity import clock
from api.integrations import service as clients
from api.pagination import fetch_page
from api.webhooks import service as webhooks
from api.webhooks.models import Webhook
from api.webhooks.schemas import WebhookPage
from tests.diary.world import World, principal_of
from tests.integrations.conftest import bearer, create_client

URL = "/api/v1/integration-clients"


async def _reference_log(
    session: AsyncSession,
    world: World,
    client_uuid: uuid.UUID,
    *,
    since: datetime | None = None,
    limit: int = 50,
    offset: int = 0,
) -> dict[str, Any]:
    client = await clients.get(session, principal_of(world.admin), client_uuid)
    query = select(AuditEvent).where(AuditEvent.actor_id == client.id)
    if since is not None:
        query = query.where(AuditEvent.at >= since)
    rows, total = await fetch_page(
        session,
        query,
        order_by=(AuditEvent.at.desc(), AuditEvent.id.desc()),
        limit=limit,
        offset=offset,
    )
    return AuditEventList(
        items=[AuditEventOut.model_validate(r, from_attributes=True) for r in rows],
        total=total,
        limit=limit,
        offset=offset,
    ).model_dump(mode="json")


async def _reference_webhooks(
    session: AsyncSession, world: World, client_uuid: uuid.UUID, *, limit: int = 50
) -> dict[str, Any]:
    admin = principal_of(world.admin)
    client = await clients.get(session, admin, client_uuid)
    query = webhooks.readable_webhooks(admin).where(Webhook.client_id == client.id)
    total = await session.scalar(select(func.count()).select_from(query.subquery()))
    rows = await session.scalars(query.order_by(Webhook.created_at, Webhook.id).limit(limit))
    return WebhookPage(
        items=[webhooks.out(w) for w in rows], total=total or 0, limit=limit, offset=0
    ).model_dump(mode="json")


async def _clients(client: AsyncClient, world: World) -> tuple[uuid.UUID, uuid.UUID]:
    mine = await create_client(client, world.admin.token)
    theirs = await create_client(client, world.foreign_admin.token)
    return uuid.UUID(mine["id"]), uuid.UUID(theirs["id"])


async def test_the_access_log_reads_as_the_orm_log(
    client: AsyncClient, session: AsyncSession, world: World
) -> None:
    mine, theirs = await _clients(client, world)
    moment = clock.now().replace(microsecond=654321)
    for actor, at, object_id, details, request_id in (
        (mine, moment, uuid.uuid4(), {"scope": "users", "count": 2, "ids": ["a"]}, "req-1"),
        (mine, moment, None, {}, None),
        (mine, moment.replace(microsecond=0) - timedelta(days=2), None, {"z": 1, "a": 2}, None),
        (theirs, moment, None, {}, None),
    ):
        session.add(
            AuditEvent(
                at=at,
                actor_id=actor,
                actor_roles=["integration_client"],
                action="integration.read",
                object_type="users",
                object_id=object_id,
                details=details,
                request_id=request_id,
            )
        )
    await session.commit()
    admin = bearer(world.admin.token)

    whole = await client.get(f"{URL}/{mine}/access-log", headers=admin)
    page = await client.get(
        f"{URL}/{mine}/access-log", params={"limit": 1, "offset": 1}, headers=admin
    )
    since = moment - timedelta(days=1)
    recent = await client.get(
        f"{URL}/{mine}/access-log", params={"from": since.isoformat()}, headers=admin
    )

    assert whole.status_code == 200, whole.text
    assert whole.json() == await _reference_log(session, world, mine)
    assert page.json() == await _reference_log(session, world, mine, limit=1, offset=1)
    assert recent.json() == await _reference_log(session, world, mine, since=since)
    items = whole.json()["items"]
    assert items[0]["id"] > items[1]["id"]  # the same instant: the later event first
    assert items[0]["at"].endswith(".654321Z")
    assert "." not in items[2]["at"]
    assert whole.json()["total"] == 3


async def test_the_webhooks_read_as_the_orm_list(
    client: AsyncClient, session: AsyncSession, world: World
) -> None:
    mine, theirs = await _clients(client, world)
    moment = clock.now().replace(microsecond=0)
    for owner, school, description, reason in (
        (mine, world.school.id, "Оценки", None),
        (mine, world.school.id, None, "by_school_admin"),
        (theirs, world.other_school.id, None, None),
    ):
        session.add(
            Webhook(
                client_id=owner,
                school_id=school,
                url="https://example.org/hook",
                event_types=["grade.created", "lesson.changed"],
                description=description,
                status="disabled" if reason else "enabled",
                disabled_reason=reason,
                secret_enc=b"-",
                created_at=moment,
            )
        )
    await session.commit()

    listed = await client.get(f"{URL}/{mine}/webhooks", headers=bearer(world.admin.token))

    assert listed.status_code == 200, listed.text
    assert listed.json() == await _reference_webhooks(session, world, mine)
    ids = [w["id"] for w in listed.json()["items"]]
    assert ids == sorted(ids)  # the same instant: by id
    assert "secret" not in listed.text


async def test_only_the_admin_who_manages_the_client_reads_it(
    client: AsyncClient, world: World
) -> None:
    mine, theirs = await _clients(client, world)

    for path in ("access-log", "webhooks"):
        other = await client.get(f"{URL}/{theirs}/{path}", headers=bearer(world.admin.token))
        missing = await client.get(
            f"{URL}/{uuid.uuid4()}/{path}", headers=bearer(world.admin.token)
        )
        parent = await client.get(f"{URL}/{mine}/{path}", headers=bearer(world.parent.token))
        for refused in (other, missing):
            assert refused.status_code == 404, refused.text
            assert refused.json()["code"] == "integration_client_not_found"
        assert parent.status_code == 403
        assert parent.json()["code"] == "role_required"
