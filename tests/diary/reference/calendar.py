"""The ORM reading of the iCalendar feed (``api/diary/calendar/feed.py``), written by the
``icalendar`` library as the route wrote it before it became one statement: lessons,
school and class events, school holidays (all-day), planned tests (on their lesson) and
meeting bookings. Times carry the school's zone (``TZID`` with its ``VTIMEZONE``);
events, tests and bookings have an alarm the day before (``VALARM``). The tests hold
the route's bytes equal to ``feed_text``'s."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cache
from zoneinfo import ZoneInfo

from icalendar import Alarm, Calendar, Event, Timezone, vDuration
from sqlalchemy import and_, exists, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from api.diary.events.models import SchoolEvent, SchoolEventClass
from api.diary.events.statements import TEST_WORK_TYPES
from api.diary.grades.models import WorkType
from api.diary.holidays.models import SchoolHoliday
from api.diary.lessons.models import Lesson, LessonStatus
from api.diary.meetings.models import Meeting, MeetingSlot
from api.diary.schemas import person_name
from api.diary.structure.models import Guardianship, Student, Subject, on_roster
from api.identity.models import Account
from api.schools.models import School, SchoolClass

PAST = timedelta(days=31)
AHEAD = timedelta(days=120)
REFRESH = timedelta(hours=1)
DAY_BEFORE = timedelta(days=-1)


@dataclass(frozen=True, slots=True)
class Window:
    start: datetime
    end: datetime


def _alarm(summary: str) -> Alarm:
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("trigger", DAY_BEFORE)
    alarm.add("description", f"Завтра: {summary}")
    return alarm


def _event(
    uid: str,
    summary: str,
    starts: datetime | date,
    ends: datetime | date,
    *,
    stamp: datetime,
    sequence: int = 0,
    location: str | None = None,
    description: str | None = None,
    cancelled: bool = False,
    remind: bool = False,
) -> Event:
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", stamp)
    event.add("last-modified", stamp)
    event.add("dtstart", starts)
    event.add("dtend", ends)
    event.add("sequence", sequence)
    event.add("summary", summary)
    if location:
        event.add("location", location)
    if description:
        event.add("description", description)
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    if remind and not cancelled:
        event.add_component(_alarm(summary))
    return event


def _family_students(account_id: uuid.UUID) -> object:
    # The feed is the days ahead: a pupil who left the school has none there.
    return and_(
        on_roster(),
        or_(
            Student.account_id == account_id,
            Student.id.in_(
                select(Guardianship.student_id).where(Guardianship.account_id == account_id)
            ),
        ),
    )


async def lessons(session: AsyncSession, account: Account, window: Window) -> list[Event]:
    mine = account.id
    family_classes = select(Student.class_id).where(_family_students(mine))  # type: ignore[arg-type]
    teacher, substitute, planned = aliased(Account), aliased(Account), aliased(WorkType)
    rows = await session.execute(
        select(Lesson, Subject.name, SchoolClass, School.timezone, teacher, substitute, planned)
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
            Lesson.starts_at >= window.start,
            Lesson.starts_at <= window.end,
        )
        .order_by(Lesson.starts_at, Lesson.id)
    )
    out = []
    for lesson, subject, school_class, timezone, lead, sub, work in rows:
        zone = ZoneInfo(timezone)
        who = sub or lead
        description = [f"Учитель: {person_name(who.last_name, who.first_name, who.middle_name)}"]
        if sub is not None:
            description.append("Замена")
        if work is not None:
            description.append(f"Запланировано: {work.name}")
        if lesson.topic:
            description.append(f"Тема: {lesson.topic}")
        if lesson.status == LessonStatus.moved and lesson.original_date:
            description.append(f"Перенесён с {lesson.original_date:%d.%m.%Y}")
        if lesson.change_note:
            description.append(lesson.change_note)
        summary = f"{lesson.number}. {subject} ({school_class.name})"
        if work is not None and work.code in TEST_WORK_TYPES:
            summary = f"{summary} — {work.name}"
        out.append(
            _event(
                f"{lesson.id}@edudiary",
                summary,
                lesson.starts_at.astimezone(zone),
                lesson.ends_at.astimezone(zone),
                stamp=lesson.updated_at,
                sequence=lesson.sequence,
                location=f"каб. {lesson.room}" if lesson.room else None,
                description="\n".join(description),
                cancelled=lesson.status == LessonStatus.cancelled,
                remind=work is not None and work.code in TEST_WORK_TYPES,
            )
        )
    return out


async def school_events(session: AsyncSession, account: Account, window: Window) -> list[Event]:
    """Events of the account's children's (or own) classes and schools; staff: their
    school's."""
    students = (
        select(Student.school_id, Student.class_id)
        .where(
            _family_students(account.id)  # type: ignore[arg-type]
        )
        .subquery()
    )
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
    of_staff = SchoolEvent.school_id == account.school_id if account.school_id is not None else None
    visible = or_(of_family, of_staff) if of_staff is not None else of_family
    rows = await session.execute(
        select(SchoolEvent, School.timezone)
        .join(School, School.id == SchoolEvent.school_id)
        .where(visible, SchoolEvent.ends_at >= window.start, SchoolEvent.starts_at <= window.end)
        .order_by(SchoolEvent.starts_at, SchoolEvent.id)
    )
    return [
        _event(
            f"event-{event.id}@edudiary",
            event.title,
            event.starts_at.astimezone(ZoneInfo(timezone)),
            event.ends_at.astimezone(ZoneInfo(timezone)),
            stamp=event.created_at,
            location=event.place,
            description=event.description,
            remind=True,
        )
        for event, timezone in rows
    ]


async def holidays(session: AsyncSession, account: Account, window: Window) -> list[Event]:
    students = (
        select(Student.school_id, Student.class_id)
        .where(
            _family_students(account.id)  # type: ignore[arg-type]
        )
        .subquery()
    )
    of_family = exists().where(
        students.c.school_id == SchoolHoliday.school_id,
        or_(SchoolHoliday.class_id.is_(None), SchoolHoliday.class_id == students.c.class_id),
    )
    visible = (
        or_(
            of_family,
            and_(SchoolHoliday.school_id == account.school_id, SchoolHoliday.class_id.is_(None)),
        )
        if account.school_id is not None
        else of_family
    )
    rows = await session.scalars(
        select(SchoolHoliday)
        .where(
            visible,
            SchoolHoliday.ends_on >= window.start.date(),
            SchoolHoliday.starts_on <= window.end.date(),
        )
        .order_by(SchoolHoliday.starts_on, SchoolHoliday.id)
    )
    return [
        _event(
            f"holiday-{h.id}@edudiary",
            h.name,
            h.starts_on,
            h.ends_on + timedelta(days=1),
            stamp=h.created_at,
        )
        for h in rows
    ]


async def bookings(session: AsyncSession, account: Account, window: Window) -> list[Event]:
    """Slots booked for the account's children (or the student), and the booked slots of
    meetings the account organises."""
    family = select(Student.id).where(_family_students(account.id))  # type: ignore[arg-type]
    rows = await session.execute(
        select(MeetingSlot, Meeting, School.timezone, Student)
        .join(Meeting, Meeting.id == MeetingSlot.meeting_id)
        .join(School, School.id == Meeting.school_id)
        .join(Student, Student.id == MeetingSlot.student_id)
        .where(
            or_(MeetingSlot.student_id.in_(family), Meeting.organiser_id == account.id),
            MeetingSlot.starts_at >= window.start,
            MeetingSlot.starts_at <= window.end,
        )
        .order_by(MeetingSlot.starts_at, MeetingSlot.id)
    )
    out = []
    for slot, meeting, timezone, student in rows:
        zone = ZoneInfo(timezone)
        organiser = meeting.organiser_id == account.id
        who = person_name(student.last_name, student.first_name, None)
        out.append(
            _event(
                f"meeting-slot-{slot.id}@edudiary",
                f"{meeting.title}: {who}" if organiser else meeting.title,
                slot.starts_at.astimezone(zone),
                slot.ends_at.astimezone(zone),
                stamp=slot.booked_at or meeting.created_at,
                location=meeting.place,
                description=f"Запись: {who}",
                remind=True,
            )
        )
    return out


async def calendar(session: AsyncSession, account: Account, now: datetime) -> Calendar:
    window = Window(now - PAST, now + AHEAD)
    cal = Calendar()
    cal.add("prodid", "-//edudiary//Электронный дневник//RU")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", f"Дневник — {person_name(account.last_name, account.first_name, None)}")
    cal.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    # An X-property would take str(timedelta) («1:00:00»): Outlook reads a duration.
    cal.add("x-published-ttl", vDuration(REFRESH))
    for part in (lessons, school_events, holidays, bookings):
        for event in await part(session, account, window):
            cal.add_component(event)
    for tzid in sorted(cal.get_missing_tzids()):
        zone = _vtimezone(tzid)
        if zone is not None:
            cal.add_component(zone)
    cal.subcomponents.sort(key=lambda part: part.name != "VTIMEZONE")  # zones first, stable
    return cal


async def feed_text(session: AsyncSession, account: Account, now: datetime) -> bytes:
    text: bytes = (await calendar(session, account, now)).to_ical()
    return text


@cache
def _vtimezone(tzid: str) -> Timezone | None:
    """The VTIMEZONE of a school's zone, built once per process: deriving its transitions
    from the tz database was a fifth of the feed's CPU (``Calendar.add_missing_timezones``
    does it on every call). Only read afterwards (``to_ical``), so one copy serves all."""
    try:
        return Timezone.from_tzid(tzid)
    except ValueError:  # not in the tz database: the feed goes out without it, as before
        return None
