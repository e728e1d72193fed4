"""While PostgreSQL is away the API answers 503 with Retry-After, never 500."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from httpx import ASGITransport, AsyncClient

from api.config import Settings
from api.db import create_engine, create_sessionmaker
from api.main import create_app

# Nothing listens on port 1: every connection attempt is refused, as during a restart.
UNREACHABLE = "postgresql://edudiary@127.0.0.1:1/edudiary"


@pytest.fixture
async def cut_off(settings: Settings) -> AsyncIterator[AsyncClient]:
    engine = create_engine(UNREACHABLE, settings)
    app = create_app(settings, manage_database=False)
    app.state.sessionmaker = create_sessionmaker(engine)
    transport = ASGITransport(app=app, raise_app_exceptions=False)
    async with AsyncClient(transport=transport, base_url="http://t") as client:
        yield client
    await engine.dispose()


async def test_a_read_during_an_outage_is_503_with_retry_after(cut_off: AsyncClient) -> None:
    response = await cut_off.get("/api/v1/schools", params={"q": "школа"})

    assert response.status_code == 503
    assert response.headers["retry-after"] == "5"
    assert response.headers["content-type"] == "application/problem+json"
    body = response.json()
    assert body["code"] == "service_unavailable"
    assert body["detail"].startswith("Сервис временно недоступен")


async def test_a_keyed_create_during_an_outage_is_503_too(cut_off: AsyncClient) -> None:
    # The idempotency middleware reaches the database before any route does.
    response = await cut_off.post(
        "/api/v1/support/tickets", json={"subject": "x"}, headers={"Idempotency-Key": "k-1"}
    )

    assert response.status_code == 503
    assert response.headers["retry-after"] == "5"
    assert response.json()["code"] == "service_unavailable"
