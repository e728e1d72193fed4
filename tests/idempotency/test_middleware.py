"""Creates with ``Idempotency-Key``: a replay returns the first response, nothing twice."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from fastapi import APIRouter, Response
from httpx import ASGITransport, AsyncClient
from pydantic import BaseModel
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from api.config import Settings
from api.idempotency import service
from api.idempotency.models import IdempotencyRecord
from api.main import create_app


class ThingIn(BaseModel):
    name: str


@pytest.fixture
async def probe(
    settings: Settings, sessionmaker: async_sessionmaker[AsyncSession]
) -> AsyncIterator[tuple[AsyncClient, list[str]]]:
    created: list[str] = []
    app = create_app(settings, manage_database=False)
    app.state.sessionmaker = sessionmaker
    router = APIRouter(prefix="/api/v1/_probe", tags=["probe"])

    @router.post("/things", status_code=201)
    async def create_thing(body: ThingIn) -> dict[str, object]:
        created.append(body.name)
        return {"number": len(created), "name": body.name}

    @router.post("/secrets", status_code=201)
    async def create_secret(response: Response) -> dict[str, str]:
        created.append("secret")
        response.headers["Cache-Control"] = "no-store"
        return {"code": "ONCE-ONLY"}

    app.include_router(router)
    transport = ASGITransport(app=app, raise_app_exceptions=False)
    async with AsyncClient(transport=transport, base_url="http://t") as client:
        yield client, created


async def test_replay_returns_first_response_and_runs_once(
    probe: tuple[AsyncClient, list[str]],
) -> None:
    client, created = probe
    headers = {"Idempotency-Key": "k-1"}

    first = await client.post("/api/v1/_probe/things", json={"name": "a"}, headers=headers)
    second = await client.post("/api/v1/_probe/things", json={"name": "a"}, headers=headers)

    assert first.status_code == second.status_code == 201
    assert first.json() == second.json() == {"number": 1, "name": "a"}
    assert second.headers["idempotent-replayed"] == "true"
    assert created == ["a"]


async def test_same_key_with_another_body_is_409(probe: tuple[AsyncClient, list[str]]) -> None:
    client, created = probe
    await client.post("/api/v1/_probe/things", json={"name": "a"}, headers={"Idempotency-Key": "k"})

    other = await client.post(
        "/api/v1/_probe/things", json={"name": "b"}, headers={"Idempotency-Key": "k"}
    )

    assert other.status_code == 409
    assert other.json()["code"] == "idempotency_key_reused"
    assert created == ["a"]


async def test_failed_first_request_frees_the_key_for_a_corrected_retry(
    probe: tuple[AsyncClient, list[str]], session: AsyncSession
) -> None:
    client, created = probe
    headers = {"Idempotency-Key": "k-2"}

    bad = await client.post("/api/v1/_probe/things", json={"nom": "a"}, headers=headers)
    assert bad.status_code == 422
    count = select(func.count()).select_from(IdempotencyRecord)
    assert await session.scalar(count) == 0

    good = await client.post("/api/v1/_probe/things", json={"name": "a"}, headers=headers)
    assert good.status_code == 201
    assert created == ["a"]


async def test_concurrent_twin_gets_409_while_first_runs(
    probe: tuple[AsyncClient, list[str]], session: AsyncSession
) -> None:
    client, created = probe
    body = b'{"name":"a"}'
    digest = service.request_digest("POST", "/api/v1/_probe/things", body)
    assert await service.claim(session, principal="anonymous", key="k-3", digest=digest)
    await session.commit()

    twin = await client.post(
        "/api/v1/_probe/things",
        content=body,
        headers={"Idempotency-Key": "k-3", "Content-Type": "application/json"},
    )

    assert twin.status_code == 409
    assert twin.json()["code"] == "idempotency_request_in_progress"
    assert twin.headers["retry-after"] == "1"
    assert created == []


async def test_keys_are_per_caller(probe: tuple[AsyncClient, list[str]]) -> None:
    client, created = probe
    await client.post("/api/v1/_probe/things", json={"name": "a"}, headers={"Idempotency-Key": "k"})

    with_bad_token = await client.post(
        "/api/v1/_probe/things",
        json={"name": "a"},
        headers={"Idempotency-Key": "k", "Authorization": "Bearer not-a-token"},
    )

    # An unverifiable caller is not matched to anyone's stored response.
    assert "idempotent-replayed" not in with_bad_token.headers
    assert created == ["a", "a"]


async def test_invalid_key_is_400(probe: tuple[AsyncClient, list[str]]) -> None:
    client, _ = probe

    response = await client.post(
        "/api/v1/_probe/things", json={"name": "a"}, headers={"Idempotency-Key": "x" * 300}
    )

    assert response.status_code == 400
    assert response.json()["code"] == "idempotency_key_invalid"


async def test_no_store_responses_are_never_kept(
    probe: tuple[AsyncClient, list[str]], session: AsyncSession
) -> None:
    client, created = probe

    await client.post("/api/v1/_probe/secrets", headers={"Idempotency-Key": "s"})

    assert await session.scalar(select(func.count()).select_from(IdempotencyRecord)) == 0
    assert created == ["secret"]
