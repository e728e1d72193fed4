"""Database: declarative base, engine, and the one-transaction-per-request session."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING, Annotated, Any

import asyncpg
from fastapi import Depends, Request
from sqlalchemy import MetaData
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.orm import DeclarativeBase
from sqlalchemy.util import greenlet_spawn

from api.config import Settings

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def async_url(url: str) -> str:
    """Accept the usual ``postgresql://`` spellings and pick the asyncpg driver."""
    for prefix in (
        "postgresql+asyncpg://",
        "postgresql+psycopg://",
        "postgresql://",
        "postgres://",
    ):
        if url.startswith(prefix):
            return "postgresql+asyncpg://" + url[len(prefix) :]
    raise ValueError("DATABASE_URL must be a PostgreSQL URL (postgresql://...)")


def libpq_url(url: str) -> str:
    """The same server as a libpq URL (procrastinate's psycopg connector, psql)."""
    return "postgresql://" + async_url(url)[len("postgresql+asyncpg://") :]


def _pooler_args(settings: Settings) -> dict[str, Any]:
    """asyncpg's arguments behind a transaction-mode pooler: no statement cache (asyncpg's
    nor SQLAlchemy's). A named statement would exist on one server connection only, and
    its name would collide with another client's there. Unnamed, asyncpg sends Parse,
    Bind, Execute and Sync together, so even a statement outside a transaction reaches
    one server whole (``tests/scale``: ``test_unnamed_statements_…``)."""
    return {"statement_cache_size": 0} if settings.pooled else {}


def create_engine(url: str, settings: Settings) -> AsyncEngine:
    return create_async_engine(
        async_url(url),
        pool_size=settings.pool_size,
        max_overflow=0,
        pool_pre_ping=False,
        hide_parameters=True,  # bound values (health data, phones) never reach error logs
        pool_timeout=30,
        connect_args={
            "server_settings": {
                "application_name": "edudiary",
                "timezone": "UTC",
            },
            **_pooler_args(settings),
            # SQLAlchemy's own cache of prepared statements, over asyncpg's.
            **({"prepared_statement_cache_size": 0} if settings.pooled else {}),
        },
    )


async def create_hot_pool(url: str, settings: Settings) -> asyncpg.Pool[Any]:
    """The pool of single-statement endpoints (``HotRead``): plain asyncpg.

    * Their statements are fixed and their plans do not depend on the ids bound, so they
      always run the cached generic plan: left to ``auto``, PostgreSQL re-planned the week
      diary on every call (≈ 2 ms of planning for ≈ 2.5 ms of execution; 5.3 → 2.6 ms).
    * No reset query on release: these endpoints set no session state, and asyncpg still
      ends an unfinished transaction before a connection goes back. (The default reset
      costs a round trip per request; SQLAlchemy's check-out costs ≈ 50 µs of CPU.)

    Behind a transaction-mode pooler there is no plan to keep (nothing is prepared by
    name), and PgBouncer refuses a startup parameter it does not know: the setting is left
    out."""

    async def keep(connection: asyncpg.Connection[Any]) -> None:
        return None

    server_settings = {"application_name": "edudiary-hot", "timezone": "UTC"}
    if not settings.pooled:
        server_settings["plan_cache_mode"] = "force_generic_plan"
    return await asyncpg.create_pool(
        libpq_url(url),
        min_size=1,
        max_size=settings.hot_pool_size,
        reset=keep,
        server_settings=server_settings,
        **_pooler_args(settings),
    )


def create_sessionmaker(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False, autoflush=False)


def create_read_sessionmaker(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    """Sessions for safe methods (GET, HEAD): autocommit, so a read costs no BEGIN and no
    COMMIT round trip — two of the four round trips of a typical authenticated read.
    Each statement sees the data committed when it starts. A read that writes (an audit
    row, a lazily created default) writes single, idempotent statements."""
    return async_sessionmaker(
        engine.execution_options(isolation_level="AUTOCOMMIT"),
        expire_on_commit=False,
        autoflush=False,
    )


SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


async def _request_session(request: Request) -> AsyncIterator[AsyncSession]:
    state = request.app.state
    sessionmaker: async_sessionmaker[AsyncSession] = state.sessionmaker
    if request.method in SAFE_METHODS and state.read_sessionmaker is not None:
        sessionmaker = state.read_sessionmaker
    async with sessionmaker() as session:
        try:
            yield session
        except BaseException:
            await session.rollback()
            raise
        # scope="function" below makes this run when the endpoint returns, *before* the
        # response is sent: a failed commit becomes an error response, never a lying 200.
        await session.commit()


SessionDep = Annotated[AsyncSession, Depends(_request_session, scope="function")]

request_session = asynccontextmanager(_request_session)
"""``SessionDep``'s session for a route that needs one only on some of its paths (an
integration client's read on a route that answers people from the hot pool): the same
session, committed when the block ends, rolled back on an error."""


def driver_of(connection: Any) -> asyncpg.Connection[Any]:
    """The asyncpg connection under a SQLAlchemy adapter's ``driver_connection``."""
    assert connection is not None
    typed: asyncpg.Connection[Any] = connection
    return typed


async def session_driver(session: AsyncSession) -> asyncpg.Connection[Any]:
    """The asyncpg connection under ``session`` (a write session's transaction begun)."""
    raw = await (await session.connection()).get_raw_connection()
    return driver_of(raw.driver_connection)


@asynccontextmanager
async def pooled_connection(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> AsyncIterator[asyncpg.Connection[Any]]:
    """An asyncpg connection from the sessions' pool with no transaction around it. Where
    the sessions are bound to one connection (the tests' outer transaction), that one."""
    bind = sessionmaker.kw.get("bind")
    if isinstance(bind, AsyncEngine):
        fairy = await bind.raw_connection()
        try:
            yield driver_of(fairy.driver_connection)
        finally:
            await greenlet_spawn(fairy.close)
        return
    async with sessionmaker() as session:
        raw = await (await session.connection()).get_raw_connection()
        yield driver_of(raw.driver_connection)
        # Like the hot pool's autocommit: what a statement wrote stays (a staff read's
        # audit row), here by releasing the session's savepoint.
        await session.commit()


if TYPE_CHECKING:
    _Connection = asyncpg.Connection[Any]
else:  # asyncpg's classes are generic only in their stubs
    _Connection = asyncpg.Connection


@asynccontextmanager
async def hot_connection(state: Any) -> AsyncIterator[_Connection]:
    """A connection of the hot pool (``state`` is ``app.state``), for endpoints that are one
    statement (no transaction: a single statement is atomic on its own). Routes take it
    through ``api.identity.deps.HotRead`` (``async with hot.connect()``)."""
    pool: asyncpg.Pool[Any] | None = state.hot_pool
    if pool is None:  # tests: the app's sessions, bound to the test's transaction
        async with pooled_connection(state.sessionmaker) as connection:
            yield connection
        return
    async with pool.acquire() as connection:
        # The pool hands out a proxy with the connection's interface.
        yield connection  # type: ignore[misc]


@asynccontextmanager
async def lag_tolerant_connection(state: Any, primary: _Connection) -> AsyncIterator[_Connection]:
    """A read that may be seconds behind the primary: a connection to the replica when
    ``DATABASE_REPLICA_URL`` is set, else ``primary`` (the connection the request already
    holds). Only aggregates a school's leadership looks at read here (analytics, journal
    completeness). Who may see them is decided on the primary, before: a revoked role must
    not linger for the replica's lag."""
    replica: async_sessionmaker[AsyncSession] | None = state.replica_sessionmaker
    if replica is None:
        yield primary
        return
    async with pooled_connection(replica) as connection:
        yield connection
