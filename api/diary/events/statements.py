"""The events a student's family sees between two local dates, as one JSON array built by
PostgreSQL: the school's and the class's events, the school's holidays (read from
``school_holidays``, not copied) and the planned tests (lessons whose planned work type is
a test). One building block for the event list and the week diary (one statement each)."""

from __future__ import annotations

import uuid
from datetime import date
from functools import cache
from typing import Any

import asyncpg
from sqlalchemy import (
    Date,
    String,
    Text,
    bindparam,
    case,
    cast,
    exists,
    false,
    func,
    literal_column,
    null,
    or_,
    select,
    true,
    union_all,
)
from sqlalchemy.dialects.postgresql import TIMESTAMP, aggregate_order_by
from sqlalchemy.sql.expression import Exists

from api.diary.events.models import EventKind, SchoolEvent, SchoolEventClass
from api.diary.grades.models import WorkType
from api.diary.holidays.models import SchoolHoliday
from api.diary.lessons.models import Lesson, LessonStatus
from api.diary.sql import local_text, student_cte, viewer_in, viewer_of
from api.diary.structure.models import Subject
from api.diary.structure.viewer import Viewer, teaches
from api.identity import tokens
from api.identity.statements import caller_cte, fetch_read
from api.statements import NULL_JSON, Compiled, answer, json_list, k, obj, page_of

# Work types that make a lesson's planned work a test («Контрольная работа», итоговая).
TEST_WORK_TYPES = ("test", "exam")

_NO_TEXT = cast(null(), String)


def _midnight(day: Any, zone: Any) -> Any:
    """The instant a local day starts in ``zone``."""
    return func.timezone(zone, cast(day, TIMESTAMP))


def _is_test(work_type: Any) -> Any:
    return or_(*(work_type.code == code for code in TEST_WORK_TYPES))


def _correlated(predicate: Any, *froms: Any) -> Any:
    """An EXISTS predicate of ``api.diary.structure.viewer``, correlated explicitly."""
    assert isinstance(predicate, Exists)
    return predicate.correlate(*froms)


def student_events(st: Any, viewer: Viewer, first: Any, last: Any) -> Any:
    """A scalar subquery: the JSON array of ``Event`` for the student of ``st`` that
    overlap the local dates ``first`` … ``last``, by start; ``st`` must be the FROM of
    the select this subquery sits in.

    The three sources are a UNION in a FROM subquery, which SQLAlchemy never correlates
    on its own: each member, and each EXISTS inside one, names what it correlates to."""
    outside = (st,)
    zone = st.c.timezone
    start = _midnight(first, zone)
    end = _midnight(last, zone) + literal_column("interval '1 day'")
    classes = (
        select(
            func.json_agg(aggregate_order_by(SchoolEventClass.class_id, SchoolEventClass.class_id))
        )
        .where(SchoolEventClass.event_id == SchoolEvent.id)
        .scalar_subquery()
    )
    events = select(
        SchoolEvent.id.label("id"),
        cast(SchoolEvent.kind, Text).label("kind"),
        SchoolEvent.title.label("title"),
        SchoolEvent.starts_at.label("starts_at"),
        SchoolEvent.ends_at.label("ends_at"),
        false().label("all_day"),
        SchoolEvent.place.label("place"),
        SchoolEvent.description.label("description"),
        cast(null(), SchoolEvent.id.type).label("lesson_id"),
        NULL_JSON.label("subject"),
        func.coalesce(classes, literal_column("'[]'::json")).label("class_ids"),
    ).where(
        SchoolEvent.school_id == st.c.school_id,
        or_(
            SchoolEvent.whole_school,
            exists()
            .where(
                SchoolEventClass.event_id == SchoolEvent.id,
                SchoolEventClass.class_id == st.c.class_id,
            )
            .correlate(SchoolEvent, *outside),
        ),
        SchoolEvent.starts_at < end,
        SchoolEvent.ends_at >= start,
    )
    events = events.correlate(*outside)
    holidays = (
        select(
            SchoolHoliday.id,
            k(EventKind.holiday.value),
            SchoolHoliday.name,
            _midnight(SchoolHoliday.starts_on, zone),
            _midnight(SchoolHoliday.ends_on, zone) + literal_column("interval '1 day'"),
            true(),
            _NO_TEXT,
            _NO_TEXT,
            cast(null(), SchoolHoliday.id.type),
            NULL_JSON,
            case(
                (SchoolHoliday.class_id.is_(None), literal_column("'[]'::json")),
                else_=func.json_build_array(SchoolHoliday.class_id),
            ),
        )
        .where(
            SchoolHoliday.school_id == st.c.school_id,
            or_(SchoolHoliday.class_id.is_(None), SchoolHoliday.class_id == st.c.class_id),
            SchoolHoliday.starts_on <= last,
            SchoolHoliday.ends_on >= first,
        )
        .correlate(*outside)
    )
    tests = (
        select(
            Lesson.id,
            k(EventKind.test.value),
            func.concat(WorkType.name, k(": "), Subject.name),
            Lesson.starts_at,
            Lesson.ends_at,
            false(),
            Lesson.room,
            Lesson.topic,
            Lesson.id,
            obj(id=Subject.id, name=Subject.name),
            func.json_build_array(Lesson.class_id),
        )
        .join(WorkType, WorkType.id == Lesson.planned_work_type_id)
        .join(Subject, Subject.id == Lesson.subject_id)
        .where(
            Lesson.class_id == st.c.class_id,
            Lesson.date >= first,
            Lesson.date <= last,
            Lesson.status != LessonStatus.cancelled,
            _is_test(WorkType),
            or_(
                st.c.full,
                _correlated(teaches(viewer, st.c.class_id, Lesson.subject_id), Lesson, *outside),
            ),
        )
        .correlate(*outside)
    )
    every = union_all(events, holidays, tests).subquery("ev")
    item = obj(
        id=every.c.id,
        school_id=st.c.school_id,
        class_ids=every.c.class_ids,
        kind=every.c.kind,
        title=every.c.title,
        starts_at=local_text(every.c.starts_at, zone),
        ends_at=local_text(every.c.ends_at, zone),
        all_day=every.c.all_day,
        place=every.c.place,
        description=every.c.description,
        lesson_id=every.c.lesson_id,
        subject=every.c.subject,
    )
    return (
        select(json_list(item, every.c.starts_at, every.c.id)).select_from(every).scalar_subquery()
    )


@cache
def events_statement() -> Compiled:
    """``Page[Event]`` of one student between two local dates."""
    caller = caller_cte()
    viewer = viewer_of(caller)
    st = student_cte(caller, viewer)
    viewer = viewer_in(st)
    first = bindparam("first", type_=Date)
    last = bindparam("last", type_=Date)
    found = (
        select(student_events(st, viewer, first, last).label("items")).select_from(st).subquery()
    )
    items = found.c["items"]  # not ``.c.items``: that is the collection's method
    body = select(page_of(items, func.json_array_length(items))).select_from(found)
    return Compiled.of(answer(caller, body))


async def events_of_student(
    connection: asyncpg.Connection[Any],
    claims: tokens.AccessClaims,
    *,
    student_id: uuid.UUID,
    first: date,
    last: date,
) -> str | None:
    """``Page[Event]`` as JSON text; None when the student is not the caller's to see."""
    return await fetch_read(
        connection,
        claims,
        events_statement(),
        student_id=student_id,
        first=first,
        last=last,
        limit=1000,
        offset=0,
    )
