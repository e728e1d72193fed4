"""Lag-tolerant reads on a real streaming replica (``DATABASE_REPLICA_URL``).

A private primary and a hot standby streaming from it (``pg_basebackup -R``): the
standby's replay is paused, a grade is written to the primary, and the class analytics
(a lag-tolerant read) still show the journal as it was, while the family's report (a read
that must see the latest write) and the access check both read the primary. Once replay
resumes, the analytics catch up.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from datetime import timedelta

import pytest
from httpx import ASGITransport, AsyncClient
from sqlalchemy.ext.asyncio import async_sessionmaker

from api import migrate
from api.config import Settings
from api.db import create_engine
from api.main import create_app
from tests.clusters import PrivatePostgres
from tests.diary.world import MONDAY, World, build_world
from tests.reports.journal import put_grade

SETTINGS = Settings(env="test", log_json=False)


@pytest.fixture(scope="module")
def cluster() -> Iterator[tuple[PrivatePostgres, PrivatePostgres]]:
    primary, standby = PrivatePostgres(), PrivatePostgres()
    try:
        primary.init()
        primary.pg_ctl("start")
        primary.sql("CREATE DATABASE edudiary", database="postgres")
        migrate.upgrade(primary.url())
        standby.replica_of(primary)
        standby.pg_ctl("start")
        yield primary, standby
    finally:
        standby.remove()
        primary.remove()


async def caught_up(primary: PrivatePostgres, standby: PrivatePostgres) -> None:
    """Wait until the standby has replayed everything the primary has written so far (at
    most 60 s: a failure, not a timing)."""
    target = primary.sql("SELECT pg_current_wal_lsn()::text")[0][0]
    for _ in range(600):
        behind = standby.sql(f"SELECT pg_wal_lsn_diff('{target}', pg_last_wal_replay_lsn())")
        if float(str(behind[0][0])) <= 0:
            return
        await asyncio.sleep(0.1)
    raise AssertionError("the standby never caught up")


@pytest.fixture
async def world(cluster: tuple[PrivatePostgres, PrivatePostgres]) -> AsyncIterator[World]:
    primary = cluster[0]
    engine = create_engine(primary.url(), SETTINGS)
    try:
        async with async_sessionmaker(engine, expire_on_commit=False)() as session:
            built = await build_world(session, SETTINGS)
            await put_grade(session, built, built.pupil, built.algebra, MONDAY, 5)
            yield built
    finally:
        await engine.dispose()


@pytest.fixture
async def client(cluster: tuple[PrivatePostgres, PrivatePostgres]) -> AsyncIterator[AsyncClient]:
    primary, standby = cluster
    settings = Settings(
        env="test",
        database_url=primary.url(),
        database_replica_url=standby.url(),
        log_json=False,
        max_concurrency=4,
    )
    app = create_app(settings)
    async with app.router.lifespan_context(app):
        assert app.state.replica_sessionmaker is not None
        transport = ASGITransport(app=app, raise_app_exceptions=False)
        async with AsyncClient(transport=transport, base_url="http://testserver") as http:
            yield http


async def algebra_distribution(client: AsyncClient, world: World) -> dict[str, int]:
    response = await client.get(
        f"/api/v1/classes/{world.class_b.id}/analytics",
        params={"term_id": str(world.term.id)},
        headers=world.admin.headers,
    )
    assert response.status_code == 200, response.text
    subjects = {s["name"]: s for s in response.json()["subjects"]}
    distribution: dict[str, int] = subjects["Алгебра"]["distribution"]
    return distribution


async def family_algebra_grades(client: AsyncClient, world: World) -> list[int]:
    response = await client.get(
        f"/api/v1/students/{world.pupil.id}/report",
        params={"term_id": str(world.term.id)},
        headers=world.parent.headers,
    )
    assert response.status_code == 200, response.text
    algebra = next(s for s in response.json()["subjects"] if s["name"] == "Алгебра")
    return sorted(int(g["value"]) for g in algebra["grades"])


async def test_analytics_lag_on_the_replica_while_the_family_and_access_read_the_primary(
    cluster: tuple[PrivatePostgres, PrivatePostgres], world: World, client: AsyncClient
) -> None:
    primary, standby = cluster
    await caught_up(primary, standby)
    assert await algebra_distribution(client, world) == {"5": 1, "4": 0, "3": 0, "2": 0, "1": 0}

    standby.sql("SELECT pg_wal_replay_pause()")
    try:
        engine = create_engine(primary.url(), SETTINGS)
        async with async_sessionmaker(engine, expire_on_commit=False)() as session:
            await put_grade(session, world, world.pupil, world.algebra, MONDAY + timedelta(1), 2)
        await engine.dispose()

        # The replica has not replayed the 2: the pupil's average is still 5.
        assert await algebra_distribution(client, world) == {
            "5": 1,
            "4": 0,
            "3": 0,
            "2": 0,
            "1": 0,
        }
        # The family's own report reads the primary: the 2 is there at once.
        assert await family_algebra_grades(client, world) == [2, 5]
    finally:
        standby.sql("SELECT pg_wal_replay_resume()")

    await caught_up(primary, standby)
    # (5 + 2) / 2 = 3.5, rounded half up: a 4.
    assert await algebra_distribution(client, world) == {"5": 0, "4": 1, "3": 0, "2": 0, "1": 0}


async def test_a_class_the_replica_has_not_seen_is_decided_on_the_primary(
    cluster: tuple[PrivatePostgres, PrivatePostgres], world: World, client: AsyncClient
) -> None:
    """Access is never the replica's to decide: a stranger's 404 comes from the primary
    even while the replica is behind."""
    primary, standby = cluster
    await caught_up(primary, standby)
    response = await client.get(
        f"/api/v1/classes/{world.class_b.id}/analytics", headers=world.foreign_admin.headers
    )
    assert response.status_code in (403, 404), response.text
