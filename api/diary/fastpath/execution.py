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
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession
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
async def driver_connection(request: Request) -> AsyncIterator[asyncpg.Connection[Any]]:
    """A pooled asyncpg connection with no transaction around it (reads are single
    statements). Where the app's sessions are bound to one connection (the tests' outer
    transaction), that connection is used instead."""
    bind = request.app.state.sessionmaker.kw.get("bind")
    if isinstance(bind, AsyncEngine):
        fairy = await bind.raw_connection()
        try:
            yield cast_connection(fairy.driver_connection)
        finally:
            await greenlet_spawn(fairy.close)
        return
    session: AsyncSession = request.app.state.sessionmaker()
    async with session:
        yield await session_driver(session)


async def session_driver(session: AsyncSession) -> asyncpg.Connection[Any]:
    """The asyncpg connection under ``session`` (its transaction begun)."""
    raw = await (await session.connection()).get_raw_connection()
    return cast_connection(raw.driver_connection)


async def read(
    request: Request, caller: Caller, statement: Callable[[], Compiled], **values: Any
) -> str | None:
    """Run a read statement: the JSON text, None if the subject is not visible; raises
    401 when the token's session is gone."""
    compiled = statement()
    args = compiled.args(
        account_id=caller.account_id, session_id=caller.session_id, now=clock.now(), **values
    )
    async with driver_connection(request) as connection:
        row = await connection.fetchrow(compiled.sql, *args)
    assert row is not None
    if not row["authed"]:
        raise tokens.TokenInvalid()
    body: str | None = row["body"]
    return body


async def grade_context(
    session: AsyncSession, caller: Caller, lesson_id: uuid.UUID
) -> tuple[bool, str | None]:
    """(caller is a teacher, the context JSON or None when the lesson is not theirs)."""
    compiled = grade_context_statement()
    connection = await session_driver(session)
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
        raise tokens.TokenInvalid()
    return bool(row["is_teacher"]), row["body"]


@dataclass(frozen=True, slots=True)
class GradeRows:
    student_ids: list[uuid.UUID]
    work_type_ids: list[uuid.UUID]
    scores: list[int | None]
    passed: list[bool | None]
    comments: list[str | None]


async def write_grades(
    session: AsyncSession,
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
    connection = await session_driver(session)
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
