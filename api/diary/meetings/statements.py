"""Meeting reads as single statements, JSON built by PostgreSQL, times in the school's
zone:

* a student's meetings (``GET /students/{id}/meetings``): the student scoped to the
  caller as every diary read is (``api.diary.sql.student_cte``: ``sees_student``, the
  rule of ``readable_students``), the meetings of the student's class with a slot still
  ahead, soonest first;
* the organiser's schedules (``GET /meetings``, ``GET /meetings/{id}``): the meetings of
  the classes the caller runs (``runs_class``, the rule of ``access.organises``), with
  who booked which slot.

``service.for_student`` and ``service.schedules`` stay: the ORM references the tests
(``tests/diary/meetings/test_statements.py``) hold these equal to."""

from __future__ import annotations

import uuid
from functools import cache
from typing import Any

import asyncpg
from sqlalchemy import (
    ColumnElement,
    Integer,
    Select,
    Uuid,
    bindparam,
    case,
    func,
    null,
    or_,
    select,
    true,
)
from sqlalchemy.dialects.postgresql import TIMESTAMP
from sqlalchemy.orm import aliased

from api.diary.meetings.access import meeting_not_found
from api.diary.meetings.models import Meeting, MeetingSlot
from api.diary.sql import local_text, student_cte, viewer_of
from api.diary.structure.access import student_not_found
from api.diary.structure.models import Student
from api.diary.structure.viewer import runs_class
from api.identity import tokens
from api.identity.models import Account
from api.identity.statements import caller_cte, fetch_read, fetch_staff_read
from api.schools.models import School, SchoolClass
from api.statements import (
    NULL_JSON,
    Compiled,
    answer,
    class_name,
    datetime_text,
    full_name,
    json_list,
    obj,
    page_of,
)


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


def _schedule_json(organiser: Any) -> ColumnElement[Any]:
    """``MeetingSchedule`` of the row of ``Meeting`` in the enclosing select, whose FROM
    joins the meeting's ``SchoolClass``, ``School`` and ``organiser``: who booked which
    slot (the organiser's view), times in the school's zone."""
    booked = aliased(Student)
    student = obj(id=booked.id, name=full_name(booked.last_name, booked.first_name, null()))
    slot = obj(
        id=MeetingSlot.id,
        starts_at=local_text(MeetingSlot.starts_at, School.timezone),
        ends_at=local_text(MeetingSlot.ends_at, School.timezone),
        student=case((MeetingSlot.student_id.is_not(None), student), else_=NULL_JSON),
        booked_at=datetime_text(MeetingSlot.booked_at),
    )
    slots = (
        select(json_list(slot, MeetingSlot.starts_at, MeetingSlot.id))
        .select_from(MeetingSlot)
        .outerjoin(booked, booked.id == MeetingSlot.student_id)
        .where(MeetingSlot.meeting_id == Meeting.id)
        .scalar_subquery()
    )
    return obj(
        id=Meeting.id,
        class_id=Meeting.class_id,
        class_name=class_name(SchoolClass),
        title=Meeting.title,
        place=Meeting.place,
        organiser=obj(
            id=organiser.id,
            name=full_name(organiser.last_name, organiser.first_name, organiser.middle_name),
        ),
        slots=slots,
    )


def _with_schedule_joins(query: Select[Any], organiser: Any) -> Select[Any]:
    return (
        query.join(SchoolClass, SchoolClass.id == Meeting.class_id)
        .join(School, School.id == Meeting.school_id)
        .join(organiser, organiser.id == Meeting.organiser_id)
    )


@cache
def schedules_statement() -> Compiled:
    """``Page[MeetingSchedule]``: the meetings of the classes the caller runs
    (``access.organises``: ``runs_class``), of ``class_id`` when not NULL, newest first."""
    caller = caller_cte()
    class_id = bindparam("class_id", type_=Uuid)
    listed = (
        select(Meeting.id, Meeting.created_at)
        .join(caller, true())
        .where(
            runs_class(viewer_of(caller), Meeting.class_id, Meeting.school_id),
            or_(class_id.is_(None), Meeting.class_id == class_id),
        )
        .cte("listed")
    )
    page = (
        select(listed)
        .order_by(listed.c.created_at.desc(), listed.c.id)
        .limit(bindparam("limit", type_=Integer))
        .offset(bindparam("offset", type_=Integer))
        .subquery("page")
    )
    organiser = aliased(Account)
    items = _with_schedule_joins(
        select(json_list(_schedule_json(organiser), page.c.created_at.desc(), page.c.id))
        .select_from(page)
        .join(Meeting, Meeting.id == page.c.id),
        organiser,
    ).scalar_subquery()
    total = select(func.count()).select_from(listed).scalar_subquery()
    return Compiled.of(answer(caller, select(page_of(items, total))))


@cache
def schedule_statement() -> Compiled:
    """``MeetingSchedule`` of one meeting the caller organises; no body (NULL) otherwise."""
    caller = caller_cte()
    organiser = aliased(Account)
    body = (
        _with_schedule_joins(select(_schedule_json(organiser)).select_from(Meeting), organiser)
        .join(caller, true())
        .where(
            Meeting.id == bindparam("meeting_id", type_=Uuid),
            runs_class(viewer_of(caller), Meeting.class_id, Meeting.school_id),
        )
    )
    return Compiled.of(answer(caller, body))


async def schedules(
    connection: asyncpg.Connection[Any],
    claims: tokens.AccessClaims,
    *,
    class_id: uuid.UUID | None,
    limit: int,
    offset: int,
) -> str:
    """``Page[MeetingSchedule]`` as JSON text; 403 ``role_required`` for a non-staff
    caller, as ``StaffUser`` answers on the ORM path."""
    row = await fetch_staff_read(
        connection, claims, schedules_statement(), class_id=class_id, limit=limit, offset=offset
    )
    body: str = row["body"]
    return body


async def schedule(
    connection: asyncpg.Connection[Any], claims: tokens.AccessClaims, *, meeting_id: uuid.UUID
) -> str:
    """``MeetingSchedule`` as JSON text; 403 for a non-staff caller, 404
    ``meeting_not_found`` for a meeting the caller does not organise."""
    row = await fetch_staff_read(connection, claims, schedule_statement(), meeting_id=meeting_id)
    body: str | None = row["body"]
    if body is None:
        raise meeting_not_found()
    return body
