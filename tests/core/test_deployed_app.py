"""The app as ``edudiary serve`` runs it: its own lifespan, engine, read sessions and hot
pool on a database of its own (every other test injects one transaction instead, so these
branches would otherwise run in no test)."""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator, Iterator

import pytest
from httpx import ASGITransport, AsyncClient
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from api import migrate
from api.config import Settings
from api.db import create_engine
from api.diary.calendar.models import CalendarFeed
from api.main import create_app
from tests import support
from tests.factories import Person, make_person, revoke_sessions

DB = f"edudiary_test_deployed_{os.getpid()}"


@pytest.fixture(scope="module")
def deployed_url(server_url: str) -> Iterator[str]:
    url = support.recreate(server_url, DB)
    migrate.upgrade(url)
    yield url
    support.drop(server_url, DB)


@pytest.fixture
async def direct(deployed_url: str) -> AsyncIterator[AsyncEngine]:
    """A connection of the test's own to the app's database, to arrange and to check."""
    engine = create_engine(deployed_url, Settings(env="test", database_url=deployed_url))
    yield engine
    await engine.dispose()


@pytest.fixture
async def deployed(deployed_url: str) -> AsyncIterator[AsyncClient]:
    settings = Settings(env="test", database_url=deployed_url, log_json=False, max_concurrency=4)
    app = create_app(settings)
    async with app.router.lifespan_context(app):
        assert app.state.hot_pool is not None, "serve runs single statements on the hot pool"
        assert app.state.read_sessionmaker is not None, "and reads on autocommit sessions"
        transport = ASGITransport(app=app, raise_app_exceptions=False)
        async with AsyncClient(transport=transport, base_url="http://testserver") as client:
            yield client


async def parent(engine: AsyncEngine) -> Person:
    async with async_sessionmaker(engine, expire_on_commit=False)() as session:
        person = await make_person(session, Settings(env="test"))
        await session.commit()
    return person


async def test_reads_run_on_autocommit_sessions_and_the_hot_pool(
    deployed: AsyncClient, direct: AsyncEngine
) -> None:
    person = await parent(direct)

    me = await deployed.get("/api/v1/me", headers=person.headers)
    foreign = await deployed.get(
        f"/api/v1/students/{uuid.uuid4()}/diary",
        params={"week": "2026-W48"},
        headers=person.headers,
    )
    grades = await deployed.get(f"/api/v1/students/{uuid.uuid4()}/grades", headers=person.headers)

    assert me.status_code == 200, me.text
    assert me.json()["id"] == str(person.id)
    assert me.json()["roles"] == ["parent"]
    assert foreign.status_code == grades.status_code == 404, foreign.text
    assert foreign.json()["code"] == "student_not_found"


async def test_a_read_that_writes_keeps_what_it_wrote(
    deployed: AsyncClient, direct: AsyncEngine
) -> None:
    person = await parent(direct)

    first = await deployed.get("/api/v1/me/calendar-feed", headers=person.headers)
    again = await deployed.get("/api/v1/me/calendar-feed", headers=person.headers)

    assert first.status_code == 200, first.text
    assert first.json()["url"] == again.json()["url"], "the feed token was stored, not redone"
    async with AsyncSession(direct) as session:
        feeds = await session.scalar(
            select(func.count())
            .select_from(CalendarFeed)
            .where(CalendarFeed.account_id == person.id)
        )
    assert feeds == 1


async def test_revoked_session_is_refused_on_both_paths(
    deployed: AsyncClient, direct: AsyncEngine
) -> None:
    person = await parent(direct)
    diary = f"/api/v1/students/{uuid.uuid4()}/diary"
    assert (await deployed.get("/api/v1/me", headers=person.headers)).status_code == 200
    assert (await deployed.get(diary, headers=person.headers)).status_code == 404

    async with AsyncSession(direct) as session:
        await revoke_sessions(session, person.id)
        await session.commit()

    me = await deployed.get("/api/v1/me", headers=person.headers)
    read = await deployed.get(diary, headers=person.headers)
    assert me.status_code == read.status_code == 401
    assert me.json()["code"] == read.json()["code"] == "token_invalid"


async def test_writes_commit_through_the_request_transaction(
    deployed: AsyncClient, direct: AsyncEngine
) -> None:
    person = await parent(direct)

    changed = await deployed.patch(
        "/api/v1/me/settings", json={"mfa_sms_enabled": True}, headers=person.headers
    )

    assert changed.status_code == 200, changed.text
    async with AsyncSession(direct) as session:
        account = await session.get(type(person.account), person.id)
        assert account is not None
        assert account.mfa_sms_enabled is True
