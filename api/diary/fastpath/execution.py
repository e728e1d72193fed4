"""Running the fast path's statements on an asyncpg connection: the hot pool's for the
single-statement reads (``api.db.HotConnection``), the request session's for the grade
post (it shares the request's transaction)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from typing import Any

import asyncpg
from sqlalchemy.ext.asyncio import AsyncSession

from api.db import driver_of
from api.diary.fastpath.sql import Compiled
from api.diary.fastpath.writes import GRADE_WRITE_SQL, grade_context_statement
from api.identity import clock, tokens


async def session_driver(session: AsyncSession) -> asyncpg.Connection[Any]:
    """The asyncpg connection under ``session`` (its transaction begun)."""
    raw = await (await session.connection()).get_raw_connection()
    return driver_of(raw.driver_connection)


async def fetch_read(
    connection: asyncpg.Connection[Any],
    claims: tokens.AccessClaims,
    compiled: Compiled,
    **values: Any,
) -> str | None:
    """Run a read statement: the JSON text, None if the subject is not visible; 401 when
    the token's session is gone (checked inside the statement)."""
    args = compiled.args(
        account_id=claims.account_id, session_id=claims.session_id, now=clock.now(), **values
    )
    row = await connection.fetchrow(compiled.sql, *args)
    assert row is not None
    if not row["authed"]:
        raise tokens.TokenInvalid()
    body: str | None = row["body"]
    return body


async def grade_context(
    connection: asyncpg.Connection[Any], claims: tokens.AccessClaims, lesson_id: uuid.UUID
) -> tuple[bool, str | None]:
    """(caller is a teacher, the context JSON or None when the lesson is not theirs);
    401 when the token's session is gone."""
    compiled = grade_context_statement()
    row = await connection.fetchrow(
        compiled.sql,
        *compiled.args(
            account_id=claims.account_id,
            session_id=claims.session_id,
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
