"""Absence notes: a guardian files one, the class teacher reads the class's list and
acknowledges it (absences it covers become excused)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from api.diary import families
from api.diary.attendance.access import readable_absence_notes
from api.diary.attendance.models import (
    AbsenceNote,
    AbsenceNoteStatus,
    AttendanceMark,
    AttendanceStatus,
)
from api.diary.attendance.schemas import (
    AbsenceNoteIn,
    AbsenceNoteOut,
    AbsenceNoteRejection,
)
from api.diary.schemas import account_ref
from api.diary.structure.models import ClassTeacher, Guardianship, Student
from api.diary.structure.viewer import Viewer, runs_class
from api.errors import Conflict, FieldError, Forbidden, NotFound, ValidationFailed
from api.i18n import Text
from api.identity.deps import Principal
from api.identity.models import Account
from api.notifications import service as notifications
from api.notifications.service import Kind, Message
from api.schools.models import SchoolClass


def note_not_found() -> NotFound:
    return NotFound(
        code="absence_note_not_found",
        detail=Text("Такой объяснительной нет", "No such absence note"),
    )


def _note_out(note: AbsenceNote, accounts: dict[uuid.UUID, Account]) -> AbsenceNoteOut:
    reviewer = accounts.get(note.acknowledged_by) if note.acknowledged_by else None
    rejected = note.status == AbsenceNoteStatus.rejected
    acknowledger = None if rejected else reviewer
    return AbsenceNoteOut(
        id=note.id,
        student_id=note.student_id,
        from_date=note.from_date,
        to_date=note.to_date,
        reason=note.reason,
        status=note.status,
        filed_by=account_ref(accounts[note.filed_by]),
        acknowledged_by=account_ref(acknowledger) if acknowledger else None,
        acknowledged_at=None if rejected else note.acknowledged_at,
        rejection=AbsenceNoteRejection(
            reason=note.rejection_reason or "",
            by=account_ref(reviewer),
            at=note.acknowledged_at,
        )
        if rejected and reviewer is not None and note.acknowledged_at is not None
        else None,
        created_at=note.created_at,
    )


async def _accounts(
    session: AsyncSession, notes: Sequence[AbsenceNote]
) -> dict[uuid.UUID, Account]:
    """Who filed and who acknowledged ``notes``, in one query."""
    ids = {n.filed_by for n in notes} | {n.acknowledged_by for n in notes if n.acknowledged_by}
    if not ids:
        return {}
    rows = await session.scalars(select(Account).where(Account.id.in_(ids)))
    return {a.id: a for a in rows}


async def outs(session: AsyncSession, notes: Sequence[AbsenceNote]) -> list[AbsenceNoteOut]:
    accounts = await _accounts(session, notes)
    return [_note_out(n, accounts) for n in notes]


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
    families.refuse_if_left(student)
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
    return (await outs(session, [note]))[0]


async def list_notes(session: AsyncSession, student: Student) -> list[AbsenceNoteOut]:
    notes = await session.scalars(
        select(AbsenceNote)
        .where(AbsenceNote.student_id == student.id)
        .order_by(AbsenceNote.from_date.desc(), AbsenceNote.created_at.desc())
    )
    return await outs(session, list(notes))


async def get_run_class(
    session: AsyncSession, principal: Principal, class_id: uuid.UUID
) -> SchoolClass:
    """A class the caller runs (its class teacher, its school's administration); 404 else."""
    viewer = Viewer.of(principal)
    school_class = await session.scalar(
        select(SchoolClass).where(
            SchoolClass.id == class_id,
            runs_class(viewer, SchoolClass.id, SchoolClass.school_id),
        )
    )
    if school_class is None:
        raise run_class_not_found()
    return school_class


def run_class_not_found() -> NotFound:
    return NotFound(code="class_not_found", detail=Text("Такого класса нет", "No such class"))


async def acknowledge(
    session: AsyncSession, principal: Principal, note_id: uuid.UUID
) -> AbsenceNoteOut:
    """The class teacher (or the administration) accepts the note: absences it covers
    become excused and the guardian who filed it is told."""
    note = await session.scalar(readable_absence_notes(principal).where(AbsenceNote.id == note_id))
    if note is None:
        raise note_not_found()
    if note.status != AbsenceNoteStatus.acknowledged:
        # A rejected note may still be accepted (a certificate came after all).
        note.status = AbsenceNoteStatus.acknowledged
        note.rejection_reason = None
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
    return (await outs(session, [note]))[0]


async def reject(
    session: AsyncSession, principal: Principal, note_id: uuid.UUID, reason: str
) -> AbsenceNoteOut:
    """The class teacher (or the administration) does not accept the note, saying why:
    the absences stay unexcused and the guardian who filed it is told the reason. An
    accepted note is not rejected afterwards (its absences were already excused)."""
    note = await session.scalar(readable_absence_notes(principal).where(AbsenceNote.id == note_id))
    if note is None:
        raise note_not_found()
    if note.status == AbsenceNoteStatus.acknowledged:
        raise Conflict(
            code="absence_note_acknowledged",
            detail=Text(
                "Объяснительная уже принята: пропуски отмечены как уважительные",
                "The note has already been accepted: the absences are excused",
            ),
        )
    note.status = AbsenceNoteStatus.rejected
    note.rejection_reason = reason.strip()
    note.acknowledged_by = principal.account_id
    note.acknowledged_at = await session.scalar(select(func.now()))
    await session.flush()
    message = Message(
        Kind.absence_note,
        "Объяснительная не принята",
        f"Пропуски {note.from_date:%d.%m}–{note.to_date:%d.%m}: {note.rejection_reason}",
        f"/students/{note.student_id}/absence-notes",
    )
    await notifications.notify(session, [(note.filed_by, message)])
    return (await outs(session, [note]))[0]
