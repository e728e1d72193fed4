"""Replay of create requests: the first response for a key is stored and returned again."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from api.errors import Conflict
from api.i18n import Text
from api.idempotency.models import IdempotencyRecord

RETENTION = timedelta(hours=24)
# A first request holds its key this long. A process killed mid-request never releases
# it: once the lease has run out, a retry takes the key over (nothing of the first attempt
# was committed, or the key would be COMMITTED — see ``mark_committed``).
PENDING_LEASE = timedelta(minutes=2)
PENDING = 0
# The request's own transaction committed its write, but the answer was not stored yet:
# set in that same transaction, so a crash between commit and storing cannot make a retry
# run the write twice.
COMMITTED = -1


@dataclass(frozen=True, slots=True)
class StoredResponse:
    status_code: int
    body: Any


def request_digest(method: str, path: str, body: bytes) -> str:
    return hashlib.sha256(method.encode() + b" " + path.encode() + b"\n" + body).hexdigest()


_IN_PROGRESS = Conflict(
    code="idempotency_request_in_progress",
    detail=Text(
        "Запрос с этим ключом Idempotency-Key ещё выполняется: повторите его через секунду",
        "A request with this Idempotency-Key is still running: retry in a second",
    ),
    headers={"Retry-After": "1"},
)


_ALREADY_DONE = Conflict(
    code="idempotency_request_completed",
    detail=Text(
        "Запрос с этим ключом Idempotency-Key уже выполнен, но его ответ не сохранился: не "
        "повторяйте его, а обновите данные (например, список)",
        "The request with this Idempotency-Key was carried out, but its answer was not kept: "
        "do not repeat it; reload the data (e.g. the list) instead",
    ),
)


def _reused() -> Conflict:
    return Conflict(
        code="idempotency_key_reused",
        detail=Text(
            "Этот ключ Idempotency-Key уже использован для другого запроса",
            "This Idempotency-Key was already used for a different request",
        ),
    )


async def lookup(
    session: AsyncSession, *, principal: str, key: str, digest: str
) -> StoredResponse | None:
    record = await session.scalar(
        select(IdempotencyRecord).where(
            IdempotencyRecord.principal == principal,
            IdempotencyRecord.key == key,
            IdempotencyRecord.expires_at > datetime.now(UTC),
        )
    )
    if record is None:
        return None
    if record.request_hash != digest:
        raise _reused()
    if record.status_code == PENDING:
        raise _IN_PROGRESS
    if record.status_code == COMMITTED:
        raise _ALREADY_DONE
    return StoredResponse(record.status_code, record.response_body)


async def claim(session: AsyncSession, *, principal: str, key: str, digest: str) -> bool:
    """Reserve the key for a first request. False when someone holds it already."""
    await session.execute(
        delete(IdempotencyRecord).where(
            IdempotencyRecord.principal == principal,
            IdempotencyRecord.key == key,
            IdempotencyRecord.expires_at <= datetime.now(UTC),
        )
    )
    result = await session.execute(
        insert(IdempotencyRecord)
        .values(
            principal=principal,
            key=key,
            request_hash=digest,
            status_code=PENDING,
            response_body=None,
            expires_at=datetime.now(UTC) + PENDING_LEASE,
        )
        .on_conflict_do_nothing(index_elements=["principal", "key"])
        .returning(IdempotencyRecord.id)
    )
    return result.first() is not None


async def complete(
    session: AsyncSession, *, principal: str, key: str, status_code: int, body: Any
) -> None:
    await session.execute(
        update(IdempotencyRecord)
        .where(IdempotencyRecord.principal == principal, IdempotencyRecord.key == key)
        .values(
            status_code=status_code,
            response_body=body,
            expires_at=datetime.now(UTC) + RETENTION,
        )
    )


def mark_committed_statement(principal: str, key: str) -> Any:
    """The UPDATE the request's transaction runs just before it commits."""
    return (
        update(IdempotencyRecord)
        .where(
            IdempotencyRecord.principal == principal,
            IdempotencyRecord.key == key,
            IdempotencyRecord.status_code == PENDING,
        )
        .values(status_code=COMMITTED, expires_at=datetime.now(UTC) + RETENTION)
    )


async def release(session: AsyncSession, *, principal: str, key: str) -> None:
    """The first request failed: forget the key so the client can retry with it.

    A refusal may still have committed (a wrong code spends a try): it is forgotten too,
    since a refusal is not replayed."""
    await session.execute(
        delete(IdempotencyRecord).where(
            IdempotencyRecord.principal == principal,
            IdempotencyRecord.key == key,
            IdempotencyRecord.status_code.in_((PENDING, COMMITTED)),
        )
    )


async def store(
    session: AsyncSession, *, principal: str, key: str, digest: str, status_code: int, body: Any
) -> None:
    if await claim(session, principal=principal, key=key, digest=digest):
        await complete(session, principal=principal, key=key, status_code=status_code, body=body)


async def purge_expired(session: AsyncSession, *, now: datetime | None = None) -> int:
    result = await session.execute(
        delete(IdempotencyRecord).where(IdempotencyRecord.expires_at <= (now or datetime.now(UTC)))
    )
    return int(getattr(result, "rowcount", 0) or 0)
