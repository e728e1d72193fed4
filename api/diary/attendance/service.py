"""Attendance marks (guardians alerted at once) and absence notes.

An absence covered by an absence note does not alarm the family (they told the school);
once the class teacher acknowledges the note, such absences count as excused.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date
from zoneinfo import ZoneInfo

from sqlalchemy import func, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from api.diary import families
from api.diary.access import Viewer, runs_class
from api.diary.attendance.models import (
    AbsenceNote,
    AbsenceNoteStatus,
    AttendanceMark,
    AttendanceStatus,
)
from api.diary.attendance.schemas import AbsenceNoteIn, AbsenceNoteOut, AttendanceIn, AttendanceOut
from api.diary.lessons.models import Lesson
from api.diary.reading.service import account_ref, grade_visible
from api.diary.schemas import Ref
from api.diary.structure.models import ClassTeacher, Guardianship, Student, Subject
from api.errors import FieldError, Forbidden, NotFound, ValidationFailed
from api.i18n import Text
from api.identity.deps import Principal
from api.identity.models import Account
from api.notifications import service as notifications
from api.notifications.service import Kind, Message
from api.schools.models import School

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
        s.id: s
        for s in await session.scalars(select(Student).where(Student.class_id == lesson.class_id))
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
        m.student_id: m.status
        for m in await session.scalars(
            select(AttendanceMark).where(AttendanceMark.lesson_id == lesson.id)
        )
    }
    notes = await _notes_covering(session, [i.student_id for i in items], lesson.date)
    now = await session.scalar(select(func.now()))
    alarms: list[tuple[Student, AttendanceIn]] = []
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
        values = {
            "status": status,
            "minutes_late": item.minutes_late,
            "reason": reason,
            "marked_by": principal.account_id,
            "updated_at": now,
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
        if status in ALARMING and previous.get(item.student_id) != status and note is None:
            alarms.append((roster[item.student_id], item))
    if alarms:
        await _alert(session, lesson, alarms)
    return await lesson_marks(session, lesson)


async def _alert(
    session: AsyncSession, lesson: Lesson, alarms: Sequence[tuple[Student, AttendanceIn]]
) -> None:
    subject = await session.get(Subject, lesson.subject_id)
    school = await session.get(School, lesson.school_id)
    assert subject is not None
    assert school is not None
    local = lesson.starts_at.astimezone(ZoneInfo(school.timezone))
    when = f"«{subject.name}», {local:%d.%m} в {local:%H:%M}"
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


async def student_attendance(
    session: AsyncSession,
    principal: Principal,
    student_id: uuid.UUID,
    *,
    start: date | None,
    end: date | None,
    limit: int,
    offset: int,
) -> tuple[list[AttendanceOut], int]:
    """Visible like grades: family, class teacher and administration see all; a subject
    teacher the lessons of their subjects. Newest first."""
    query = (
        select(AttendanceMark, Lesson, Subject)
        .join(Lesson, Lesson.id == AttendanceMark.lesson_id)
        .join(Subject, Subject.id == Lesson.subject_id)
        .join(Student, Student.id == AttendanceMark.student_id)
        .where(AttendanceMark.student_id == student_id, grade_visible(Viewer.of(principal), Lesson))  # type: ignore[arg-type]
    )
    if start is not None:
        query = query.where(AttendanceMark.date >= start)
    if end is not None:
        query = query.where(AttendanceMark.date <= end)
    total = await session.scalar(select(func.count()).select_from(query.subquery()))
    rows = await session.execute(
        query.order_by(AttendanceMark.date.desc(), Lesson.number.desc()).limit(limit).offset(offset)
    )
    return [_out(m, lesson, subject) for m, lesson, subject in rows], int(total or 0)


# --- Absence notes -------------------------------------------------------------------


async def _note_out(session: AsyncSession, note: AbsenceNote) -> AbsenceNoteOut:
    filer = await session.get(Account, note.filed_by)
    acknowledger = (
        await session.get(Account, note.acknowledged_by) if note.acknowledged_by else None
    )
    assert filer is not None
    return AbsenceNoteOut(
        id=note.id,
        student_id=note.student_id,
        from_date=note.from_date,
        to_date=note.to_date,
        reason=note.reason,
        status=note.status,
        filed_by=account_ref(filer),
        acknowledged_by=account_ref(acknowledger) if acknowledger else None,
        acknowledged_at=note.acknowledged_at,
        created_at=note.created_at,
    )


async def file_note(
    session: AsyncSession, principal: Principal, student: Student, body: AbsenceNoteIn
) -> AbsenceNoteOut:
    guardian = await session.scalar(
        select(Guardianship.id).where(
            Guardianship.student_id == student.id, Guardianship.account_id == principal.account_id
        )
    )
    if guardian is None:
        raise Forbidden(
            code="guardian_required",
            detail=Text(
                "Объяснительную подаёт законный представитель",
                "Only a guardian can file an absence note",
            ),
        )
    if body.to_date < body.from_date:
        wrong = Text("Дата окончания раньше даты начала", "'to' precedes 'from'")
        raise ValidationFailed(
            code="dates_order", detail=wrong, errors=[FieldError("to", "dates_order", wrong)]
        )
    note = AbsenceNote(
        id=uuid.uuid4(),
        student_id=student.id,
        filed_by=principal.account_id,
        from_date=body.from_date,
        to_date=body.to_date,
        reason=body.reason,
        status=AbsenceNoteStatus.filed,
    )
    session.add(note)
    await session.flush()
    await session.refresh(note)
    class_teacher = await session.scalar(
        select(ClassTeacher.teacher_id).where(ClassTeacher.class_id == student.class_id)
    )
    if class_teacher is not None:
        message = Message(
            Kind.absence_note,
            "Объяснительная об отсутствии",
            f"{student.last_name} {student.first_name}: "
            f"{body.from_date:%d.%m}–{body.to_date:%d.%m}. {body.reason}",
            f"/students/{student.id}/absence-notes",
        )
        await notifications.notify(session, [(class_teacher, message)])
    return await _note_out(session, note)


async def list_notes(session: AsyncSession, student: Student) -> list[AbsenceNoteOut]:
    notes = await session.scalars(
        select(AbsenceNote)
        .where(AbsenceNote.student_id == student.id)
        .order_by(AbsenceNote.from_date.desc(), AbsenceNote.created_at.desc())
    )
    return [await _note_out(session, n) for n in notes]


async def acknowledge(
    session: AsyncSession, principal: Principal, note_id: uuid.UUID
) -> AbsenceNoteOut:
    """The class teacher (or the administration) accepts the note: absences it covers
    become excused and the guardian who filed it is told."""
    viewer = Viewer.of(principal)
    note = await session.scalar(
        select(AbsenceNote)
        .join(Student, Student.id == AbsenceNote.student_id)
        .where(AbsenceNote.id == note_id, runs_class(viewer, Student.class_id, Student.school_id))
    )
    if note is None:
        raise NotFound(
            code="absence_note_not_found",
            detail=Text("Такой объяснительной нет", "No such absence note"),
        )
    if note.status != AbsenceNoteStatus.acknowledged:
        note.status = AbsenceNoteStatus.acknowledged
        note.acknowledged_by = principal.account_id
        note.acknowledged_at = await session.scalar(select(func.now()))
        await session.execute(
            update(AttendanceMark)
            .where(
                AttendanceMark.student_id == note.student_id,
                AttendanceMark.date >= note.from_date,
                AttendanceMark.date <= note.to_date,
                AttendanceMark.status == AttendanceStatus.absent,
            )
            .values(
                status=AttendanceStatus.excused,
                reason=func.coalesce(AttendanceMark.reason, note.reason),
                updated_at=func.now(),
            )
        )
        await session.flush()
        message = Message(
            Kind.absence_note,
            "Объяснительная принята",
            f"Пропуски {note.from_date:%d.%m}–{note.to_date:%d.%m} отмечены как уважительные.",
            f"/students/{note.student_id}/absence-notes",
        )
        await notifications.notify(session, [(note.filed_by, message)])
    return await _note_out(session, note)
