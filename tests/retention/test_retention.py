"""Retention: each period tried just inside and just past, with literal values.

Every kind of row gets two: one a minute short of its period (kept) and one a minute past
it (deleted). The periods are written here as numbers, never read from the policy, so a
changed period fails this test until the docs and the test change with it.
"""

from __future__ import annotations

import json
import logging
import uuid
from datetime import UTC, datetime, timedelta

import pytest
from httpx import AsyncClient
from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.applications.models import Application, ApplicationStatus
from api.audit.models import AuditEvent
from api.config import Settings
from api.delivery.models import Channel, DeliveryStatus, OutboundMessage
from api.idempotency.models import IdempotencyRecord
from api.identity.models import (
    AccountLevel,
    CodePurpose,
    LoginChallenge,
    LoginLockout,
    OneTimeCode,
    RefreshSession,
    RefreshToken,
    ThrottleEvent,
)
from api.reports.models import ReportExport
from api.retention import service
from api.stream.models import StreamEvent
from api.verification.models import ConfirmationCode
from tests.diary.world import make_school
from tests.factories import child_body, make_person

NOW = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)
MINUTE = timedelta(minutes=1)


def around(period: timedelta) -> tuple[datetime, datetime]:
    """(a minute short of the period ago, a minute past it)."""
    return NOW - period + MINUTE, NOW - period - MINUTE


async def _world(
    client: AsyncClient, session: AsyncSession, settings: Settings
) -> dict[str, list[object]]:
    person = await make_person(session, settings, level=AccountLevel.confirmed)
    account = person.id
    child = await client.post("/api/v1/me/children", json=child_body(), headers=person.headers)
    assert child.status_code == 201, child.text
    child_id = uuid.UUID(child.json()["id"])
    await session.execute(delete(RefreshSession).where(RefreshSession.account_id == account))
    day = timedelta(hours=24)
    month = timedelta(days=30)
    rows: dict[str, list[object]] = {}

    def pair(name: str, make: object, period: timedelta) -> None:
        kept, gone = around(period)
        rows[name] = [make(kept), make(gone)]  # type: ignore[operator]

    pair(
        "one_time_codes",
        lambda at: OneTimeCode(
            account_id=account, purpose=CodePurpose.login, channel="sms", recipient_hash="h",
            code_hash="c", created_at=at - timedelta(minutes=5), expires_at=at,
        ),
        day,
    )  # fmt: skip
    pair(
        "login_challenges",
        lambda at: LoginChallenge(
            account_id=account, methods=["sms"], created_at=at - timedelta(minutes=5), expires_at=at
        ),
        day,
    )
    pair(
        "confirmation_codes",
        lambda at: ConfirmationCode(
            account_id=account, code_hash="c", created_at=at - timedelta(days=30), expires_at=at
        ),
        day,
    )
    pair(
        "refresh_sessions",
        lambda at: RefreshSession(
            account_id=account, created_at=at - timedelta(days=90), last_used_at=at,
            expires_at=at,
        ),
        month,
    )  # fmt: skip
    kept, gone = around(month)
    rows["revoked_sessions"] = [
        RefreshSession(
            account_id=account, created_at=at - timedelta(days=1), last_used_at=at,
            expires_at=NOW + timedelta(days=60), revoked_at=at,
        )
        for at in (kept, gone)
    ]  # fmt: skip
    pair("throttle_events", lambda at: ThrottleEvent(bucket="b", created_at=at), day)
    pair(
        "idempotency_records",
        lambda at: IdempotencyRecord(
            principal="p", key=str(at), request_hash="h", status_code=201, expires_at=at
        ),
        timedelta(0),
    )
    pair(
        "sent_messages",
        lambda at: OutboundMessage(
            channel=Channel.sms, recipient="+79161234567", body="", purpose="login",
            status=DeliveryStatus.sent, sent_at=at,
        ),
        month,
    )  # fmt: skip
    pair(
        "stream_events",
        lambda at: StreamEvent(
            account_id=account, type="notification",
            data={"type": "notification", "id": str(uuid.uuid4())}, created_at=at,
        ),
        timedelta(days=7),
    )  # fmt: skip
    # Queued a year ago and never sent: not «delivered», kept for the delivery job.
    rows["queued_messages"] = [
        OutboundMessage(
            channel=Channel.sms, recipient="+79161234567", body="", purpose="login",
            status=DeliveryStatus.queued, created_at=NOW - timedelta(days=365),
        )
    ]  # fmt: skip
    pair(
        "withdrawn_applications",
        lambda at: Application(
            applicant_id=account, child_id=child_id, status=ApplicationStatus.withdrawn,
            created_at=at - timedelta(days=10), updated_at=at,
        ),
        timedelta(days=365),
    )  # fmt: skip
    school = make_school("Europe/Moscow", f"Школа {uuid.uuid4().hex[:6]}")
    session.add(school)
    await session.flush()
    pair(
        "report_exports",
        lambda at: ReportExport(
            requested_by=account, school_id=school.id, kind="class_summary", format="xlsx",
            params={}, status="done", progress=100, created_at=at - timedelta(days=7),
            expires_at=at,
        ),
        timedelta(0),
    )  # fmt: skip
    rows["rejected_applications"] = [
        Application(
            applicant_id=account, child_id=child_id, status=ApplicationStatus.rejected,
            created_at=NOW - timedelta(days=800), updated_at=NOW - timedelta(days=800),
        )
    ]  # fmt: skip
    # Unknown-login counters: forgotten 24 hours after the last failure, unless locked.
    rows["login_lockouts"] = [
        LoginLockout(key="recent", last_failed_login_at=NOW - timedelta(hours=24) + MINUTE),
        LoginLockout(key="locked", last_failed_login_at=NOW - timedelta(hours=30),
                     locked_until=NOW + MINUTE),
        LoginLockout(key="forgotten", last_failed_login_at=NOW - timedelta(hours=24) - MINUTE),
    ]  # fmt: skip
    for group in rows.values():
        session.add_all(group)
    await session.flush()
    return rows


async def _alive(session: AsyncSession, row: object) -> bool:
    if isinstance(row, StreamEvent):
        # Renumbered when its insert ended (migration 0040): the id the ORM read back was
        # the provisional one; found by the thing it announces instead.
        found = select(func.count()).where(StreamEvent.data["id"].astext == row.data["id"])
        return bool(await session.scalar(found))
    model = type(row)
    key = model.__mapper__.primary_key[0]  # type: ignore[attr-defined]
    value = getattr(row, key.key)
    return bool(await session.scalar(select(func.count()).select_from(model).where(key == value)))


async def test_each_period_keeps_the_row_a_minute_short_and_deletes_the_one_a_minute_past(
    client: AsyncClient, session: AsyncSession, settings: Settings
) -> None:
    rows = await _world(client, session, settings)

    counts = await service.run(session, NOW)

    alive = {name: [await _alive(session, row) for row in group] for name, group in rows.items()}
    assert alive == {
        "one_time_codes": [True, False],
        "login_challenges": [True, False],
        "confirmation_codes": [True, False],
        "refresh_sessions": [True, False],
        "revoked_sessions": [True, False],
        "throttle_events": [True, False],
        "idempotency_records": [True, False],
        "sent_messages": [True, False],
        "stream_events": [True, False],
        "queued_messages": [True],
        "withdrawn_applications": [True, False],
        "report_exports": [True, False],
        "rejected_applications": [True],
        "login_lockouts": [True, True, False],
    }
    assert counts == {
        "one_time_codes": 1,
        "login_challenges": 1,
        "confirmation_codes": 1,
        "refresh_sessions": 2,
        "throttle_events": 1,
        "login_lockouts": 1,
        "idempotency_records": 1,
        "sent_messages": 1,
        "stream_events": 1,
        "withdrawn_applications": 1,
        "unsent_attachments": 0,
        "report_exports": 1,
        "account_erasures": 0,  # none asked for (tests/privacy/test_erasure.py)
        "left_pupils": 0,  # nobody left the school (tests/retention/test_left_pupils.py)
    }


async def test_a_dry_run_counts_and_deletes_nothing_a_real_run_is_audited_and_logged(
    client: AsyncClient, session: AsyncSession, settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    rows = await _world(client, session, settings)
    audits = (
        select(func.count()).select_from(AuditEvent).where(AuditEvent.action == "retention.purged")
    )

    dry = await service.run(session, NOW, dry_run=True)

    assert dry["refresh_sessions"] == 2
    assert sum(dry.values()) == 12
    assert all([await _alive(session, row) for group in rows.values() for row in group])
    assert await session.scalar(audits) == 0

    with caplog.at_level(logging.INFO, logger="edudiary.retention"):
        real = await service.run(session, NOW)

    assert real == dry
    event = (
        await session.scalars(select(AuditEvent).where(AuditEvent.action == "retention.purged"))
    ).one()
    assert event.actor_id is None
    assert event.details == dry
    line = next(r for r in caplog.records if r.getMessage() == "retention removed rows")
    assert line.removed == dry  # type: ignore[attr-defined]
    assert line.total == 12  # type: ignore[attr-defined]
    json.dumps(line.removed)  # type: ignore[attr-defined]
    # A refresh token goes with its session.
    assert await session.scalar(select(func.count()).select_from(RefreshToken)) == 0
