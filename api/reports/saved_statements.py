"""``GET /students/{id}/saved-reports`` in one statement: the caller's session, whether they
see the student (``structure.viewer.sees_student``, as ``access.report_student``), and the
page of the reports they saved, the JSON built by PostgreSQL.

A saved report is a frozen copy: ``saved.save`` stored ``StudentReport`` as the model
wrote it (``model_dump(mode="json", by_alias=True)``), so the stored JSON is the answer;
only its keys come in ``jsonb``'s order rather than the model's."""

from __future__ import annotations

import uuid
from functools import cache
from typing import Any

import asyncpg
from sqlalchemy import JSON, Integer, Uuid, bindparam, cast, exists, func, select

from api.diary.sql import viewer_of
from api.diary.structure.models import Student
from api.diary.structure.viewer import sees_student
from api.identity import tokens
from api.identity.statements import caller_cte, fetch_answer
from api.reports.models import SavedReport
from api.statements import Compiled, answer, json_list, obj, page_of, utc_text


@cache
def saved_reports_statement() -> Compiled:
    caller = caller_cte()
    student_id = bindparam("student_id", type_=Uuid)
    seen = exists(
        select(Student.id)
        .select_from(caller)
        .where(Student.id == student_id, sees_student(viewer_of(caller)))
    )
    r = SavedReport
    mine = (r.student_id == student_id, r.created_by == caller.c.account_id)
    page = (
        select(r.id, r.title, r.created_at, r.report)
        .select_from(caller)
        .where(*mine)
        .order_by(r.created_at.desc(), r.id.desc())
        .limit(bindparam("limit", type_=Integer))
        .offset(bindparam("offset", type_=Integer))
        .cte("page")
    )
    p = page.c
    item = obj(
        id=p.id, title=p.title, created_at=utc_text(p.created_at), report=cast(p.report, JSON)
    )
    items = select(json_list(item, p.created_at.desc(), p.id.desc())).scalar_subquery()
    total = select(func.count()).select_from(caller).where(*mine).scalar_subquery()
    return Compiled.of(answer(caller, select(page_of(items, total)), student=seen))


async def read_saved_reports(
    connection: asyncpg.Connection[Any],
    claims: tokens.AccessClaims,
    student_id: uuid.UUID,
    *,
    limit: int,
    offset: int,
) -> str | None:
    """The ``Page[SavedReportOut]`` as JSON text, None if the caller does not see the
    student (401: session gone)."""
    row = await fetch_answer(
        connection,
        claims,
        saved_reports_statement(),
        student_id=student_id,
        limit=limit,
        offset=offset,
    )
    body: str | None = row["body"] if row["student"] else None
    return body
