"""Who may do what with meetings: the class teacher and the school administration
organise (``runs_class``); the families of the class's students book."""

from __future__ import annotations

import uuid

from sqlalchemy import ColumnElement, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.diary.meetings.models import Meeting, MeetingSlot
from api.diary.structure.models import Student
from api.diary.structure.viewer import Viewer, is_family_of, runs_class
from api.errors import NotFound
from api.i18n import Text
from api.identity.deps import Principal


def organises(principal: Principal) -> ColumnElement[bool]:
    """The caller runs the meeting's class (``Meeting`` must be in the query)."""
    return runs_class(Viewer.of(principal), Meeting.class_id, Meeting.school_id)


def meeting_not_found() -> NotFound:
    return NotFound(code="meeting_not_found", detail=Text("Такой встречи нет", "No such meeting"))


def slot_not_found() -> NotFound:
    return NotFound(code="slot_not_found", detail=Text("Такого времени нет", "No such slot"))


async def family_student(
    session: AsyncSession, principal: Principal, student_id: uuid.UUID
) -> Student | None:
    """The student if the caller is the student or one of their guardians."""
    viewer = Viewer.of(principal)
    student: Student | None = await session.scalar(
        select(Student).where(
            Student.id == student_id, is_family_of(viewer, Student.id, Student.account_id)
        )
    )
    return student


async def organised_meeting(
    session: AsyncSession, principal: Principal, meeting_id: uuid.UUID
) -> Meeting:
    meeting = await session.scalar(
        select(Meeting).where(Meeting.id == meeting_id, organises(principal))
    )
    if meeting is None:
        raise meeting_not_found()
    return meeting


async def slot_with_meeting(
    session: AsyncSession, slot_id: uuid.UUID, *, lock: bool = False
) -> tuple[MeetingSlot, Meeting] | None:
    query = (
        select(MeetingSlot, Meeting)
        .join(Meeting, Meeting.id == MeetingSlot.meeting_id)
        .where(MeetingSlot.id == slot_id)
    )
    if lock:
        query = query.with_for_update(of=MeetingSlot)
    row = (await session.execute(query)).first()
    return None if row is None else (row[0], row[1])
