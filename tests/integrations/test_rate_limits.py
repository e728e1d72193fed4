"""Contract §6: per-client rate limits shared by every API process, with their headers."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from httpx import ASGITransport, AsyncClient, Response
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from api.config import Settings
from api.integrations.models import RateLimitState
from api.main import create_app
from tests.diary.world import World
from tests.integrations.conftest import (
    HOMEWORK,
    SCHEDULE,
    Clock,
    bearer,
    client_token,
    create_client,
)

BELLS = "/api/v1/bells"


@pytest.fixture
async def second_instance(
    settings: Settings, sessionmaker: async_sessionmaker[AsyncSession]
) -> AsyncIterator[AsyncClient]:
    """Another API process: its own app (its own token cache, its own memory) on the same
    database as ``client``."""
    app = create_app(settings, manage_database=False)
    app.state.sessionmaker = sessionmaker
    transport = ASGITransport(app=app, raise_app_exceptions=False)
    async with AsyncClient(transport=transport, base_url="http://testserver") as http:
        yield http


def remaining(answer: Response) -> int:
    value = answer.headers["ratelimit"]
    assert value.startswith('"client";r=')
    return int(value.split(";")[1].removeprefix("r="))


async def test_лимит_клиента_общий_для_двух_экземпляров_api_и_429_с_retry_after(
    client: AsyncClient,
    second_instance: AsyncClient,
    world: World,
    frozen_clock: Clock,
) -> None:
    made = await create_client(
        client, world.admin.token, scopes=[SCHEDULE], rate_limit_per_minute=3
    )
    token = await client_token(client, made["client_id"], made["client_secret"])
    key = {"X-API-Key": made["client_secret"]}

    first = await client.get(BELLS, headers=bearer(token))
    second = await second_instance.get(BELLS, headers=bearer(token))
    third = await client.get(BELLS, headers=key)  # the key and the token share the limit
    assert [a.status_code for a in (first, second, third)] == [200, 200, 200]
    assert [remaining(a) for a in (first, second, third)] == [2, 1, 0]
    for answer in (first, second, third):
        assert answer.headers["ratelimit-policy"] == '"client";q=3;w=60'

    refused = await second_instance.get(BELLS, headers=bearer(token))
    assert refused.status_code == 429
    assert refused.headers["content-type"].startswith("application/problem+json")
    assert refused.json()["code"] == "rate_limited"
    # One request every 20 s once the burst of 3 is spent: the next fits in 20 s.
    assert refused.headers["retry-after"] == "20"
    assert refused.headers["ratelimit"] == '"client";r=0;t=20'
    assert refused.headers["ratelimit-policy"] == '"client";q=3;w=60'
    # Refusals do not push the wait further.
    again = await client.get(BELLS, headers=key)
    assert (again.status_code, again.headers["retry-after"]) == (429, "20")

    frozen_clock.advance(seconds=19)
    assert (await client.get(BELLS, headers=bearer(token))).status_code == 429
    frozen_clock.advance(seconds=1)
    back = await second_instance.get(BELLS, headers=bearer(token))
    assert back.status_code == 200
    assert remaining(back) == 0
    frozen_clock.advance(seconds=60)
    rested = await client.get(BELLS, headers=bearer(token))
    assert remaining(rested) == 2


async def test_отказы_после_допуска_клиента_тоже_несут_заголовки_лимита(
    client: AsyncClient, world: World
) -> None:
    made = await create_client(client, world.admin.token, scopes=[HOMEWORK])
    token = await client_token(client, made["client_id"], made["client_secret"])
    scope_refused = await client.get(BELLS, headers=bearer(token))
    assert scope_refused.status_code == 403
    assert scope_refused.json()["code"] == "insufficient_scope"
    assert remaining(scope_refused) == 599
    assert scope_refused.headers["ratelimit-policy"] == '"client";q=600;w=60'
    # A people-only route refuses the client before admitting it: no headers there.
    denied = await client.get("/api/v1/me", headers=bearer(token))
    assert denied.status_code == 403
    assert "ratelimit" not in denied.headers


async def test_лимит_клиента_не_касается_людей(
    client: AsyncClient, world: World, session: AsyncSession
) -> None:
    await create_client(client, world.admin.token, scopes=[SCHEDULE], rate_limit_per_minute=1)
    for _ in range(5):
        answer = await client.get(BELLS, headers=bearer(world.admin.token))
        assert answer.status_code == 200
        assert "ratelimit" not in answer.headers
        assert "ratelimit-policy" not in answer.headers
    rows = await session.scalar(select(func.count()).select_from(RateLimitState))
    assert rows == 0


async def test_отозванный_клиент_с_ключом_в_кэше_получает_отказ_сразу(
    client: AsyncClient, second_instance: AsyncClient, world: World
) -> None:
    made = await create_client(client, world.admin.token, scopes=[SCHEDULE])
    token = await client_token(client, made["client_id"], made["client_secret"])
    assert (await client.get(BELLS, headers=bearer(token))).status_code == 200
    transport = client._transport
    assert isinstance(transport, ASGITransport)
    cache = transport.app.state.token_cache  # type: ignore[attr-defined]
    assert token in cache.entries  # verified once, then served from the cache

    revoked = await second_instance.post(
        f"/api/v1/integration-clients/{made['id']}/revoke", headers=bearer(world.admin.token)
    )
    assert revoked.json()["status"] == "revoked"
    refused = await client.get(BELLS, headers=bearer(token))
    assert refused.status_code == 401
    assert refused.json()["code"] == "invalid_client"
    assert token in cache.entries  # the cache kept the signature's verdict; SQL said no
