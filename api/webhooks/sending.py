"""Sending deliveries (a job-side unit of work, so it commits): claim, POST, record.

A job sends a *batch*: its own delivery and whatever else is due, up to ``BATCH``. The
contract keeps one procrastinate job per attempt, but when a post writes 25 grades the
first of its jobs sends all 25 and the other 24 find nothing left to claim — the cost
of a delivery is no longer a job's (fetch, claim, record, finish: ≈ 8 round trips, each
slow on a busy database) but a share of three statements and an HTTP exchange.

Three short transactions, as ``api/delivery`` does:

1. claim — one ``UPDATE … WHERE id IN (SELECT … FOR UPDATE SKIP LOCKED LIMIT n)
   RETURNING`` with everything the send needs (event, URL, sealed secrets, whether the
   client is still usable); a delivery another worker holds is not ours. Committed at
   once: no lock is held while receivers are talked to (up to 15 s).
2. send — concurrently, one HTTP session per target (scheme, host, checked address,
   port) of the batch, so connections are kept alive between its deliveries.
3. record — one statement for the whole batch: each attempt appended, the next attempt
   planned on the contract's schedule (0, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 14 h, 20 h,
   24 h after the event, ±10 %) and its job queued, the webhooks' ``failing_since`` kept.
   ``410`` disables the webhook; ``429``/``503`` with ``Retry-After`` push the next
   attempt back; five days of failures disable it (rare: done through the ORM after).

A claim is a lease: a worker that died mid-send leaves ``claimed_at`` set, and after
``LEASE`` any sweep (or the ``requeue_stale`` job) takes the delivery over — at least
once, under the same ``webhook-id``.
"""

from __future__ import annotations

import asyncio
import logging
import random
import ssl
import time
import uuid
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cache
from typing import Any

import aiohttp
import asyncpg
import httpx
import orjson
from sqlalchemy.ext.asyncio import AsyncSession

from api.config import Settings
from api.db import session_driver
from api.identity import clock
from api.jobs.defer import NAMESPACE
from api.security import ssrf
from api.webhooks import events, service, signing
from api.webhooks.models import DeliveryStatus, Webhook, WebhookStatus

logger = logging.getLogger("edudiary.webhooks")

SCHEDULE_S: tuple[int, ...] = (0, 5, 300, 1800, 7200, 18000, 36000, 50400, 72000, 86400)
JITTER = 0.10
TIMEOUT_S = 15.0
AUTO_DISABLE_AFTER = timedelta(days=5)
MAX_RETRY_AFTER = timedelta(hours=24)
# A scheduled job that turns up earlier than its delivery's next attempt is a stray.
EARLY_SLACK = timedelta(seconds=1)
USER_AGENT = "edudiary-webhooks/1"
# Deliveries one job claims at once: a burst of grade posts goes out in a few batches.
BATCH = 100
# Connections to one receiver at once, per batch (the rest wait for a kept-alive one).
CONNECTIONS_PER_TARGET = 16
# A worker killed mid-send leaves its claim; after this another worker may take it over.
# Longer than the slowest batch: every delivery to one receiver that times out, in
# rounds of CONNECTIONS_PER_TARGET (7 × 15 s), so a live sender never loses its claim.
LEASE = timedelta(minutes=3)
assert LEASE.total_seconds() > -(-BATCH // CONNECTIONS_PER_TARGET) * TIMEOUT_S + 30


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


def body_of(event_id: str, event_type: str, event_at: datetime, data: dict[str, Any]) -> bytes:
    """Compact JSON; the same bytes on every attempt of the event."""
    stamp = event_at.astimezone(UTC).isoformat(timespec="milliseconds")
    return orjson.dumps(
        {
            "id": event_id,
            "type": event_type,
            "timestamp": stamp.replace("+00:00", "Z"),
            "data": data,
        }
    )


@cache
def _tls() -> ssl.SSLContext:
    return httpx.create_ssl_context()


def _retry_after(status_code: int, headers: Mapping[str, str]) -> timedelta | None:
    if status_code not in (429, 503):
        return None
    value = headers.get("retry-after", "")
    return timedelta(seconds=int(value)) if value.isdigit() else None


# --- 1. claim ------------------------------------------------------------------------

# What a send needs, read with the claim in the same statement. ``usable``: the client is
# neither revoked nor expired (a revoke stops webhooks at once).
_CLAIM_SQL = """
WITH picked AS (
    SELECT d.id FROM webhook_deliveries d
    WHERE d.status = 'pending'
      AND (d.claimed_at IS NULL OR d.claimed_at < $1::timestamptz - $2::interval)
      AND {which}
    ORDER BY {order}
    LIMIT $4
    FOR UPDATE SKIP LOCKED
)
UPDATE webhook_deliveries d SET claimed_at = $1
FROM picked p, webhook_events e, webhooks w, integration_clients c
WHERE d.id = p.id AND e.id = d.event_id AND w.id = d.webhook_id AND c.id = w.client_id
RETURNING d.id, d.message_id, d.scheduled_attempts, d.next_attempt_at,
          e.id AS event_id, e.type AS event_type, e.data, e.created_at AS event_at,
          w.id AS webhook_id, w.url, w.status AS webhook_status, w.secret_enc,
          w.previous_secret_enc, w.previous_secret_expires_at,
          (c.revoked_at IS NULL AND (c.expires_at IS NULL OR c.expires_at > $1)) AS usable
"""
_DUE = "d.next_attempt_at IS NOT NULL AND d.next_attempt_at <= $1::timestamptz + $3::interval"
# A job's own delivery first (it is why the job exists), then the oldest due ones.
_CLAIM_DUE = _CLAIM_SQL.format(
    which=_DUE,
    order="(d.id = $5::uuid) DESC NULLS LAST, d.next_attempt_at",
)
_CLAIM_ONE = _CLAIM_SQL.format(
    which=f"d.id = $5::uuid AND ($6 OR ({_DUE}))", order="d.next_attempt_at"
)


@dataclass(slots=True)
class Claimed:
    id: uuid.UUID
    message_id: str
    scheduled_attempts: int
    next_attempt_at: datetime | None
    event_at: datetime
    webhook_id: uuid.UUID
    url: str
    sendable: bool  # webhook enabled and its client usable
    body: bytes
    secrets: list[str]


def _claimed(row: asyncpg.Record, now: datetime) -> Claimed:
    webhook_id: uuid.UUID = row["webhook_id"]
    sendable = row["webhook_status"] == WebhookStatus.enabled and bool(row["usable"])
    found: list[str] = []
    if sendable:
        found.append(signing.unseal(row["secret_enc"], webhook_id))
        expires = row["previous_secret_expires_at"]
        if row["previous_secret_enc"] is not None and expires is not None and expires > now:
            found.append(
                signing.unseal(row["previous_secret_enc"], webhook_id, column="previous_secret_enc")
            )
    return Claimed(
        id=row["id"],
        message_id=row["message_id"],
        scheduled_attempts=row["scheduled_attempts"],
        next_attempt_at=row["next_attempt_at"],
        event_at=row["event_at"],
        webhook_id=webhook_id,
        url=row["url"],
        sendable=sendable,
        body=body_of(row["event_id"], row["event_type"], row["event_at"], row["data"]),
        secrets=found,
    )


async def claim_due(
    session: AsyncSession,
    now: datetime,
    *,
    first: uuid.UUID | None = None,
    limit: int = BATCH,
) -> list[Claimed]:
    """Claim (and commit) up to ``limit`` due deliveries, ``first`` among them if it is due."""
    connection = await session_driver(session)
    rows = await connection.fetch(_CLAIM_DUE, now, LEASE, EARLY_SLACK, limit, first)
    await session.commit()
    return [_claimed(row, now) for row in rows]


async def claim_one(
    session: AsyncSession, delivery_id: uuid.UUID, now: datetime, *, manual: bool
) -> Claimed | None:
    """Claim (and commit) one delivery: due, or any pending one for a redelivery."""
    connection = await session_driver(session)
    rows = await connection.fetch(_CLAIM_ONE, now, LEASE, EARLY_SLACK, 1, delivery_id, manual)
    await session.commit()
    return _claimed(rows[0], now) if rows else None


# --- 2. send -------------------------------------------------------------------------


@dataclass(slots=True)
class Attempt:
    delivery: Claimed
    at: datetime
    status_code: int | None
    duration_ms: int
    error: str | None
    retry_after: timedelta | None

    @property
    def ok(self) -> bool:
        return self.error is None


class _Clients:
    """HTTP sessions of one batch, one per target. Connections are pooled by address, and
    two hosts sharing an address must not share a TLS connection made for one of them —
    so the key is the whole target, host name included. aiohttp rather than httpx here:
    measured on this machine, an exchange with a local receiver cost ≈ 3 ms of CPU through
    httpx and ≈ 0.2 ms through aiohttp (bench/README.md), and the sender is CPU-bound."""

    def __init__(self) -> None:
        self._by_target: dict[ssrf.Target, tuple[aiohttp.ClientSession, asyncio.Semaphore]] = {}

    def of(self, target: ssrf.Target) -> tuple[aiohttp.ClientSession, asyncio.Semaphore]:
        found = self._by_target.get(target)
        if found is None:
            session = aiohttp.ClientSession(
                connector=aiohttp.TCPConnector(limit=CONNECTIONS_PER_TARGET),
                timeout=aiohttp.ClientTimeout(total=TIMEOUT_S),
                trust_env=False,
            )
            # Waiting for a connection of the batch is not the receiver's time: the 15 s
            # start once a connection is ours.
            found = session, asyncio.Semaphore(CONNECTIONS_PER_TARGET)
            self._by_target[target] = found
        return found

    async def close(self) -> None:
        await asyncio.gather(*(s.close() for s, _ in self._by_target.values()))


@dataclass(slots=True)
class _Answer:
    status_code: int
    retry_after: timedelta | None


async def post(
    session: aiohttp.ClientSession,
    target: ssrf.Target,
    url: str,
    body: bytes,
    headers: dict[str, str],
) -> _Answer:
    """POST to the address checked just now — never to what a second look-up says.
    Redirects are not followed; the answer's body is not read."""
    default_port = 443 if target.scheme == "https" else 80
    host_header = target.host if target.port == default_port else f"{target.host}:{target.port}"
    pinned = str(httpx.URL(url).copy_with(host=target.address))
    https = target.scheme == "https"
    async with session.post(
        pinned,
        data=body,
        headers={**headers, "Host": host_header},
        allow_redirects=False,
        ssl=_tls() if https else False,
        server_hostname=target.host if https else None,
    ) as response:
        return _Answer(response.status, _retry_after(response.status, response.headers))


async def _send(
    delivery: Claimed,
    clients: _Clients,
    targets: dict[str, asyncio.Future[ssrf.Target]],
    development: bool,
) -> Attempt:
    answer: _Answer | None = None
    error: str | None = None
    started = time.monotonic()
    try:
        # Checked at send time, once per URL and batch (contract §5, SSRF).
        if delivery.url not in targets:
            targets[delivery.url] = asyncio.ensure_future(
                ssrf.check(delivery.url, development=development)
            )
        target = await targets[delivery.url]
        session, turn = clients.of(target)
        async with turn:
            stamp = int(time.time())
            headers = {
                "content-type": "application/json",
                "user-agent": USER_AGENT,
                "webhook-id": delivery.message_id,
                "webhook-timestamp": str(stamp),
                "webhook-signature": signing.signature_header(
                    delivery.secrets, delivery.message_id, stamp, delivery.body
                ),
            }
            started = time.monotonic()
            answer = await post(session, target, delivery.url, delivery.body, headers)
    except ssrf.UnsafeUrl as exc:
        error = f"address_refused: {exc.reason}"
    except TimeoutError:
        error = "timeout"
    except (aiohttp.ClientError, OSError) as exc:
        error = f"connection_error: {type(exc).__name__}"
    duration_ms = int((time.monotonic() - started) * 1000)
    status_code = answer.status_code if answer is not None else None
    if status_code is not None and not 200 <= status_code < 300:
        error = f"HTTP {status_code}"
    return Attempt(
        delivery,
        clock.now(),
        status_code,
        duration_ms,
        error,
        answer.retry_after if answer is not None else None,
    )


async def send_all(claimed: list[Claimed], settings: Settings) -> list[Attempt]:
    """Send every sendable delivery of the batch at once."""
    clients = _Clients()
    targets: dict[str, asyncio.Future[ssrf.Target]] = {}
    development = settings.env == "development"
    try:
        return list(
            await asyncio.gather(
                *(_send(d, clients, targets, development) for d in claimed if d.sendable)
            )
        )
    finally:
        await clients.close()


# --- 3. record -----------------------------------------------------------------------

# One statement for the batch. Per delivery: the attempt (NULL: none was made, the webhook
# is off), the new status, next attempt and error, whether it counts on the schedule, and
# whether a job is queued for the next attempt. Per webhook: ``failing_since``.
_RECORD_SQL = """
WITH r AS (
    SELECT * FROM unnest($1::uuid[], $2::jsonb[], $3::timestamptz[], $4::text[],
                         $5::timestamptz[], $6::text[], $7::bool[], $8::bool[])
        AS r(id, attempt, at, status, next_at, error, counted, requeue)
),
recorded AS (
    UPDATE webhook_deliveries d SET
        attempts = CASE WHEN r.attempt IS NULL THEN d.attempts ELSE d.attempts
            || jsonb_build_array(r.attempt || jsonb_build_object(
                'attempt', jsonb_array_length(d.attempts) + 1)) END,
        status = r.status,
        next_attempt_at = r.next_at,
        last_error = r.error,
        claimed_at = NULL,
        updated_at = coalesce(r.at, d.updated_at),
        scheduled_attempts = d.scheduled_attempts + CASE WHEN r.counted THEN 1 ELSE 0 END
    FROM r WHERE d.id = r.id
    RETURNING d.id
),
jobs AS (
    SELECT procrastinate_defer_jobs_v1(array_agg(ROW(
        'webhooks', 'edudiary:deliver_webhook', 0, NULL, NULL,
        jsonb_build_object('delivery_id', r.id::text), r.next_at
    )::procrastinate_job_to_defer_v1)) AS ids
    FROM r WHERE r.requeue
    HAVING count(*) > 0
),
hooks AS (
    UPDATE webhooks w SET failing_since = CASE WHEN h.reset THEN h.failing_from
                                               ELSE coalesce(w.failing_since, h.failing_from) END
    FROM unnest($9::uuid[], $10::bool[], $11::timestamptz[]) AS h(id, reset, failing_from)
    WHERE w.id = h.id
    RETURNING w.id, w.failing_since
)
SELECT (SELECT count(*) FROM recorded) AS recorded,
       (SELECT coalesce(cardinality(ids), 0) FROM jobs) AS queued,
       (SELECT coalesce(jsonb_object_agg(id::text, failing_since), '{}'::jsonb) FROM hooks)
           AS failing_since
"""
# The job the statement queues is the delivery task on its queue.
assert f"'{events.QUEUE}', '{NAMESPACE}:{events.DELIVER_TASK}'" in _RECORD_SQL


@dataclass(slots=True)
class _Row:
    id: uuid.UUID
    attempt: str | None
    at: datetime | None
    status: str
    next_at: datetime | None
    error: str | None
    counted: bool
    requeue: bool
    outcome: str = "failed"


def _planned(attempt: Attempt, *, manual: bool) -> _Row:
    """The delivery after this attempt: settled, or when it is tried next."""
    d = attempt.delivery
    entry = orjson.dumps(
        {
            "at": attempt.at.isoformat(),
            "response_status": attempt.status_code,
            "duration_ms": attempt.duration_ms,
            "error": attempt.error,
        }
    ).decode()
    done = d.scheduled_attempts + (0 if manual else 1)
    row = _Row(d.id, entry, attempt.at, "", None, attempt.error, not manual, False, "")
    if attempt.ok:
        row.status, row.outcome = DeliveryStatus.succeeded, "succeeded"
        return row
    if attempt.status_code == 410:
        due = None
    elif manual:
        due = d.next_attempt_at  # a redelivery leaves the schedule as it was
    else:
        due = next_attempt_at(d.event_at, done, attempt.at, attempt.retry_after)
    if due is None or (manual and due <= attempt.at):
        row.status, row.outcome = DeliveryStatus.failed, "failed"
    else:
        row.status, row.outcome, row.next_at = DeliveryStatus.pending, "retry", due
        row.requeue = not manual
    return row


def _failing(attempts: list[Attempt]) -> dict[uuid.UUID, tuple[bool, datetime | None]]:
    """Per webhook: whether an attempt succeeded (``failing_since`` restarts) and since when
    it has failed — the first failure after the last success, or the first failure."""
    out: dict[uuid.UUID, tuple[bool, datetime | None]] = {}
    for a in sorted(attempts, key=lambda a: a.at):
        reset, since = out.get(a.delivery.webhook_id, (False, None))
        if a.ok:
            out[a.delivery.webhook_id] = (True, None)
        else:
            out[a.delivery.webhook_id] = (reset, since or a.at)
    return out


async def record(
    session: AsyncSession, claimed: list[Claimed], attempts: list[Attempt], *, manual: bool
) -> dict[uuid.UUID, str]:
    """Write the batch's outcomes (one statement, then the rare disabling) and commit;
    returns each delivery's outcome: ``succeeded``, ``retry`` or ``failed``."""
    rows = [_planned(a, manual=manual) for a in attempts]
    # Claimed but not sent: the webhook is off or its client revoked.
    rows += [
        _Row(d.id, None, None, DeliveryStatus.failed, None, "webhook_disabled", False, False)
        for d in claimed
        if not d.sendable
    ]
    if not rows:
        await session.rollback()
        return {}
    failing = _failing(attempts)
    connection = await session_driver(session)
    result = await connection.fetchrow(
        _RECORD_SQL,
        [r.id for r in rows],
        [r.attempt for r in rows],
        [r.at for r in rows],
        [str(r.status) for r in rows],
        [r.next_at for r in rows],
        [r.error for r in rows],
        [r.counted for r in rows],
        [r.requeue for r in rows],
        list(failing),
        [reset for reset, _ in failing.values()],
        [since for _, since in failing.values()],
    )
    assert result is not None
    since_of: dict[str, Any] = result["failing_since"]
    await _disable_where_due(session, attempts, since_of)
    await session.commit()
    for a, r in zip(attempts, rows, strict=False):
        logger.info(
            "webhook attempt",
            extra={
                "delivery_id": str(r.id),
                "webhook_id": str(a.delivery.webhook_id),
                "response_status": a.status_code,
                "outcome": r.outcome,
            },
        )
    return {r.id: r.outcome for r in rows}


async def _disable_where_due(
    session: AsyncSession, attempts: list[Attempt], since_of: dict[str, Any]
) -> None:
    """``410`` switches the webhook off; failing for five days switches it off and tells
    the school's admins. Both rare, so through the ORM, in the record's transaction."""
    gone = {a.delivery.webhook_id for a in attempts if a.status_code == 410}
    last_failure: dict[uuid.UUID, datetime] = {}
    for a in attempts:
        if not a.ok:
            last_failure[a.delivery.webhook_id] = max(
                a.at, last_failure.get(a.delivery.webhook_id, a.at)
            )
    for webhook_id, failed_at in last_failure.items():
        since = since_of.get(str(webhook_id))
        overdue = since is not None and failed_at - datetime.fromisoformat(since) >= (
            AUTO_DISABLE_AFTER
        )
        if webhook_id not in gone and not overdue:
            continue
        webhook = await session.get(
            Webhook, webhook_id, with_for_update=True, populate_existing=True
        )
        if webhook is None or webhook.status != WebhookStatus.enabled:
            continue
        if webhook_id in gone:
            await service.disable(session, webhook, "gone")
        else:
            await service.auto_disable(session, webhook)


# --- the two ways in -----------------------------------------------------------------


async def deliver_due(
    session: AsyncSession,
    settings: Settings,
    *,
    first: uuid.UUID | None = None,
    limit: int = BATCH,
) -> Counter[str]:
    """Send what is due (``first`` among it, if due): one batch. Returns the outcomes."""
    claimed = await claim_due(session, clock.now(), first=first, limit=limit)
    if not claimed:
        return Counter()
    attempts = await send_all(claimed, settings)
    return Counter((await record(session, claimed, attempts, manual=False)).values())


async def deliver(
    session: AsyncSession, delivery_id: uuid.UUID, settings: Settings, *, manual: bool = False
) -> str:
    """Make one attempt of one delivery; returns what happened (for logs and tests):
    ``skipped`` (not ours, not due, or settled), ``succeeded``, ``retry``, ``failed``.
    ``manual``: a redelivery — any pending delivery, off the schedule."""
    claimed = await claim_one(session, delivery_id, clock.now(), manual=manual)
    if claimed is None:
        return "skipped"
    attempts = await send_all([claimed], settings)
    outcomes = await record(session, [claimed], attempts, manual=manual)
    return outcomes[delivery_id]
