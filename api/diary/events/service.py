"""Creating events (school staff) and planning a lesson's work (its teacher)."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from api.diary.events.models import EventKind, SchoolEvent, SchoolEventClass
from api.diary.events.schemas import Event, EventIn, PlannedWorkIn
from api.diary.grades import service as grades_service
from api.diary.grades.models import WorkType
from api.diary.holidays.models import SchoolHoliday
from api.diary.lessons.models import Lesson
from api.diary.schemas import WorkTypeRef
from api.errors import FieldError, Forbidden, NotFound, ValidationFailed
from api.i18n import Text
from api.identity import clock
from api.identity.deps import Principal
from api.identity.models import Role
from api.schools.models import School, SchoolClass

MAX_LENGTH = timedelta(days=92)


def _invalid(field: str, code: str, ru: str, en: str) -> ValidationFailed:
    return ValidationFailed(
        code="event_invalid",
        detail=Text("Проверьте данные события", "Check the event"),
        errors=[FieldError(field, code, Text(ru, en))],
    )


def school_not_found() -> NotFound:
    return NotFound(code="school_not_found", detail=Text("Такой школы нет", "No such school"))


async def create(session: AsyncSession, principal: Principal, body: EventIn) -> Event:
    """An event of the caller's school (another school's id answers 404). A holiday is
    written where holidays live (``school_holidays``: lessons are not generated on it),
    by the school administration only."""
    if principal.school_id != body.school_id:
        raise school_not_found()
    school = await session.get(School, body.school_id)
    if school is None:
        raise school_not_found()
    if body.ends_at < body.starts_at:
        raise _invalid(
            "ends_at", "times_ordered", "Конец раньше начала", "The end precedes the start"
        )
    if body.ends_at - body.starts_at > MAX_LENGTH:
        raise _invalid(
            "ends_at", "too_long", "Событие длиннее трёх месяцев", "Longer than 3 months"
        )
    class_ids = sorted(set(body.class_ids or []))
    if class_ids:
        found = set(
            await session.scalars(
                select(SchoolClass.id).where(
                    SchoolClass.school_id == school.id, SchoolClass.id.in_(class_ids)
                )
            )
        )
        if found != set(class_ids):
            raise _invalid("class_ids", "class_not_found", "Такого класса нет", "No such class")
    zone = ZoneInfo(school.timezone)
    if body.kind == EventKind.holiday:
        return await _holiday(session, principal, school, body, class_ids, zone)
    event = SchoolEvent(
        id=uuid.uuid4(),
        school_id=school.id,
        whole_school=not class_ids,
        kind=body.kind,
        title=body.title,
        starts_at=body.starts_at,
        ends_at=body.ends_at,
        place=body.place or None,
        description=body.description or None,
        author_id=principal.account_id,
    )
    session.add(event)
    await session.flush()
    session.add_all(SchoolEventClass(event_id=event.id, class_id=c) for c in class_ids)
    await session.flush()
    return Event(
        id=event.id,
        school_id=school.id,
        class_ids=class_ids,
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


async def _holiday(
    session: AsyncSession,
    principal: Principal,
    school: School,
    body: EventIn,
    class_ids: list[uuid.UUID],
    zone: ZoneInfo,
) -> Event:
    if not principal.has_any(Role.school_admin):
        raise Forbidden(
            code="role_required",
            detail=Text(
                "Каникулы вносит администрация школы",
                "Holidays are entered by the school's administration",
            ),
        )
    first = body.starts_at.astimezone(zone).date()
    last = body.ends_at.astimezone(zone).date()
    if last > first and body.ends_at.astimezone(zone).time() == datetime.min.time():
        last -= timedelta(days=1)  # ends at midnight: the day before is the last one
    targets: list[uuid.UUID | None] = [*class_ids] if class_ids else [None]
    rows = [
        SchoolHoliday(
            id=uuid.uuid4(),
            school_id=school.id,
            class_id=class_id,
            name=body.title,
            starts_on=first,
            ends_on=last,
        )
        for class_id in targets
    ]
    session.add_all(rows)
    await session.flush()
    starts = datetime.combine(first, datetime.min.time(), zone)
    return Event(
        id=rows[0].id,
        school_id=school.id,
        class_ids=class_ids,
        kind=EventKind.holiday,
        title=body.title,
        starts_at=starts,
        ends_at=datetime.combine(last + timedelta(days=1), datetime.min.time(), zone),
        all_day=True,
        place=None,
        description=None,
        lesson_id=None,
        subject=None,
    )


async def plan_work(
    session: AsyncSession, lesson: Lesson, body: PlannedWorkIn
) -> WorkTypeRef | None:
    """Mark a coming lesson's planned work (a test) or clear it. A lesson that has begun
    keeps what it had: 422 ``lesson_started``."""
    if lesson.starts_at <= clock.now():
        raise ValidationFailed(
            code="lesson_started",
            detail=Text(
                "Работу можно запланировать только на будущий урок",
                "Work can be planned for a future lesson only",
            ),
        )
    if body.work_type_code is None:
        lesson.planned_work_type_id = None
        await session.flush()
        return None
    work_types = await grades_service.ensure_work_types(session, lesson.school_id)
    chosen: WorkType | None = next((w for w in work_types if w.code == body.work_type_code), None)
    if chosen is None:
        raise ValidationFailed(
            code="work_type_not_found",
            detail=Text("Такого вида работы нет", "No such work type"),
            errors=[
                FieldError(
                    "work_type_code",
                    "work_type_not_found",
                    Text("Такого вида работы нет", "No such work type"),
                )
            ],
        )
    lesson.planned_work_type_id = chosen.id
    lesson.sequence += 1
    lesson.updated_at = clock.now()
    await session.flush()
    return WorkTypeRef(code=chosen.code, name=chosen.name, weight=float(chosen.weight))
