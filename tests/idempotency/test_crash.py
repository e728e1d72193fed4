"""A process killed mid-request leaves no key stuck, and no write is run twice."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

import pytest
from fastapi import APIRouter
from httpx import ASGITransport, AsyncClient
from sqlalchemy import func, select, text, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from api.config import Settings
from api.db import SessionDep
from api.idempotency import middleware, service
from api.idempotency.models import IdempotencyRecord
from api.identity.models import ThrottleEvent
from api.main import create_app

BUCKET = "idempotency-crash-probe"
PAYLOAD = json.dumps({"name": "контрольная"}).encode()


@pytest.fixture
async def probe(
    settings: Settings, sessionmaker: async_sessionmaker[AsyncSession]
) -> AsyncIterator[AsyncClient]:
    app = create_app(settings, manage_database=False)
    app.state.sessionmaker = sessionmaker
    router = APIRouter(prefix="/api/v1/_probe", tags=["probe"])

    @router.post("/writes", status_code=201)
    async def write(session: SessionDep) -> dict[str, int]:
        await session.execute(
            text("INSERT INTO throttle_events (bucket, created_at) VALUES (:b, now())"),
            {"b": BUCKET},
        )
        count = await session.scalar(
            select(func.count()).select_from(ThrottleEvent).where(ThrottleEvent.bucket == BUCKET)
        )
        return {"writes": int(count or 0)}

    app.include_router(router)
    transport = ASGITransport(app=app, raise_app_exceptions=False)
    async with AsyncClient(transport=transport, base_url="http://t") as client:
        yield client


async def _writes(session: AsyncSession) -> int:
    count = await session.scalar(
        select(func.count()).select_from(ThrottleEvent).where(ThrottleEvent.bucket == BUCKET)
    )
    return int(count or 0)


async def _let_time_pass(session: AsyncSession, key: str, *, seconds: int) -> None:
    """Move the key's deadline into the past, as if ``seconds`` had gone by."""
    await session.execute(
        update(IdempotencyRecord)
        .where(IdempotencyRecord.key == key)
        .values(expires_at=IdempotencyRecord.expires_at - text(f"interval '{seconds} seconds'"))
    )
    await session.commit()


async def _post(client: AsyncClient, key: str) -> Any:
    return await client.post(
        "/api/v1/_probe/writes",
        content=PAYLOAD,
        headers={"Idempotency-Key": key, "Content-Type": "application/json"},
    )


async def test_a_key_held_by_a_killed_request_is_taken_over_after_two_minutes(
    probe: AsyncClient, session: AsyncSession
) -> None:
    # The first request claimed the key, then its process was killed before it committed.
    digest = service.request_digest("POST", "/api/v1/_probe/writes", PAYLOAD)
    assert await service.claim(session, principal="anonymous", key="k-crash", digest=digest)
    await session.commit()

    await _let_time_pass(session, "k-crash", seconds=119)
    still_held = await _post(probe, "k-crash")
    await _let_time_pass(session, "k-crash", seconds=2)
    retry = await _post(probe, "k-crash")
    replay = await _post(probe, "k-crash")

    assert still_held.status_code == 409
    assert still_held.json()["code"] == "idempotency_request_in_progress"
    assert retry.status_code == 201
    assert retry.json() == {"writes": 1}
    assert replay.json() == {"writes": 1}
    assert await _writes(session) == 1


async def test_a_write_committed_before_the_crash_is_never_run_again(
    probe: AsyncClient, session: AsyncSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def killed(*args: object) -> None:
        return None  # the process died after the commit, before the answer was stored

    monkeypatch.setattr(middleware, "_finish", killed)
    first = await _post(probe, "k-done")
    monkeypatch.undo()
    await _let_time_pass(session, "k-done", seconds=3600)
    retry = await _post(probe, "k-done")

    assert first.status_code == 201
    assert retry.status_code == 409
    assert retry.json()["code"] == "idempotency_request_completed"
    assert "уже выполнен" in retry.json()["detail"]
    assert await _writes(session) == 1
    record = await session.scalar(
        select(IdempotencyRecord).where(IdempotencyRecord.key == "k-done")
    )
    assert record is not None
    assert record.status_code == service.COMMITTED
