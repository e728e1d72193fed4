"""Running the fast path's statements on the asyncpg connection under the app's pool or
the request's session."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import date
from typing import Any

import asyncpg
from fastapi import Request
from fastapi.security import HTTPAuthorizationCredentials
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker
from sqlalchemy.util import greenlet_spawn

from api.diary.fastpath.sql import Compiled
from api.diary.fastpath.writes import GRADE_WRITE_SQL, grade_context_statement
from api.identity import clock, tokens

# --- Execution -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Caller:
    account_id: uuid.UUID
    session_id: uuid.UUID


def caller_from(request: Request, credentials: HTTPAuthorizationCredentials | None) -> Caller:
    """The token's claims (signature, lifetime); the session is checked in the SQL."""
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise tokens.TokenInvalid()
    claims = tokens.decode_access_token(request.app.state.settings, credentials.credentials)
    return Caller(claims.account_id, claims.session_id)


def cast_connection(connection: Any) -> asyncpg.Connection[Any]:
    assert connection is not None
    typed: asyncpg.Connection[Any] = connection
    return typed


@asynccontextmanager
async def pooled_connection(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> AsyncIterator[asyncpg.Connection[Any]]:
    """An asyncpg connection from the app's pool with no transaction around it (reads are
    single statements). Where the app's sessions are bound to one connection (the tests'
    outer transaction), that connection is used instead. (The hot lane has a pool of its
    own, ``api.db.create_hot_pool``; this serves the routed endpoints and the tests.)"""
    bind = sessionmaker.kw.get("bind")
    if isinstance(bind, AsyncEngine):
        fairy = await bind.raw_connection()
        try:
            yield cast_connection(fairy.driver_connection)
        finally:
            await greenlet_spawn(fairy.close)
        return
    session = sessionmaker()
    async with session:
        yield await session_driver(session)


@asynccontextmanager
async def transaction(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> AsyncIterator[asyncpg.Connection[Any]]:
    """The connection under a new session, inside its transaction: committed when the
    block ends cleanly, rolled back when it raises (bound to one connection, as in the
    tests, the transaction is a savepoint, as the routes' own sessions are)."""
    session = sessionmaker()
    async with session:
        connection = await session_driver(session)
        try:
            yield connection
        except BaseException:
            await session.rollback()
            raise
        await session.commit()


@asynccontextmanager
async def driver_connection(request: Request) -> AsyncIterator[asyncpg.Connection[Any]]:
    """``pooled_connection`` of the request's app."""
    async with pooled_connection(request.app.state.sessionmaker) as connection:
        yield connection


async def session_driver(session: AsyncSession) -> asyncpg.Connection[Any]:
    """The asyncpg connection under ``session`` (its transaction begun)."""
    raw = await (await session.connection()).get_raw_connection()
    return cast_connection(raw.driver_connection)


class SessionGone(Exception):
    """The access token's session was revoked or expired (checked inside the statement)."""


async def fetch_read(
    connection: asyncpg.Connection[Any],
    caller: Caller,
    statement: Callable[[], Compiled],
    **values: Any,
) -> str | None:
    """Run a read statement: the JSON text, None if the subject is not visible; raises
    ``SessionGone`` when the token's session is gone."""
    compiled = statement()
    args = compiled.args(
        account_id=caller.account_id, session_id=caller.session_id, now=clock.now(), **values
    )
    row = await connection.fetchrow(compiled.sql, *args)
    assert row is not None
    if not row["authed"]:
        raise SessionGone()
    body: str | None = row["body"]
    return body


async def read(
    request: Request, caller: Caller, statement: Callable[[], Compiled], **values: Any
) -> str | None:
    """``fetch_read`` on a pooled connection; 401 when the token's session is gone."""
    async with driver_connection(request) as connection:
        try:
            return await fetch_read(connection, caller, statement, **values)
        except SessionGone:
            raise tokens.TokenInvalid() from None


async def grade_context(
    connection: asyncpg.Connection[Any], caller: Caller, lesson_id: uuid.UUID
) -> tuple[bool, str | None]:
    """(caller is a teacher, the context JSON or None when the lesson is not theirs);
    ``SessionGone`` when the token's session is."""
    compiled = grade_context_statement()
    row = await connection.fetchrow(
        compiled.sql,
        *compiled.args(
            account_id=caller.account_id,
            session_id=caller.session_id,
            now=clock.now(),
            lesson_id=lesson_id,
        ),
    )
    assert row is not None
    if not row["authed"]:
        raise SessionGone()
    return bool(row["is_teacher"]), row["body"]


@dataclass(frozen=True, slots=True)
class GradeRows:
    student_ids: list[uuid.UUID]
    work_type_ids: list[uuid.UUID]
    scores: list[int | None]
    passed: list[bool | None]
    comments: list[str | None]


async def write_grades(
    connection: asyncpg.Connection[Any],
    *,
    lesson_id: uuid.UUID,
    teacher_id: uuid.UUID,
    subject_id: uuid.UUID,
    subject_name: str,
    day: date,
    week: str,
    rows: GradeRows,
) -> tuple[str, str | None]:
    """(the grades as JSON text in input order, the changed ones as JSON text or None)."""
    row = await connection.fetchrow(
        GRADE_WRITE_SQL,
        lesson_id,
        teacher_id,
        rows.student_ids,
        rows.work_type_ids,
        rows.scores,
        rows.passed,
        rows.comments,
        subject_id,
        day,
        subject_name,
        week,
    )
    assert row is not None
    return row["body"], row["changed"]
