"""A database outage does not end job processing, and shutdown always stops the embedded
server — the real worker, the real lifespan, connections cut as a PostgreSQL restart
cuts them."""

from __future__ import annotations

import asyncio
import uuid
from pathlib import Path

import pytest
from sqlalchemy import delete, text
from sqlalchemy.ext.asyncio import AsyncEngine

from api import embedded
from api import main as api_main
from api.config import Settings
from api.db import create_sessionmaker
from api.delivery import service as delivery
from api.delivery.models import DeliveryStatus, OutboundMessage
from api.retention import service as retention_service

PURPOSE = "outage-test"


async def _eventually(engine: AsyncEngine, sql: str, params: dict[str, object]) -> object:
    """Poll until ``sql`` returns a truthy value (at most 60 s: a failure, not a timing)."""
    for _ in range(300):
        async with engine.connect() as conn:
            value = await conn.scalar(text(sql), params)
        if value:
            return value
        await asyncio.sleep(0.2)
    raise AssertionError(f"never happened: {sql}")


async def test_jobs_run_again_after_an_outage_and_shutdown_stops_embedded_postgres(
    database_url: str, engine: AsyncEngine, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    stopped: list[bool] = []
    monkeypatch.setattr(api_main, "resolve_database_url", lambda settings: database_url)
    monkeypatch.setattr(embedded, "stop", lambda: stopped.append(True))

    # The in-process worker runs the periodic tasks too, on the shared test database: in
    # the ten minutes after :23 the hourly retention pass would commit an audit row there
    # (append-only, so no clean-up can take it back) that the retention tests then count.
    async def no_retention(*args: object, **kwargs: object) -> dict[str, int]:
        return {}

    monkeypatch.setattr(retention_service, "run", no_retention)
    settings = Settings(
        env="test",
        database_url=None,  # the embedded mode: its worker runs in process
        data_dir=tmp_path,
        hot_lane=False,
        log_json=False,
        max_concurrency=4,
    )
    app = api_main.create_app(settings)
    factory = create_sessionmaker(engine)
    message_id: uuid.UUID | None = None
    try:
        async with app.router.lifespan_context(app):
            jobs = "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'edudiary-jobs'"
            await _eventually(engine, jobs, {})
            # PostgreSQL restarts: every job connection is cut.
            async with engine.connect() as conn:
                await conn.execute(
                    text(
                        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                        "WHERE application_name = 'edudiary-jobs'"
                    )
                )
                await conn.commit()
            # A log-in SMS asked for after the outage still goes out.
            async with factory() as session:
                message_id = await delivery.send_sms(
                    session, to="+79991234567", text="Код 1", purpose=PURPOSE
                )
                await session.commit()
            status = await _eventually(
                engine,
                "SELECT CAST(status AS text) FROM outbound_messages "
                "WHERE id = :id AND status = 'sent'",
                {"id": message_id},
            )
            assert status == DeliveryStatus.sent.value
        assert stopped == [True]
    finally:
        async with factory() as session:
            await session.execute(delete(OutboundMessage).where(OutboundMessage.purpose == PURPOSE))
            await session.execute(text("DELETE FROM procrastinate_jobs"))
            await session.execute(text("DELETE FROM procrastinate_workers"))
            await session.commit()
