"""Sending one delivery (a job-side unit of work, so it commits): claim, POST, record.

Three short transactions, as ``api/delivery`` does: claim the row (``SKIP LOCKED``: a
delivery another worker holds is not ours), commit — no lock is held while the receiver
is talked to (up to 15 s) — then record the attempt and, on failure, queue the next one
on the contract's schedule (0, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 14 h, 20 h, 24 h after
the event, ±10 %), in the same transaction as the record. ``410`` disables the webhook;
``429``/``503`` with ``Retry-After`` push the next attempt back.
"""

from __future__ import annotations

import logging
import random
import ssl
import time
import uuid
from datetime import UTC, datetime, timedelta
from functools import cache
from typing import Any

import httpx
import orjson
from sqlalchemy import ColumnElement, and_, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.config import Settings
from api.identity import clock
from api.integrations.models import IntegrationClient
from api.webhooks import events, service, signing, ssrf
from api.webhooks.models import (
    DeliveryStatus,
    Webhook,
    WebhookDelivery,
    WebhookEvent,
    WebhookStatus,
)

logger = logging.getLogger("edudiary.webhooks")

SCHEDULE_S: tuple[int, ...] = (0, 5, 300, 1800, 7200, 18000, 36000, 50400, 72000, 86400)
JITTER = 0.10
TIMEOUT_S = 15.0
# A worker killed mid-send leaves its claim; after this another worker may take it over.
LEASE = timedelta(seconds=60)
AUTO_DISABLE_AFTER = timedelta(days=5)
MAX_RETRY_AFTER = timedelta(hours=24)
# A scheduled job that turns up earlier than its delivery's next attempt is a stray.
EARLY_SLACK = timedelta(seconds=1)
USER_AGENT = "edudiary-webhooks/1"


def next_attempt_at(
    event_at: datetime, done: int, now: datetime, retry_after: timedelta | None = None
) -> datetime | None:
    """When the attempt after ``done`` scheduled attempts is due (None: no more)."""
    if done >= len(SCHEDULE_S):
        return None
    offset = SCHEDULE_S[done] * random.uniform(1 - JITTER, 1 + JITTER)  # noqa: S311
    due = max(event_at + timedelta(seconds=offset), now)
    if retry_after is not None:
        due = max(due, now + min(retry_after, MAX_RETRY_AFTER))
    return due


def body_of(event: WebhookEvent) -> bytes:
    """Compact JSON; the same bytes on every attempt of the event."""
    stamp = event.created_at.astimezone(UTC).isoformat(timespec="milliseconds")
    return orjson.dumps(
        {
            "id": event.id,
            "type": event.type,
            "timestamp": stamp.replace("+00:00", "Z"),
            "data": event.data,
        }
    )


def signing_secrets(webhook: Webhook, now: datetime) -> list[str]:
    found = [signing.unseal(webhook.secret_enc, webhook.id)]
    if (
        webhook.previous_secret_enc is not None
        and webhook.previous_secret_expires_at is not None
        and webhook.previous_secret_expires_at > now
    ):
        found.append(
            signing.unseal(webhook.previous_secret_enc, webhook.id, column="previous_secret_enc")
        )
    return found


@cache
def _tls() -> ssl.SSLContext:
    return httpx.create_ssl_context()


def _retry_after(response: httpx.Response) -> timedelta | None:
    if response.status_code not in (429, 503):
        return None
    value = response.headers.get("retry-after", "")
    return timedelta(seconds=int(value)) if value.isdigit() else None


async def post(
    url: str, body: bytes, headers: dict[str, str], *, development: bool
) -> httpx.Response:
    """POST to the address checked just now — never to what a second look-up says."""
    target = await ssrf.check(url, development=development)
    parsed = httpx.URL(url)
    default_port = 443 if target.scheme == "https" else 80
    host_header = target.host if target.port == default_port else f"{target.host}:{target.port}"
    pinned = parsed.copy_with(host=target.address)
    # A client per send: pooled connections are keyed by address, and two hosts sharing
    # an address must not share a TLS connection made for one of them.
    async with httpx.AsyncClient(
        verify=_tls(), timeout=TIMEOUT_S, follow_redirects=False, trust_env=False
    ) as client:
        request = client.build_request(
            "POST",
            pinned,
            content=body,
            headers={**headers, "Host": host_header},
            extensions={"sni_hostname": target.host},
        )
        return await client.send(request)


def _client_usable(now: datetime) -> ColumnElement[bool]:
    c = IntegrationClient
    return and_(c.revoked_at.is_(None), or_(c.expires_at.is_(None), c.expires_at > now))


async def _claim(
    session: AsyncSession, delivery_id: uuid.UUID, now: datetime, *, manual: bool
) -> tuple[WebhookDelivery, WebhookEvent, Webhook, bool] | None:
    d = WebhookDelivery
    query = (
        select(d, WebhookEvent, Webhook, _client_usable(now))
        .join(WebhookEvent, WebhookEvent.id == d.event_id)
        .join(Webhook, Webhook.id == d.webhook_id)
        .join(IntegrationClient, IntegrationClient.id == Webhook.client_id)
        .where(
            d.id == delivery_id,
            d.status == DeliveryStatus.pending,
            or_(d.claimed_at.is_(None), d.claimed_at < now - LEASE),
        )
        .with_for_update(skip_locked=True, of=d)
    )
    if not manual:
        query = query.where(
            and_(d.next_attempt_at.is_not(None), d.next_attempt_at <= now + EARLY_SLACK)
        )
    row = (await session.execute(query)).first()
    if row is None:
        return None
    delivery, event, webhook, usable = row
    delivery.claimed_at = now
    return delivery, event, webhook, bool(usable)


async def deliver(
    session: AsyncSession, delivery_id: uuid.UUID, settings: Settings, *, manual: bool = False
) -> str:
    """Make one attempt of the delivery; returns what happened (for logs and tests):
    ``skipped`` (not ours, not due, or settled), ``succeeded``, ``retry``, ``failed``."""
    now = clock.now()
    claimed = await _claim(session, delivery_id, now, manual=manual)
    if claimed is None:
        await session.rollback()
        return "skipped"
    delivery, event, webhook, usable = claimed
    # Enabled, and its client still usable (a revoke stops webhooks at once) — read with
    # the claim, in the same round trip.
    if webhook.status != WebhookStatus.enabled or not usable:
        delivery.status = DeliveryStatus.failed
        delivery.claimed_at = None
        delivery.next_attempt_at = None
        delivery.last_error = "webhook_disabled"
        await session.commit()
        return "failed"
    await session.commit()

    body = body_of(event)
    stamp = int(time.time())
    headers = {
        "content-type": "application/json",
        "user-agent": USER_AGENT,
        "webhook-id": delivery.message_id,
        "webhook-timestamp": str(stamp),
        "webhook-signature": signing.signature_header(
            signing_secrets(webhook, now), delivery.message_id, stamp, body
        ),
    }
    started = time.monotonic()
    response: httpx.Response | None = None
    error: str | None = None
    try:
        response = await post(webhook.url, body, headers, development=settings.env == "development")
    except ssrf.UnsafeUrl as exc:
        error = f"address_refused: {exc.reason}"
    except httpx.TimeoutException:
        error = "timeout"
    except httpx.HTTPError as exc:
        error = f"connection_error: {type(exc).__name__}"
    duration_ms = int((time.monotonic() - started) * 1000)
    status_code = response.status_code if response is not None else None
    ok = status_code is not None and 200 <= status_code < 300
    if status_code is not None and not ok:
        error = f"HTTP {status_code}"
    return await _record(
        session,
        delivery.id,
        webhook.id,
        event.created_at,
        attempt_at=clock.now(),
        status_code=status_code,
        duration_ms=duration_ms,
        error=error,
        retry_after=_retry_after(response) if response is not None else None,
        manual=manual,
    )


async def _record(
    session: AsyncSession,
    delivery_id: uuid.UUID,
    webhook_id: uuid.UUID,
    event_at: datetime,
    *,
    attempt_at: datetime,
    status_code: int | None,
    duration_ms: int,
    error: str | None,
    retry_after: timedelta | None,
    manual: bool,
) -> str:
    delivery = await session.get(WebhookDelivery, delivery_id, with_for_update=True)
    webhook = await session.get(Webhook, webhook_id, with_for_update=True)
    assert delivery is not None
    assert webhook is not None
    ok = error is None
    attempt: dict[str, Any] = {
        "attempt": len(delivery.attempts) + 1,
        "at": attempt_at.isoformat(),
        "response_status": status_code,
        "duration_ms": duration_ms,
        "error": error,
    }
    delivery.attempts = [*delivery.attempts, attempt]
    delivery.claimed_at = None
    delivery.updated_at = attempt_at
    delivery.last_error = error
    if not manual:
        delivery.scheduled_attempts += 1
    outcome: str
    if ok:
        delivery.status = DeliveryStatus.succeeded
        delivery.next_attempt_at = None
        webhook.failing_since = None
        outcome = "succeeded"
    else:
        if webhook.failing_since is None:
            webhook.failing_since = attempt_at
        if status_code == 410:
            await service.disable(session, webhook, "gone")
        elif attempt_at - webhook.failing_since >= AUTO_DISABLE_AFTER:
            await service.auto_disable(session, webhook)
        due = (
            None
            if status_code == 410
            else (
                delivery.next_attempt_at
                if manual
                else next_attempt_at(event_at, delivery.scheduled_attempts, attempt_at, retry_after)
            )
        )
        if due is None or (manual and due <= attempt_at):
            delivery.status = DeliveryStatus.failed
            delivery.next_attempt_at = None
            outcome = "failed"
        else:
            delivery.next_attempt_at = due
            outcome = "retry"
            if not manual:
                await events.queue(session, delivery.id, at=due)
    await session.commit()
    logger.info(
        "webhook attempt",
        extra={
            "delivery_id": str(delivery_id),
            "webhook_id": str(webhook_id),
            "response_status": status_code,
            "outcome": outcome,
        },
    )
    return outcome
