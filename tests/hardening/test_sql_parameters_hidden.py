"""Bound SQL parameters never reach the logs: an absence reason is health data."""

from __future__ import annotations

import logging

import pytest
from fastapi import APIRouter
from httpx import ASGITransport, AsyncClient
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from api.config import Settings
from api.db import SessionDep
from api.main import create_app

SENSITIVE = "Болел гриппом, справка 4509-123456"


async def test_a_failed_statement_logs_no_bound_value(
    engine: AsyncEngine, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    async with engine.connect() as conn:
        with pytest.raises(DBAPIError) as failure:
            # PostgreSQL refuses NUL in text; its message names no value, the engine's
            # "[parameters: …]" line would.
            await conn.execute(text("SELECT CAST(:reason AS text)"), {"reason": SENSITIVE + "\0"})
        logging.getLogger("edudiary.errors").exception("unhandled error", exc_info=failure.value)

    assert "SQL parameters hidden" in str(failure.value)
    assert "Болел" not in caplog.text


async def test_a_database_fault_in_a_request_is_logged_without_values(
    settings: Settings,
    sessionmaker: async_sessionmaker[AsyncSession],
    caplog: pytest.LogCaptureFixture,
) -> None:
    app = create_app(settings, manage_database=False)
    app.state.sessionmaker = sessionmaker
    router = APIRouter(prefix="/api/v1/_probe")

    @router.post("/absence")
    async def absence(session: SessionDep) -> None:
        # asyncpg quotes the offending value in its own message here.
        await session.execute(text("SELECT CAST(:reason AS integer)"), {"reason": SENSITIVE})

    app.include_router(router)
    caplog.set_level(logging.DEBUG)
    transport = ASGITransport(app=app, raise_app_exceptions=False)
    async with AsyncClient(transport=transport, base_url="http://t") as client:
        response = await client.post("/api/v1/_probe/absence")

    assert response.status_code == 500
    assert response.json()["code"] == "internal_error"
    assert "Болел" not in response.text
    assert "database error" in caplog.text
    assert "Болел" not in caplog.text
    assert "4509" not in caplog.text
    assert all("Болел" not in str(record.__dict__) for record in caplog.records)
