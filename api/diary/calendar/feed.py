"""The iCalendar feed in one statement: lessons, school and class events, school holidays
(all-day), planned tests (on their lesson) and meeting bookings of the days around now.
Times carry the school's zone (``TZID``, its ``VTIMEZONE`` added by ``ical.document``);
events, tests and bookings have an alarm the day before (``VALARM``).

Why one statement that writes the text: the feed is what calendar clients poll every few
minutes for every subscribed family. Built from ORM objects and ``icalendar`` components
it cost ≈ 125 ms of CPU per request (74× the week diary). Here PostgreSQL finds the feed
by its token, scopes the rows and writes each event's content lines in the order the
library wrote them; it also hashes the text into the ETag, so a client whose copy is
current (``If-None-Match``) gets a 304 without the body leaving the database.
``tests/diary/reference/calendar.py`` is the library-built feed the tests hold it equal to.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache
from typing import Any

import asyncpg
from sqlalchemy import (
    ARRAY,
    Boolean,
    ColumnElement,
    DateTime,
    String,
    and_,
    any_,
    bindparam,
    case,
    cast,
    exists,
    func,
    literal_column,
    null,
    or_,
    select,
    union_all,
)
from sqlalchemy.dialects.postgresql import aggregate_order_by
from sqlalchemy.orm import aliased

from api.diary.calendar import ical
from api.diary.calendar.models import CalendarFeed
from api.diary.events.models import SchoolEvent, SchoolEventClass
from api.diary.events.statements import TEST_WORK_TYPES
from api.diary.grades.models import WorkType
from api.diary.holidays.models import SchoolHoliday
from api.diary.lessons.models import Lesson, LessonStatus
from api.diary.meetings.models import Meeting, MeetingSlot
from api.diary.structure.models import Guardianship, Student, Subject, on_roster
from api.identity.models import Account, AccountStatus
from api.schools.models import School, SchoolClass
from api.statements import Compiled, class_name, full_name, k

PAST = timedelta(days=31)
AHEAD = timedelta(days=120)

# Part of every ETag: a release that writes the feed differently changes it.
FORMAT = "ics-1"


def _family_students(mine: Any) -> ColumnElement[bool]:
    # The feed is the days ahead: a pupil who left the school has none there.
    return and_(
        on_roster(),
        or_(
            Student.account_id == mine,
            Student.id.in_(select(Guardianship.student_id).where(Guardianship.account_id == mine)),
        ),
    )


def _numbered(*order: Any) -> ColumnElement[int]:
    """The row's place in its part (the parts are concatenated in a fixed order)."""
    return func.row_number().over(order_by=order)


def _lessons(mine: Any, start: Any, end: Any) -> Any:
    """The account's own lessons (taught or substituted) and its family's classes'."""
    family_classes = select(Student.class_id).where(_family_students(mine))
    teacher, substitute, planned = aliased(Account), aliased(Account), aliased(WorkType)
    is_test = or_(*(planned.code == code for code in TEST_WORK_TYPES))
    zone = School.timezone
    who = case(
        (
            substitute.id.is_not(None),
            full_name(substitute.last_name, substitute.first_name, substitute.middle_name),
        ),
        else_=full_name(teacher.last_name, teacher.first_name, teacher.middle_name),
    )
    moved = and_(Lesson.status == LessonStatus.moved, Lesson.original_date.is_not(None))
    day = k("DD.MM.YYYY")
    description = func.concat_ws(
        k("\n"),
        ical.cat(k("Учитель: "), who),
        case((substitute.id.is_not(None), k("Замена"))),
        ical.cat(k("Запланировано: "), planned.name),
        ical.cat(k("Тема: "), func.nullif(Lesson.topic, k(""))),
        case((moved, ical.cat(k("Перенесён с "), func.to_char(Lesson.original_date, day)))),
        func.nullif(Lesson.change_note, k("")),
    )
    title = ical.cat(
        cast(Lesson.number, String), k(". "), Subject.name, k(" ("), class_name(SchoolClass), k(")")
    )
    summary = case((is_test, ical.cat(title, k(" — "), planned.name)), else_=title)
    block = ical.vevent(
        uid=ical.cat(cast(Lesson.id, String), k("@edudiary")),
        summary=summary,
        start=ical.local("DTSTART", Lesson.starts_at, zone),
        end=ical.local("DTEND", Lesson.ends_at, zone),
        stamp=Lesson.updated_at,
        sequence=Lesson.sequence,
        location=ical.cat(k("каб. "), func.nullif(Lesson.room, k(""))),
        description=description,
        cancelled=Lesson.status == LessonStatus.cancelled,
        remind=is_test,  # NULL without planned work: no alarm
    )
    return (
        select(
            literal_column("1").label("part"),
            _numbered(Lesson.starts_at, Lesson.id).label("n"),
            zone.label("zone"),
            Lesson.updated_at.label("stamp"),
            block.label("block"),
        )
        .join(Subject, Subject.id == Lesson.subject_id)
        .join(SchoolClass, SchoolClass.id == Lesson.class_id)
        .join(School, School.id == Lesson.school_id)
        .join(teacher, teacher.id == Lesson.teacher_id)
        .outerjoin(substitute, substitute.id == Lesson.substitute_teacher_id)
        .outerjoin(planned, planned.id == Lesson.planned_work_type_id)
        .where(
            or_(
                Lesson.teacher_id == mine,
                Lesson.substitute_teacher_id == mine,
                Lesson.class_id.in_(family_classes),
            ),
            Lesson.starts_at >= start,
            Lesson.starts_at <= end,
        )
    )


def _school_events(mine: Any, school_id: Any, start: Any, end: Any) -> Any:
    """Events of the account's children's (or own) classes and schools; staff: their
    school's."""
    students = select(Student.school_id, Student.class_id).where(_family_students(mine)).subquery()
    of_family = exists().where(
        students.c.school_id == SchoolEvent.school_id,
        or_(
            SchoolEvent.whole_school,
            exists().where(
                SchoolEventClass.event_id == SchoolEvent.id,
                SchoolEventClass.class_id == students.c.class_id,
            ),
        ),
    )
    zone = School.timezone
    block = ical.vevent(
        uid=ical.cat(k("event-"), cast(SchoolEvent.id, String), k("@edudiary")),
        summary=SchoolEvent.title,
        start=ical.local("DTSTART", SchoolEvent.starts_at, zone),
        end=ical.local("DTEND", SchoolEvent.ends_at, zone),
        stamp=SchoolEvent.created_at,
        location=SchoolEvent.place,
        description=SchoolEvent.description,
        remind=True,
    )
    return (
        select(
            literal_column("2").label("part"),
            _numbered(SchoolEvent.starts_at, SchoolEvent.id).label("n"),
            zone.label("zone"),
            SchoolEvent.created_at.label("stamp"),
            block.label("block"),
        )
        .join(School, School.id == SchoolEvent.school_id)
        .where(
            or_(of_family, SchoolEvent.school_id == school_id),  # NULL school: not staff
            SchoolEvent.ends_at >= start,
            SchoolEvent.starts_at <= end,
        )
    )


def _holidays(mine: Any, school_id: Any, first: Any, last: Any) -> Any:
    """Whole days: the family's schools' and classes'; staff: their school's."""
    students = select(Student.school_id, Student.class_id).where(_family_students(mine)).subquery()
    of_family = exists().where(
        students.c.school_id == SchoolHoliday.school_id,
        or_(SchoolHoliday.class_id.is_(None), SchoolHoliday.class_id == students.c.class_id),
    )
    of_staff = and_(SchoolHoliday.school_id == school_id, SchoolHoliday.class_id.is_(None))
    day = k("YYYYMMDD")
    block = ical.vevent(
        uid=ical.cat(k("holiday-"), cast(SchoolHoliday.id, String), k("@edudiary")),
        summary=SchoolHoliday.name,
        start=ical.cat(k("DTSTART;VALUE=DATE:"), func.to_char(SchoolHoliday.starts_on, day)),
        end=ical.cat(
            k("DTEND;VALUE=DATE:"),
            func.to_char(SchoolHoliday.ends_on + literal_column("1"), day),
        ),
        stamp=SchoolHoliday.created_at,
    )
    return select(
        literal_column("3").label("part"),
        _numbered(SchoolHoliday.starts_on, SchoolHoliday.id).label("n"),
        null().label("zone"),
        SchoolHoliday.created_at.label("stamp"),
        block.label("block"),
    ).where(
        or_(of_family, of_staff),
        SchoolHoliday.ends_on >= first,
        SchoolHoliday.starts_on <= last,
    )


def _bookings(mine: Any, start: Any, end: Any) -> Any:
    """Slots booked for the account's children (or the student), and the booked slots of
    meetings the account organises (named after who booked)."""
    family = select(Student.id).where(_family_students(mine))
    zone = School.timezone
    who = full_name(Student.last_name, Student.first_name, None)
    organiser = Meeting.organiser_id == mine
    stamp = func.coalesce(MeetingSlot.booked_at, Meeting.created_at)
    block = ical.vevent(
        uid=ical.cat(k("meeting-slot-"), cast(MeetingSlot.id, String), k("@edudiary")),
        summary=case((organiser, ical.cat(Meeting.title, k(": "), who)), else_=Meeting.title),
        start=ical.local("DTSTART", MeetingSlot.starts_at, zone),
        end=ical.local("DTEND", MeetingSlot.ends_at, zone),
        stamp=stamp,
        location=Meeting.place,
        description=ical.cat(k("Запись: "), who),
        remind=True,
    )
    return (
        select(
            literal_column("4").label("part"),
            _numbered(MeetingSlot.starts_at, MeetingSlot.id).label("n"),
            zone.label("zone"),
            stamp.label("stamp"),
            block.label("block"),
        )
        .select_from(MeetingSlot)
        .join(Meeting, Meeting.id == MeetingSlot.meeting_id)
        .join(School, School.id == Meeting.school_id)
        .join(Student, Student.id == MeetingSlot.student_id)
        .where(
            or_(MeetingSlot.student_id.in_(family), organiser),
            MeetingSlot.starts_at >= start,
            MeetingSlot.starts_at <= end,
        )
    )


@cache
def feed_statement() -> Compiled:
    """One row for a live token of an active account (none otherwise): the calendar's
    escaped name, the zones its times use, the ETag, the newest change among its events
    and the events' text — NULL when the ETag is one of ``tags`` (the client's copy)."""
    account = (
        select(
            Account.id,
            Account.school_id,
            # As the library wrote an X- property: not escaped (it refused a line break,
            # which a name cannot have).
            func.translate(
                ical.cat(k("Дневник — "), full_name(Account.last_name, Account.first_name, None)),
                k("\r\n"),
                k("  "),
            ).label("name"),
        )
        .join(CalendarFeed, CalendarFeed.account_id == Account.id)
        .where(
            CalendarFeed.token_hash == bindparam("token_hash", type_=String),
            CalendarFeed.revoked_at.is_(None),
            Account.status == AccountStatus.active,
        )
        .cte("account")
    )
    mine = select(account.c.id).scalar_subquery()
    school_id = select(account.c.school_id).scalar_subquery()
    start = bindparam("start", type_=DateTime(timezone=True))
    end = bindparam("end", type_=DateTime(timezone=True))
    parts = union_all(
        _lessons(mine, start, end),
        _school_events(mine, school_id, start, end),
        _holidays(mine, school_id, bindparam("first"), bindparam("last")),
        _bookings(mine, start, end),
    ).subquery("parts")
    events = select(
        func.coalesce(
            func.string_agg(parts.c.block, aggregate_order_by(k(""), parts.c.part, parts.c.n)),
            k(""),
        ).label("text"),
        func.coalesce(
            func.array_agg(func.distinct(parts.c.zone)).filter(parts.c.zone.is_not(None)),
            literal_column("'{}'::text[]"),
        ).label("zones"),
        func.max(parts.c.stamp).label("last_modified"),
    ).cte("events")
    etag = func.md5(
        func.concat_ws(
            k("\n"),
            bindparam("format", FORMAT, type_=String),
            account.c.name,
            func.array_to_string(events.c.zones, k(",")),
            events.c.text,
        )
    )
    tags = bindparam("tags", type_=ARRAY(String))
    fresh = or_(etag == any_(tags), bindparam("any_tag", type_=Boolean))
    statement = select(
        account.c.name,
        events.c.zones,
        events.c.last_modified,
        etag.label("etag"),
        case((fresh, null()), else_=events.c.text).label("text"),
    ).select_from(account, events)
    return Compiled.of(statement)


@dataclass(frozen=True, slots=True)
class Feed:
    etag: str  # quoted, as the header carries it
    last_modified: datetime | None  # the newest change among the events (None: no events)
    body: bytes | None  # None: the client's copy (If-None-Match) is current


async def read(
    connection: asyncpg.Connection[Any],
    token_hash: str,
    now: datetime,
    tags: list[str],
    any_tag: bool,
) -> Feed | None:
    """The feed of ``token_hash`` (None when revoked or unknown) around ``now``."""
    compiled = feed_statement()
    start, end = now - PAST, now + AHEAD
    row = await connection.fetchrow(
        compiled.sql,
        *compiled.args(
            token_hash=token_hash,
            start=start,
            end=end,
            first=start.date(),
            last=end.date(),
            tags=tags,
            any_tag=any_tag,
        ),
    )
    if row is None:
        return None
    text: str | None = row["text"]
    body = None if text is None else ical.document(row["name"], row["zones"], text)
    return Feed(f'"{row["etag"]}"', row["last_modified"], body)
