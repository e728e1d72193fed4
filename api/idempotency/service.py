"""Replay of create requests: the first response for a key is stored and returned again."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from api.errors import Conflict
from api.i18n import Text
from api.idempotency.models import IdempotencyRecord

RETENTION = timedelta(hours=24)


@dataclass(frozen=True, slots=True)
class StoredResponse:
    status_code: int
    body: Any


def request_digest(method: str, path: str, body: bytes) -> str:
    return hashlib.sha256(method.encode() + b" " + path.encode() + b"\n" + body).hexdigest()


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
        raise Conflict(
            code="idempotency_key_reused",
            detail=Text(
                "Этот ключ Idempotency-Key уже использован для другого запроса",
                "This Idempotency-Key was already used for a different request",
            ),
        )
    return StoredResponse(record.status_code, record.response_body)


async def store(
    session: AsyncSession, *, principal: str, key: str, digest: str, status_code: int, body: Any
) -> None:
    now = datetime.now(UTC)
    await session.execute(
        insert(IdempotencyRecord)
        .values(
            principal=principal,
            key=key,
            request_hash=digest,
            status_code=status_code,
            response_body=body,
            expires_at=now + RETENTION,
        )
        .on_conflict_do_nothing(index_elements=["principal", "key"])
    )


async def purge_expired(session: AsyncSession, *, now: datetime | None = None) -> int:
    result = await session.execute(
        delete(IdempotencyRecord).where(IdempotencyRecord.expires_at <= (now or datetime.now(UTC)))
    )
    return int(getattr(result, "rowcount", 0) or 0)
