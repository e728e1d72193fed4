"""/health tells whether any job worker is alive and how long the oldest job has waited."""

from __future__ import annotations

import pytest
from httpx import AsyncClient
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from api.delivery import service as delivery


@pytest.fixture(autouse=True)
async def empty_queue(session: AsyncSession) -> None:
    """Start from no worker and no waiting job, whatever earlier tests (a real worker in
    tests/jobs) committed; the test's transaction rolls this back."""
    await session.execute(text("DELETE FROM procrastinate_workers"))
    await session.execute(text("DELETE FROM procrastinate_jobs WHERE status = 'todo'"))
    await session.commit()


async def test_no_worker_heartbeat_is_reported_as_down(client: AsyncClient) -> None:
    body = (await client.get("/api/v1/health")).json()

    assert body["worker"] == "down"
    assert body["queue_age_seconds"] == 0
    assert body["status"] == "ok"  # the API itself still works


async def test_a_recent_heartbeat_and_a_waiting_job_are_reported(
    client: AsyncClient, session: AsyncSession
) -> None:
    await session.execute(
        text("INSERT INTO procrastinate_workers (last_heartbeat) VALUES (now() - interval '59 s')")
    )
    await delivery.send_sms(session, to="+79991234567", text="Код 1", purpose="t")
    # The job was deferred 90 seconds ago and nobody has taken it.
    await session.execute(
        text(
            "UPDATE procrastinate_events SET at = at - interval '90 seconds' "
            "WHERE type = 'deferred'"
        )
    )
    await session.commit()

    body = (await client.get("/api/v1/health")).json()

    assert body["worker"] == "ok"
    assert 90 <= body["queue_age_seconds"] <= 91


async def test_a_worker_silent_for_a_minute_counts_as_gone(
    client: AsyncClient, session: AsyncSession
) -> None:
    await session.execute(
        text("INSERT INTO procrastinate_workers (last_heartbeat) VALUES (now() - interval '61 s')")
    )
    await session.commit()

    assert (await client.get("/api/v1/health")).json()["worker"] == "down"
