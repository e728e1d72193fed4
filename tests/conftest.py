"""Test database and clients.

A real PostgreSQL: the machine's on 127.0.0.1:5432 when reachable (CI has it), else the
embedded one. The schema is built by ``alembic upgrade heads``, once per set of migrations, in
a template database each run clones (``support.migrated``); every test runs inside an outer
transaction that is rolled back, and the app's commits become savepoints.
"""

from __future__ import annotations

import os
from collections import OrderedDict
from collections.abc import AsyncIterator, Iterator

import pytest
from fastapi import FastAPI
from httpx import ASGITransport, AsyncClient
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, AsyncSession, async_sessionmaker

from api.config import Settings
from api.db import create_engine
from api.identity.deps import TokenCache
from api.main import create_app
from tests import support

# Per process: several checkouts or engineers may run the suite on one server at once.
TEST_DB = f"edudiary_test_{os.getpid()}"


@pytest.fixture(scope="session")
def server_url() -> str:
    return support.server_url()


@pytest.fixture(scope="session")
def database_url(server_url: str) -> Iterator[str]:
    url = support.migrated(server_url, TEST_DB)
    yield url
    support.drop(server_url, TEST_DB)


@pytest.fixture(scope="session")
def settings(database_url: str) -> Settings:
    return Settings(env="test", database_url=database_url, log_json=False, max_concurrency=8)


@pytest.fixture(scope="session")
async def engine(settings: Settings, database_url: str) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(database_url, settings)
    yield engine
    await engine.dispose()


@pytest.fixture
async def connection(engine: AsyncEngine) -> AsyncIterator[AsyncConnection]:
    async with engine.connect() as conn:
        transaction = await conn.begin()
        # This transaction is rolled back, never committed: the stream's events, numbered
        # at commit (migration 0040), are numbered at the end of each statement instead.
        # The deferred path itself is tested where data really commits
        # (tests/stream/test_across_processes.py).
        await conn.execute(text("SET CONSTRAINTS stream_events_commit IMMEDIATE"))
        yield conn
        await transaction.rollback()


@pytest.fixture
def sessionmaker(connection: AsyncConnection) -> async_sessionmaker[AsyncSession]:
    # Commits inside the app release savepoints; the outer transaction is rolled back.
    return async_sessionmaker(
        bind=connection,
        expire_on_commit=False,
        autoflush=False,
        join_transaction_mode="create_savepoint",
    )


@pytest.fixture
async def session(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> AsyncIterator[AsyncSession]:
    async with sessionmaker() as session:
        yield session


# Building the app (every router, every schema) took longer than most tests themselves:
# one app per Settings object serves every test that uses it. What an app keeps per
# process is reset for each test below (its sessions, the access-token cache); the
# settings object is held, so its id is never reused by another.
_APPS: OrderedDict[int, tuple[Settings, FastAPI]] = OrderedDict()


def app_for(settings: Settings) -> FastAPI:
    entry = _APPS.get(id(settings))
    if entry is not None:
        _APPS.move_to_end(id(settings))
        return entry[1]
    app = create_app(settings, manage_database=False)
    _APPS[id(settings)] = (settings, app)
    if len(_APPS) > 4:  # modules that override ``settings`` get an app of their own
        _APPS.popitem(last=False)
    return app


@pytest.fixture
async def client(
    settings: Settings, sessionmaker: async_sessionmaker[AsyncSession]
) -> AsyncIterator[AsyncClient]:
    app = app_for(settings)
    app.state.sessionmaker = sessionmaker
    app.state.token_cache = TokenCache()
    transport = ASGITransport(app=app, raise_app_exceptions=False)
    try:
        async with AsyncClient(transport=transport, base_url="http://testserver") as client:
            yield client
    finally:
        app.state.sessionmaker = None
