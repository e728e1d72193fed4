"""The audit log is append-only in the database itself, and readable by operators."""

from __future__ import annotations

import uuid

import pytest
from httpx import AsyncClient
from sqlalchemy import delete, select, text, update
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncSession

from api.audit import service as audit
from api.audit.models import AuditEvent
from api.config import Settings
from api.identity.deps import Principal
from api.identity.models import AccountLevel, Role
from tests.factories import make_operator, make_person


def _principal(account_id: uuid.UUID, *roles: Role) -> Principal:
    return Principal(
        account_id=account_id,
        roles=frozenset(roles),
        level="confirmed",
        school_id=None,
        session_id=uuid.uuid4(),
    )


async def _one_event(session: AsyncSession) -> AuditEvent:
    actor = _principal(uuid.uuid4(), Role.operator)
    return await audit.record(session, actor, "account.view", "account", uuid.uuid4(), {"n": 1})


@pytest.mark.parametrize(
    "statement",
    [
        lambda event_id: update(AuditEvent).where(AuditEvent.id == event_id).values(action="x.y"),
        lambda event_id: delete(AuditEvent).where(AuditEvent.id == event_id),
        lambda event_id: text("TRUNCATE audit_events"),
    ],
    ids=["update", "delete", "truncate"],
)
async def test_audit_rows_cannot_be_changed_or_removed(
    session: AsyncSession, statement: object
) -> None:
    event = await _one_event(session)
    with pytest.raises(DBAPIError, match="audit_events is append-only"):
        async with session.begin_nested():
            await session.execute(statement(event.id))  # type: ignore[operator]
    kept = await session.scalar(
        select(AuditEvent.action)
        .where(AuditEvent.id == event.id)
        .execution_options(populate_existing=True)
    )
    assert kept == "account.view"


async def test_record_keeps_who_what_and_the_request(session: AsyncSession) -> None:
    actor = _principal(uuid.uuid4(), Role.operator, Role.platform_admin)
    object_id = uuid.uuid4()
    event = await audit.record(
        session,
        actor,
        "document.read",
        "document",
        object_id,
        {"account_id": object_id, "kind": "passport"},
    )
    await session.refresh(event)
    assert event.actor_id == actor.account_id
    assert event.actor_roles == ["operator", "platform_admin"]
    assert event.details == {"account_id": str(object_id), "kind": "passport"}
    assert event.at is not None


async def test_a_document_digest_is_not_taken_for_personal_data(session: AsyncSession) -> None:
    """A SHA-256 hex digest is random: now and then it holds a phone-like run of digits
    (a family signature's audit row failed so, one run in a few)."""
    digest = "a89161234567b" + "c" * 51  # «8 916 123-45-67» between letters
    event = await audit.record(
        session, None, "signature.confirm", "signature", None, {"document_sha256": digest}
    )
    await session.refresh(event)
    assert event.details == {"document_sha256": digest}


@pytest.mark.parametrize(
    "details",
    [
        {"snils": "112-233-445 95"},
        {"phone": "+79161234567"},
        {"note": "паспорт 4509 123456"},
        {"x": {"a": 1}},
    ],
)
async def test_personal_data_is_refused_in_details(
    session: AsyncSession, details: dict[str, object]
) -> None:
    with pytest.raises((ValueError, TypeError)):
        await audit.record(session, None, "account.view", "account", None, details)


async def test_operators_read_the_log_by_object(
    client: AsyncClient, session: AsyncSession, settings: Settings
) -> None:
    operator = await make_operator(session, settings)
    parent = await make_person(session, settings, level=AccountLevel.confirmed)
    await client.get(f"/api/v1/operator/accounts/{parent.id}", headers=operator.headers)
    await client.get(f"/api/v1/operator/accounts/{parent.id}", headers=operator.headers)
    await client.get(f"/api/v1/operator/accounts/{operator.id}", headers=operator.headers)

    answer = await client.get(
        "/api/v1/operator/audit", params={"object_id": str(parent.id)}, headers=operator.headers
    )

    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["total"] == 2
    assert body["limit"] == 50
    assert body["offset"] == 0
    assert {e["action"] for e in body["items"]} == {"account.view"}
    assert all(
        e["actor_id"] == str(operator.id) and e["object_id"] == str(parent.id)
        for e in body["items"]
    )
    assert all(e["request_id"] for e in body["items"])

    by_action = await client.get(
        "/api/v1/operator/audit",
        params={"action": "account.view", "actor_id": str(operator.id)},
        headers=operator.headers,
    )
    assert by_action.json()["total"] == 3
    assert (await client.get("/api/v1/operator/audit", headers=parent.headers)).status_code == 403
