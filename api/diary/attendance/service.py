"""Attendance marks: guardians alerted at once, and told again when a mark is cleared.

An absence covered by an absence note does not alarm the family (they told the school);
once the class teacher acknowledges the note, such absences count as excused (see
``notes.py``).
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date
from zoneinfo import ZoneInfo

from sqlalchemy import delete, func, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from api.diary import families
from api.diary.attendance.access import clearable_lessons
from api.diary.attendance.models import (
    AbsenceNote,
    AbsenceNoteStatus,
    AttendanceMark,
    AttendanceStatus,
)
from api.diary.attendance.schemas import AttendanceIn, AttendanceOut
from api.diary.lessons.models import Lesson
from api.diary.lessons.service import lesson_not_found
from api.diary.schemas import Ref
from api.diary.structure.models import Student, Subject, pupils_of
from api.errors import FieldError, NotFound, ValidationFailed
from api.i18n import Text
from api.identity.deps import Principal
from api.notifications import service as notifications
from api.notifications.service import Kind, Message
from api.schools.models import School
from api.webhooks import events as webhooks

ALARMING = (AttendanceStatus.absent, AttendanceStatus.late)


def _error(index: int, field: str, code: str, ru: str, en: str) -> FieldError:
    return FieldError(f"{index}.{field}", code, Text(ru, en))


async def _notes_covering(
    session: AsyncSession, student_ids: Sequence[uuid.UUID], day: date
) -> dict[uuid.UUID, AbsenceNote]:
    rows = await session.scalars(
        select(AbsenceNote)
        .where(
            AbsenceNote.student_id.in_(list(student_ids)),
            AbsenceNote.from_date <= day,
            AbsenceNote.to_date >= day,
        )
        .order_by(AbsenceNote.created_at)
    )
    notes: dict[uuid.UUID, AbsenceNote] = {}
    for note in rows:
        if note.student_id not in notes or note.status == AbsenceNoteStatus.acknowledged:
            notes[note.student_id] = note
    return notes


async def mark(
    session: AsyncSession, principal: Principal, lesson: Lesson, items: Sequence[AttendanceIn]
) -> list[AttendanceOut]:
    """Record the lesson's attendance; guardians of newly absent or late students are
    alerted in the same transaction, unless an absence note covers the day."""
    roster = {
        s.id: s for s in await session.scalars(select(Student).where(pupils_of(lesson.class_id)))
    }
    errors: list[FieldError] = []
    seen: set[uuid.UUID] = set()
    for index, item in enumerate(items):
        if item.student_id not in roster:
            errors.append(
                _error(
                    index,
                    "student_id",
                    "student_not_in_class",
                    "Этот ученик не учится в классе урока",
                    "The student is not in the lesson's class",
                )
            )
        elif item.student_id in seen:
            errors.append(
                _error(
                    index,
                    "student_id",
                    "duplicate",
                    "Ученик указан дважды",
                    "The student appears twice",
                )
            )
        seen.add(item.student_id)
        if item.minutes_late is not None and item.status != "late":
            errors.append(
                _error(
                    index,
                    "minutes_late",
                    "not_late",
                    "Минуты опоздания — только при опоздании",
                    "Minutes late only go with late",
                )
            )
    if errors:
        raise ValidationFailed(
            code="attendance_invalid",
            detail=Text(
                "Посещаемость не сохранена: исправьте ошибки",
                "Attendance not saved: fix the listed items",
            ),
            errors=errors,
        )
    previous = {
        m.student_id: (m.status, m.alerted_at)
        for m in await session.scalars(
            select(AttendanceMark).where(AttendanceMark.lesson_id == lesson.id)
        )
    }
    notes = await _notes_covering(session, [i.student_id for i in items], lesson.date)
    now = await session.scalar(select(func.now()))
    alarms: list[tuple[Student, AttendanceIn]] = []
    marked: list[uuid.UUID] = []
    for item in items:
        status = AttendanceStatus(item.status)
        reason = item.reason
        note = notes.get(item.student_id)
        if (
            status == AttendanceStatus.absent
            and note is not None
            and note.status == AbsenceNoteStatus.acknowledged
        ):
            status, reason = AttendanceStatus.excused, reason or note.reason
        before, alerted_at = previous.get(item.student_id, (None, None))
        alarm = status in ALARMING and before != status and note is None
        if alarm:
            alerted_at = now
        elif status == AttendanceStatus.present:
            alerted_at = None  # no absence stands any more: nothing to withdraw later
        values = {
            "status": status,
            "minutes_late": item.minutes_late,
            "reason": reason,
            "marked_by": principal.account_id,
            "updated_at": now,
            "alerted_at": alerted_at,
        }
        await session.execute(
            insert(AttendanceMark)
            .values(
                id=uuid.uuid4(),
                lesson_id=lesson.id,
                student_id=item.student_id,
                date=lesson.date,
                **values,
            )
            .on_conflict_do_update(index_elements=["lesson_id", "student_id"], set_=values)
        )
        if alarm:
            alarms.append((roster[item.student_id], item))
        if before != status:
            marked.append(item.student_id)
    # Re-posting the same marks is no news: only students whose mark changed.
    if marked:
        await webhooks.emit(
            session,
            lesson.school_id,
            [
                webhooks.attendance_event(
                    lesson_id=lesson.id,
                    homeroom_id=lesson.class_id,
                    day=lesson.date,
                    student_ids=marked,
                    school_id=lesson.school_id,
                )
            ],
        )
    if alarms:
        await _alert(session, lesson, alarms)
    return await lesson_marks(session, lesson)


async def _lesson_words(session: AsyncSession, lesson: Lesson) -> str:
    """«Алгебра», 23.11 в 08:30 — the lesson as families read it, in the school's time."""
    subject = await session.get(Subject, lesson.subject_id)
    school = await session.get(School, lesson.school_id)
    assert subject is not None
    assert school is not None
    local = lesson.starts_at.astimezone(ZoneInfo(school.timezone))
    return f"«{subject.name}», {local:%d.%m} в {local:%H:%M}"


async def _alert(
    session: AsyncSession, lesson: Lesson, alarms: Sequence[tuple[Student, AttendanceIn]]
) -> None:
    when = await _lesson_words(session, lesson)
    messages: dict[uuid.UUID, Message] = {}
    for student, item in alarms:
        if item.status == "late":
            late = f" на {item.minutes_late} мин" if item.minutes_late else ""
            title, body = "Опоздание", f"{student.first_name} опоздал(а){late} на урок {when}."
        else:
            title, body = "Пропуск урока", f"{student.first_name} отсутствует на уроке {when}."
        messages[student.id] = Message(
            Kind.attendance, title, body, families.diary_link(student.id, lesson.date)
        )
    pairs = await families.family_accounts(session, student_ids=list(messages), guardians_only=True)
    await notifications.notify(session, families.to_each(pairs, messages))


async def get_clearable(
    session: AsyncSession, principal: Principal, lesson_id: uuid.UUID
) -> Lesson:
    """A lesson whose marks the caller may clear; any other answers 404."""
    lesson = await session.scalar(clearable_lessons(principal).where(Lesson.id == lesson_id))
    if lesson is None:
        raise lesson_not_found()
    return lesson


async def clear(session: AsyncSession, lesson: Lesson, student_id: uuid.UUID) -> None:
    """Remove the student's mark (one set by mistake); if the family was alerted of it,
    tell them it is withdrawn, in the same transaction."""
    removed = (
        await session.execute(
            delete(AttendanceMark)
            .where(AttendanceMark.lesson_id == lesson.id, AttendanceMark.student_id == student_id)
            .returning(AttendanceMark.status, AttendanceMark.alerted_at)
        )
    ).one_or_none()
    if removed is None:
        raise NotFound(
            code="attendance_mark_not_found",
            detail=Text(
                "У ученика нет отметки посещаемости на этом уроке",
                "The student has no attendance mark for this lesson",
            ),
        )
    status, alerted_at = removed
    if alerted_at is None:
        return
    student = await session.get(Student, student_id)
    assert student is not None
    when = await _lesson_words(session, lesson)
    if status == AttendanceStatus.late:
        title, what = "Отметка об опоздании снята", f"отметка об опоздании на урок {when}"
    else:
        title, what = "Отметка об отсутствии снята", f"отметка об отсутствии на уроке {when}"
    body = f"{student.first_name}: {what} снята."
    message = Message(Kind.attendance, title, body, families.diary_link(student.id, lesson.date))
    pairs = await families.family_accounts(session, student_ids=[student.id], guardians_only=True)
    await notifications.notify(session, families.to_each(pairs, {student.id: message}))


async def lesson_marks(session: AsyncSession, lesson: Lesson) -> list[AttendanceOut]:
    subject = await session.get(Subject, lesson.subject_id)
    assert subject is not None
    rows = await session.scalars(
        select(AttendanceMark)
        .join(Student, Student.id == AttendanceMark.student_id)
        .where(AttendanceMark.lesson_id == lesson.id)
        .order_by(Student.last_name, Student.first_name, Student.id)
    )
    return [_out(m, lesson, subject) for m in rows]


def _out(mark: AttendanceMark, lesson: Lesson, subject: Subject) -> AttendanceOut:
    return AttendanceOut(
        student_id=mark.student_id,
        lesson_id=lesson.id,
        date=mark.date,
        lesson_number=lesson.number,
        subject=Ref(id=subject.id, name=subject.name),
        status=mark.status.value,
        minutes_late=mark.minutes_late,
        reason=mark.reason,
        updated_at=mark.updated_at,
    )
