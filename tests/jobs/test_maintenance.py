from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from api.errors import Conflict
from api.idempotency import service as idempotency
from api.idempotency.models import IdempotencyRecord
from api.jobs import runtime
from api.retention.tasks import apply_retention


async def test_replay_returns_the_first_response_and_other_body_conflicts(
    session: AsyncSession,
) -> None:
    digest = idempotency.request_digest("POST", "/api/v1/x", b'{"a":1}')
    await idempotency.store(
        session, principal="u1", key="k1", digest=digest, status_code=201, body={"id": 7}
    )

    stored = await idempotency.lookup(session, principal="u1", key="k1", digest=digest)
    assert stored == idempotency.StoredResponse(201, {"id": 7})
    assert await idempotency.lookup(session, principal="u2", key="k1", digest=digest) is None
    other = idempotency.request_digest("POST", "/api/v1/x", b'{"a":2}')
    with pytest.raises(Conflict):
        await idempotency.lookup(session, principal="u1", key="k1", digest=other)


async def test_periodic_purge_removes_only_expired_records(
    session: AsyncSession, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    now = datetime.now(UTC)
    session.add_all(
        [
            IdempotencyRecord(
                principal="u",
                key="old",
                request_hash="h",
                status_code=201,
                response_body={},
                expires_at=now - timedelta(minutes=1),
            ),
            IdempotencyRecord(
                principal="u",
                key="fresh",
                request_hash="h",
                status_code=201,
                response_body={},
                expires_at=now + timedelta(hours=1),
            ),
        ]
    )
    await session.commit()
    runtime.bind_sessionmaker(sessionmaker)

    removed = await apply_retention(timestamp=int(now.timestamp()))

    assert removed["idempotency_records"] == 1
    keys = (await session.scalars(select(IdempotencyRecord.key))).all()
    assert list(keys) == ["fresh"]
    assert await session.scalar(select(func.count()).select_from(IdempotencyRecord)) == 1
