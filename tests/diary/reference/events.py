"""The ORM reading of a student's events (``api/diary/events/statements.py``)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import or_, select, true
from sqlalchemy.ext.asyncio import AsyncSession

from api.diary.events.models import EventKind, SchoolEvent, SchoolEventClass
from api.diary.events.schemas import Event
from api.diary.events.statements import TEST_WORK_TYPES
from api.diary.grades.models import WorkType
from api.diary.holidays.models import SchoolHoliday
from api.diary.lessons.models import Lesson, LessonStatus
from api.diary.schemas import Ref
from api.diary.structure.models import Student, Subject
from api.diary.structure.viewer import Viewer, sees_student_fully, teaches


async def student_events(
    session: AsyncSession, viewer: Viewer, student: Student, zone: ZoneInfo, first: date, last: date
) -> list[Event]:
    start = datetime.combine(first, time(), zone)
    end = datetime.combine(last + timedelta(days=1), time(), zone)
    found: list[Event] = []
    for event in await session.scalars(
        select(SchoolEvent).where(
            SchoolEvent.school_id == student.school_id,
            SchoolEvent.starts_at < end,
            SchoolEvent.ends_at >= start,
        )
    ):
        classes = sorted(
            await session.scalars(
                select(SchoolEventClass.class_id).where(SchoolEventClass.event_id == event.id)
            ),
            key=str,
        )
        if not event.whole_school and student.class_id not in classes:
            continue
        found.append(
            Event(
                id=event.id,
                school_id=event.school_id,
                class_ids=classes,
                kind=event.kind,
                title=event.title,
                starts_at=event.starts_at.astimezone(zone),
                ends_at=event.ends_at.astimezone(zone),
                all_day=False,
                place=event.place,
                description=event.description,
                lesson_id=None,
                subject=None,
            )
        )
    for holiday in await session.scalars(
        select(SchoolHoliday).where(
            SchoolHoliday.school_id == student.school_id,
            or_(SchoolHoliday.class_id.is_(None), SchoolHoliday.class_id == student.class_id),
            SchoolHoliday.starts_on <= last,
            SchoolHoliday.ends_on >= first,
        )
    ):
        found.append(
            Event(
                id=holiday.id,
                school_id=holiday.school_id,
                class_ids=[holiday.class_id] if holiday.class_id else [],
                kind=EventKind.holiday,
                title=holiday.name,
                starts_at=datetime.combine(holiday.starts_on, time(), zone),
                ends_at=datetime.combine(holiday.ends_on + timedelta(days=1), time(), zone),
                all_day=True,
                place=None,
                description=None,
                lesson_id=None,
                subject=None,
            )
        )
    full = bool(
        await session.scalar(select(sees_student_fully(viewer)).where(Student.id == student.id))
    )
    for lesson, work_type, subject in await session.execute(
        select(Lesson, WorkType, Subject)
        .join(WorkType, WorkType.id == Lesson.planned_work_type_id)
        .join(Subject, Subject.id == Lesson.subject_id)
        .where(
            Lesson.class_id == student.class_id,
            Lesson.date >= first,
            Lesson.date <= last,
            Lesson.status != LessonStatus.cancelled,
            WorkType.code.in_(TEST_WORK_TYPES),
            true() if full else teaches(viewer, student.class_id, Lesson.subject_id),
        )
    ):
        found.append(
            Event(
                id=lesson.id,
                school_id=lesson.school_id,
                class_ids=[lesson.class_id],
                kind=EventKind.test,
                title=f"{work_type.name}: {subject.name}",
                starts_at=lesson.starts_at.astimezone(zone),
                ends_at=lesson.ends_at.astimezone(zone),
                all_day=False,
                place=lesson.room,
                description=lesson.topic,
                lesson_id=lesson.id,
                subject=Ref(id=subject.id, name=subject.name),
            )
        )
    return sorted(found, key=lambda e: (e.starts_at, str(e.id)))
