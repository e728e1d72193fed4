"""The lessons a term's timetable generates, and the instants of a lesson.

A lesson's instants come from the school's IANA zone: 08:30 on 23 November in
Asia/Vladivostok (UTC+10) is 22:30 UTC on the 22nd. ``zoneinfo`` applies each date's own
offset, so zones that once had (or still have) daylight saving time stay right too.
"""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.diary.holidays.service import DaysOff
from api.diary.lessons.models import Lesson, LessonStatus
from api.diary.structure.models import Term, TimetableSlot
from api.diary.structure.timetable import list_bells
from api.schools.models import School


def lesson_instants(
    day: date, starts: time, ends: time, zone: ZoneInfo
) -> tuple[datetime, datetime]:
    """UTC instants of a lesson held on local ``day`` from ``starts`` to ``ends``."""
    return (
        datetime.combine(day, starts, tzinfo=zone).astimezone(UTC),
        datetime.combine(day, ends, tzinfo=zone).astimezone(UTC),
    )


def term_days(term: Term) -> list[date]:
    return [
        term.starts_on + timedelta(days=n) for n in range((term.ends_on - term.starts_on).days + 1)
    ]


async def generate_lessons(session: AsyncSession, term: Term) -> tuple[int, int]:
    """Create the term's lessons from every class's template: (created, already there).

    Days off are skipped: the Russian calendar's (4 November, moved days off) and the
    school's own holidays (``api/diary/holidays``). Idempotent: a lesson already generated
    for a slot and date (even if moved since) is not created again — nor one of the same
    class, subject and bell on that date, since re-saving a timetable gives its slots new
    ids."""
    school = await session.get(School, term.school_id)
    assert school is not None
    zone = ZoneInfo(school.timezone)
    bells = {b.number: b for b in await list_bells(session, term.school_id)}
    slots = list(
        await session.scalars(select(TimetableSlot).where(TimetableSlot.term_id == term.id))
    )
    existing: set[tuple[object, ...]] = set()
    for slot_id, class_id, subject_id, number, day, original in await session.execute(
        select(
            Lesson.timetable_slot_id,
            Lesson.class_id,
            Lesson.subject_id,
            Lesson.number,
            Lesson.date,
            Lesson.original_date,
        ).where(Lesson.term_id == term.id)
    ):
        existing.add((slot_id, original or day))
        existing.add((class_id, subject_id, number, original or day))
    by_weekday: dict[int, list[TimetableSlot]] = {}
    for slot in slots:
        by_weekday.setdefault(slot.weekday, []).append(slot)
    rows = []
    already = 0
    days_off = await DaysOff.of(session, term.school_id, term.starts_on, term.ends_on)
    for day in term_days(term):
        for slot in by_weekday.get(day.isoweekday(), []):
            bell = bells.get(slot.number)
            if bell is None or days_off.includes(day, slot.class_id):
                continue
            if (slot.id, day) in existing or (
                (slot.class_id, slot.subject_id, slot.number, day) in existing
            ):
                already += 1
                continue
            starts_at, ends_at = lesson_instants(day, bell.starts_at, bell.ends_at, zone)
            rows.append(
                {
                    "id": uuid.uuid4(),
                    "school_id": term.school_id,
                    "class_id": slot.class_id,
                    "subject_id": slot.subject_id,
                    "term_id": term.id,
                    "timetable_slot_id": slot.id,
                    "teacher_id": slot.teacher_id,
                    "date": day,
                    "number": slot.number,
                    "starts_at": starts_at,
                    "ends_at": ends_at,
                    "room": slot.room,
                    "status": LessonStatus.scheduled,
                    "sequence": 0,
                }
            )
    for start in range(0, len(rows), 2000):
        await session.execute(insert(Lesson), rows[start : start + 2000])
    return len(rows), already
