"""A student's grade history as one statement (``GET /students/{id}/grade-history``):
session check, visibility, page and total in one round trip, JSON built by PostgreSQL.
The ORM reading it must equal is ``tests/diary/reference.py``'s ``grade_history``."""

from __future__ import annotations

import uuid
from functools import cache
from typing import Any

import asyncpg
from sqlalchemy import Integer, and_, bindparam, func, or_, select
from sqlalchemy.orm import aliased

from api.diary.grades.models import Grade, GradeChange
from api.diary.sql import student_cte, viewer_in, viewer_of
from api.diary.structure.models import Subject
from api.diary.structure.viewer import teaches
from api.identity import tokens
from api.identity.models import Account
from api.identity.statements import caller_cte, fetch_read
from api.statements import Compiled, answer, json_list, obj, page_of, person, utc_text


@cache
def grade_history_statement() -> Compiled:
    """``Page[GradeChangeOut]``: who set, changed or removed the student's grades, newest
    first; seen as the grades are (``grades.access.grade_visible``), removed ones too."""
    caller = caller_cte()
    st = student_cte(caller, viewer_of(caller))
    viewer = viewer_in(st)
    scope = and_(
        GradeChange.student_id == st.c.id,
        or_(st.c.full, teaches(viewer, st.c.class_id, Grade.subject_id)),
    )
    order = (GradeChange.changed_at.desc(), GradeChange.id.desc())
    page = (
        select(GradeChange.id, func.row_number().over(order_by=order).label("ord"))
        .join(Grade, Grade.id == GradeChange.grade_id)
        .where(scope)
        .order_by(*order)
        .limit(bindparam("limit", type_=Integer))
        .offset(bindparam("offset", type_=Integer))
        .subquery("page")
    )
    change, grade, author = aliased(GradeChange), aliased(Grade), aliased(Account)
    item = obj(
        id=change.id,
        grade_id=grade.id,
        lesson_id=grade.lesson_id,
        date=grade.date,
        subject=obj(id=Subject.id, name=Subject.name),
        action=change.action,
        old_value=change.old_value,
        new_value=change.new_value,
        comment=change.comment,
        changed_by=person(author),
        changed_at=utc_text(change.changed_at),
    )
    items = (
        select(json_list(item, page.c.ord))
        .select_from(page)
        .join(change, change.id == page.c.id)
        .join(grade, grade.id == change.grade_id)
        .join(Subject, Subject.id == grade.subject_id)
        .join(author, author.id == change.changed_by)
        .scalar_subquery()
    )
    total = (
        select(func.count())
        .select_from(GradeChange)
        .join(Grade, Grade.id == GradeChange.grade_id)
        .where(scope)
        .scalar_subquery()
    )
    body = select(page_of(items, total)).select_from(st)
    return Compiled.of(answer(caller, body))


async def grade_history(
    connection: asyncpg.Connection[Any],
    claims: tokens.AccessClaims,
    *,
    student_id: uuid.UUID,
    limit: int,
    offset: int,
) -> str | None:
    """``Page[GradeChangeOut]`` as JSON text; None when the student is not visible."""
    return await fetch_read(
        connection,
        claims,
        grade_history_statement(),
        student_id=student_id,
        limit=limit,
        offset=offset,
    )
