"""A student's meetings (``GET /students/{id}/meetings``) as one statement: the student
scoped to the caller as every diary read is (``api.diary.sql.student_cte``:
``sees_student``, the rule of ``readable_students``), the meetings of the student's
class with a slot still ahead, soonest first, and their slots in the school's time zone,
JSON built by PostgreSQL. ``service.for_student`` stays the ORM reference the tests hold
it equal to."""

from __future__ import annotations

import uuid
from functools import cache
from typing import Any

import asyncpg
from sqlalchemy import Integer, bindparam, func, select
from sqlalchemy.dialects.postgresql import TIMESTAMP

from api.diary.meetings.models import Meeting, MeetingSlot
from api.diary.sql import local_text, student_cte, viewer_of
from api.diary.structure.access import student_not_found
from api.identity import tokens
from api.identity.statements import caller_cte, fetch_read
from api.statements import Compiled, answer, json_list, obj, page_of


@cache
def for_student_statement() -> Compiled:
    """``Page[Meeting]``; no body (NULL) when the student is not the caller's to see."""
    caller = caller_cte()
    st = student_cte(caller, viewer_of(caller))
    # The statement's moment: the caller CTE checks the session's expiry against it too.
    now = bindparam("now", type_=TIMESTAMP(timezone=True))
    ahead = (
        select(MeetingSlot.id)
        .where(MeetingSlot.meeting_id == Meeting.id, MeetingSlot.ends_at > now)
        .exists()
    )
    first_slot = (
        select(func.min(MeetingSlot.starts_at))
        .where(MeetingSlot.meeting_id == Meeting.id)
        .scalar_subquery()
    )
    listed = (
        select(Meeting.id, first_slot.label("first_slot"))
        .select_from(st)
        .join(Meeting, Meeting.class_id == st.c.class_id)
        .where(ahead)
        .cte("listed")
    )
    page = (
        select(listed)
        .order_by(listed.c.first_slot, listed.c.id)
        .limit(bindparam("limit", type_=Integer))
        .offset(bindparam("offset", type_=Integer))
        .subquery("page")
    )
    slot = obj(
        id=MeetingSlot.id,
        starts_at=local_text(MeetingSlot.starts_at, st.c.timezone),
        ends_at=local_text(MeetingSlot.ends_at, st.c.timezone),
        booked=MeetingSlot.student_id.is_not(None),
        # Families see whether a slot is theirs, never whose it is.
        booked_by_me=MeetingSlot.student_id.is_not_distinct_from(st.c.id),
    )
    slots = (
        select(json_list(slot, MeetingSlot.starts_at, MeetingSlot.id))
        .where(MeetingSlot.meeting_id == Meeting.id)
        .scalar_subquery()
    )
    item = obj(
        id=Meeting.id,
        class_id=Meeting.class_id,
        title=Meeting.title,
        place=Meeting.place,
        slots=slots,
    )
    items = (
        select(json_list(item, page.c.first_slot, page.c.id))
        .select_from(page)
        .join(Meeting, Meeting.id == page.c.id)
        .scalar_subquery()
    )
    total = select(func.count()).select_from(listed).scalar_subquery()
    body = select(page_of(items, total)).select_from(st)
    return Compiled.of(answer(caller, body))


async def for_student(
    connection: asyncpg.Connection[Any],
    claims: tokens.AccessClaims,
    *,
    student_id: uuid.UUID,
    limit: int,
    offset: int,
) -> str:
    """``Page[Meeting]`` as JSON text; 404 ``student_not_found`` as on the ORM path."""
    body = await fetch_read(
        connection,
        claims,
        for_student_statement(),
        student_id=student_id,
        limit=limit,
        offset=offset,
    )
    if body is None:
        raise student_not_found()
    return body
