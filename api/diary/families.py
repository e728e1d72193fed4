"""Who hears about a student: guardians and the student's own account; diary links."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date

from sqlalchemy import select, union_all
from sqlalchemy.ext.asyncio import AsyncSession

from api.diary.structure.models import Guardianship, Student, pupils_of
from api.errors import Conflict
from api.i18n import Text
from api.notifications.service import Message


def iso_week(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def diary_link(student_id: uuid.UUID, day: date) -> str:
    return f"/students/{student_id}/diary?week={iso_week(day)}"


async def family_accounts(
    session: AsyncSession,
    *,
    student_ids: Sequence[uuid.UUID] | None = None,
    class_id: uuid.UUID | None = None,
    guardians_only: bool = False,
) -> list[tuple[uuid.UUID, uuid.UUID]]:
    """(student id, account id) for each guardian and, unless ``guardians_only``, each
    student with an account of their own."""
    scope = Student.id.in_(list(student_ids or [])) if class_id is None else pupils_of(class_id)
    guardians = (
        select(Student.id, Guardianship.account_id)
        .join(Guardianship, Guardianship.student_id == Student.id)
        .where(scope)
    )
    if guardians_only:
        query = guardians
    else:
        own = select(Student.id, Student.account_id).where(scope, Student.account_id.is_not(None))
        query = union_all(guardians, own)  # type: ignore[assignment]
    return [(s, a) for s, a in (await session.execute(query)).all()]


def to_each(
    pairs: Sequence[tuple[uuid.UUID, uuid.UUID]], message_for: dict[uuid.UUID, Message]
) -> list[tuple[uuid.UUID, Message]]:
    """One message per (account, student) — a parent of two pupils hears about each."""
    return [(account, message_for[student]) for student, account in pairs if student in message_for]


def refuse_if_left(student: Student) -> None:
    """The family still reads the record of a pupil who left the school (an import marked
    them ``tobedeleted``), but writes nothing to it: 409 ``student_archived``."""
    if student.archived_at is not None:
        raise Conflict(
            code="student_archived",
            detail=Text(
                "Ученик выбыл из школы: дневник доступен только для чтения",
                "The pupil has left the school: the diary is read-only",
            ),
        )
