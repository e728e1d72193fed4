"""A student's attendance as one statement (``GET /students/{id}/attendance``): session
check, visibility, page and total in one round trip, JSON built by PostgreSQL. The ORM
reading it must equal is ``tests/diary/reference.py``'s ``student_attendance``."""

from __future__ import annotations

import uuid
from datetime import date
from functools import cache
from typing import Any

import asyncpg
from sqlalchemy import Date, Integer, and_, bindparam, func, or_, select
from sqlalchemy.orm import aliased

from api.diary.attendance.models import AttendanceMark
from api.diary.lessons.models import Lesson
from api.diary.sql import student_cte, viewer_in, viewer_of
from api.diary.structure.models import Subject
from api.diary.structure.viewer import teaches
from api.identity import tokens
from api.identity.statements import caller_cte, fetch_read
from api.statements import Compiled, answer, json_list, obj, page_of, utc_text


@cache
def student_attendance_statement() -> Compiled:
    """``Page[AttendanceOut]``, newest first. Visible like grades: family, class teacher
    and administration see all; a subject teacher the lessons of their subjects."""
    caller = caller_cte()
    st = student_cte(caller, viewer_of(caller))
    viewer = viewer_in(st)
    start = bindparam("start", type_=Date)
    end = bindparam("end", type_=Date)
    scope = and_(
        AttendanceMark.student_id == st.c.id,
        or_(st.c.full, teaches(viewer, st.c.class_id, Lesson.subject_id)),
        or_(start.is_(None), AttendanceMark.date >= start),
        or_(end.is_(None), AttendanceMark.date <= end),
    )
    order = (AttendanceMark.date.desc(), Lesson.number.desc(), AttendanceMark.id)
    page = (
        select(AttendanceMark.id, func.row_number().over(order_by=order).label("ord"))
        .join(Lesson, Lesson.id == AttendanceMark.lesson_id)
        .where(scope)
        .order_by(*order)
        .limit(bindparam("limit", type_=Integer))
        .offset(bindparam("offset", type_=Integer))
        .subquery("page")
    )
    mark, lesson = aliased(AttendanceMark), aliased(Lesson)
    item = obj(
        student_id=mark.student_id,
        lesson_id=lesson.id,
        date=mark.date,
        lesson_number=lesson.number,
        subject=obj(id=Subject.id, name=Subject.name),
        status=mark.status,
        minutes_late=mark.minutes_late,
        reason=mark.reason,
        updated_at=utc_text(mark.updated_at),
    )
    items = (
        select(json_list(item, page.c.ord))
        .select_from(page)
        .join(mark, mark.id == page.c.id)
        .join(lesson, lesson.id == mark.lesson_id)
        .join(Subject, Subject.id == lesson.subject_id)
        .scalar_subquery()
    )
    total = (
        select(func.count())
        .select_from(AttendanceMark)
        .join(Lesson, Lesson.id == AttendanceMark.lesson_id)
        .where(scope)
        .scalar_subquery()
    )
    body = select(page_of(items, total)).select_from(st)
    return Compiled.of(answer(caller, body))


async def student_attendance(
    connection: asyncpg.Connection[Any],
    claims: tokens.AccessClaims,
    *,
    student_id: uuid.UUID,
    start: date | None,
    end: date | None,
    limit: int,
    offset: int,
) -> str | None:
    """``Page[AttendanceOut]`` as JSON text; None when the student is not visible."""
    return await fetch_read(
        connection,
        claims,
        student_attendance_statement(),
        student_id=student_id,
        start=start,
        end=end,
        limit=limit,
        offset=offset,
    )
