"""A request PostgreSQL rolls back because it collided with another transaction (a
deadlock, a serialization failure, a lock timeout) answers 503 with a short Retry-After,
in Russian or English, never a 500: repeating it goes through."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from fastapi import FastAPI
from httpx import ASGITransport, AsyncClient
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from api.config import Settings
from api.db import SessionDep
from api.main import create_app


@pytest.fixture
async def colliding(
    settings: Settings, sessionmaker: async_sessionmaker[AsyncSession]
) -> AsyncIterator[AsyncClient]:
    """An app with one more route: a statement PostgreSQL itself fails with the SQLSTATE
    asked for, the way it fails the loser of a deadlock (through the real driver)."""
    app: FastAPI = create_app(settings, manage_database=False)
    app.state.sessionmaker = sessionmaker

    async def collide(state: str, session: SessionDep) -> None:
        assert state in ("40P01", "40001", "55P03", "23505")
        await session.execute(
            text(f"DO $$ BEGIN RAISE EXCEPTION 'lost' USING ERRCODE = '{state}'; END $$")
        )

    app.add_api_route("/api/v1/test-collide/{state}", collide, methods=["POST"])
    # Ahead of any catch-all the app may have (the SPA's).
    app.router.routes.insert(0, app.router.routes.pop())
    transport = ASGITransport(app=app, raise_app_exceptions=False)
    async with AsyncClient(transport=transport, base_url="http://t") as client:
        yield client


@pytest.mark.parametrize("state", ["40P01", "40001", "55P03"])
async def test_a_deadlock_or_serialization_failure_is_503_with_retry_after(
    colliding: AsyncClient, state: str
) -> None:
    answer = await colliding.post(f"/api/v1/test-collide/{state}")
    assert answer.status_code == 503
    assert answer.headers["retry-after"] == "1"
    assert answer.headers["content-type"].startswith("application/problem+json")
    problem = answer.json()
    assert problem["code"] == "transaction_conflict"
    assert "Повторите" in problem["detail"]

    english = await colliding.post(
        f"/api/v1/test-collide/{state}", headers={"Accept-Language": "en"}
    )
    assert english.status_code == 503
    assert english.json()["detail"].startswith("The request ran into another change")


async def test_other_database_faults_stay_500(colliding: AsyncClient) -> None:
    answer = await colliding.post("/api/v1/test-collide/23505")
    assert answer.status_code == 500
    assert answer.json()["code"] == "internal_error"
