"""Reading lessons for their teachers and changing them (move, cancel, substitute)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.diary import families
from api.diary.lessons.access import readable_lessons, taught_lessons
from api.diary.lessons.generation import lesson_instants
from api.diary.lessons.models import Lesson, LessonStatus
from api.diary.lessons.schemas import LessonPatch
from api.diary.structure import service as structure
from api.diary.structure import teachers as structure_teachers
from api.diary.structure.models import Bell, Subject
from api.errors import Forbidden, NotFound, ValidationFailed
from api.i18n import Text
from api.identity.deps import Principal
from api.identity.models import Role
from api.notifications import service as notifications
from api.notifications.service import Kind, Message
from api.schools.models import School
from api.webhooks import events as webhooks

MAX_RANGE = timedelta(days=93)


def check_range(start: date, end: date) -> None:
    if end < start or end - start > MAX_RANGE:
        raise ValidationFailed(
            code="date_range",
            detail=Text(
                "Период задан неверно: «по» не раньше «с», не длиннее 93 дней",
                "Bad range: 'to' must not precede 'from' and span at most 93 days",
            ),
        )


def lesson_not_found() -> NotFound:
    return NotFound(code="lesson_not_found", detail=Text("Такого урока нет", "No such lesson"))


async def get_readable(session: AsyncSession, principal: Principal, lesson_id: uuid.UUID) -> Lesson:
    lesson = await session.scalar(readable_lessons(principal).where(Lesson.id == lesson_id))
    if lesson is None:
        raise lesson_not_found()
    return lesson


async def get_taught(session: AsyncSession, principal: Principal, lesson_id: uuid.UUID) -> Lesson:
    """A lesson whose journal the caller keeps; any other answers 404."""
    lesson = await session.scalar(taught_lessons(principal).where(Lesson.id == lesson_id))
    if lesson is None:
        raise lesson_not_found()
    return lesson


_SCHEDULE_FIELDS = {"status", "date", "number", "substitute_teacher_id"}


async def change(
    session: AsyncSession, principal: Principal, lesson: Lesson, patch: LessonPatch
) -> Lesson:
    """Apply ``patch``; a cancellation, move or substitution notifies the class's families."""
    fields = patch.model_fields_set
    is_admin = principal.has_any(Role.school_admin) and principal.school_id == lesson.school_id
    if fields & _SCHEDULE_FIELDS and not is_admin:
        raise Forbidden(
            code="schedule_change_forbidden",
            detail=Text(
                "Переносить, отменять уроки и назначать замену может администрация школы",
                "Only the school administration may move, cancel or substitute lessons",
            ),
        )
    if not is_admin and not await session.scalar(
        select(taught_lessons(principal).where(Lesson.id == lesson.id).exists())
    ):
        # Families and pupils read the lesson; only its teacher (or a substitute) and the
        # school's administration change it.
        raise Forbidden(
            code="lesson_change_forbidden",
            detail=Text(
                "Изменять урок может его учитель или администрация школы",
                "Only the lesson's teacher or the school administration may change it",
            ),
        )
    changes: list[str] = []
    if "topic" in fields and patch.topic != lesson.topic:
        lesson.topic = patch.topic
        changes.append("topic")
    if "room" in fields and patch.room != lesson.room:
        lesson.room = patch.room
        changes.append("room")
    if "change_note" in fields:
        lesson.change_note = patch.change_note
    if (
        "substitute_teacher_id" in fields
        and patch.substitute_teacher_id != lesson.substitute_teacher_id
    ):
        if patch.substitute_teacher_id is not None:
            await structure_teachers.get_teacher(
                session,
                lesson.school_id,
                patch.substitute_teacher_id,
                field="substitute_teacher_id",
            )
        lesson.substitute_teacher_id = patch.substitute_teacher_id
        changes.append("substitute")
    if fields & {"date", "number"}:
        await _move(
            session,
            lesson,
            patch.date or lesson.date,
            lesson.number if patch.number is None else patch.number,
        )
        changes.append("moved")
    if "status" in fields and patch.status is not None:
        if patch.status == LessonStatus.cancelled and lesson.status != LessonStatus.cancelled:
            lesson.status = LessonStatus.cancelled
            changes.append("cancelled")
        elif patch.status == LessonStatus.scheduled and lesson.status == LessonStatus.cancelled:
            lesson.status = LessonStatus.moved if lesson.original_date else LessonStatus.scheduled
            changes.append("restored")
    if changes:
        lesson.sequence += 1
        lesson.updated_at = await session.scalar(select(func.now()))  # type: ignore[assignment]
        await session.flush()
        await webhooks.emit(
            session,
            lesson.school_id,
            webhooks.lesson_events(
                lesson_id=lesson.id,
                class_id=lesson.class_id,
                subject_id=lesson.subject_id,
                school_id=lesson.school_id,
                changes=changes,
            ),
        )
    schedule_changes = [c for c in changes if c not in ("topic", "room")]
    if schedule_changes:
        await _notify_families(session, lesson, schedule_changes)
    return lesson


async def _move(session: AsyncSession, lesson: Lesson, day: date, number: int) -> None:
    bell = await session.scalar(
        select(Bell).where(Bell.school_id == lesson.school_id, Bell.number == number)
    )
    if bell is None:
        raise structure.invalid(
            "number",
            "no_bell",
            "Для этого номера урока нет звонка",
            "No bell for this lesson number",
        )
    school = await session.get(School, lesson.school_id)
    assert school is not None
    if lesson.original_date is None:
        lesson.original_date, lesson.original_starts_at = lesson.date, lesson.starts_at
    lesson.date, lesson.number = day, number
    lesson.starts_at, lesson.ends_at = lesson_instants(
        day, bell.starts_at, bell.ends_at, ZoneInfo(school.timezone)
    )
    if lesson.status != LessonStatus.cancelled:
        lesson.status = LessonStatus.moved


_CHANGE_TEXT = {
    "cancelled": "урок отменён",
    "restored": "урок снова в расписании",
    "moved": "урок перенесён",
    "substitute": "замена учителя",
}


async def _notify_families(session: AsyncSession, lesson: Lesson, changes: Sequence[str]) -> None:
    subject = await session.get(Subject, lesson.subject_id)
    school = await session.get(School, lesson.school_id)
    assert subject is not None
    assert school is not None
    local = lesson.starts_at.astimezone(ZoneInfo(school.timezone))
    what = ", ".join(_CHANGE_TEXT[c] for c in changes)
    body = f"{subject.name}, {local:%d.%m} в {local:%H:%M}: {what}."
    if lesson.change_note:
        body += f" {lesson.change_note}"
    pairs = await families.family_accounts(session, class_id=lesson.class_id)
    messages = {
        student: Message(
            Kind.schedule, "Изменение расписания", body, families.diary_link(student, lesson.date)
        )
        for student, _ in pairs
    }
    await notifications.notify(session, families.to_each(pairs, messages))
