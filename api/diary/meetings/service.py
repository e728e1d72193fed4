"""Meetings: the organiser publishes slots, families book one per child and cancel.

Booking is one conditional UPDATE (``… WHERE student_id IS NULL``): concurrent bookers
of a slot queue on its row lock and, once the first commits, find it taken — 409
``slot_taken``. A second slot of one meeting for one student breaks the partial unique
index — 409 ``already_booked`` — even when two guardians try at the same moment."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import and_, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from api.diary.meetings import access
from api.diary.meetings.models import Meeting, MeetingSlot
from api.diary.meetings.schemas import (
    Meeting as MeetingOut,
)
from api.diary.meetings.schemas import (
    MeetingIn,
    MeetingSchedule,
    ScheduleSlot,
    Slot,
)
from api.diary.schemas import Ref, person_name
from api.diary.structure.models import Student
from api.diary.structure.viewer import Viewer, runs_class
from api.errors import Conflict, FieldError, Forbidden, NotFound, ValidationFailed
from api.i18n import Text
from api.identity import clock
from api.identity.deps import Principal
from api.identity.models import Account, Role
from api.schools.models import School, SchoolClass

MAX_AHEAD = timedelta(days=366)


def _invalid(field: str, code: str, ru: str, en: str) -> ValidationFailed:
    return ValidationFailed(
        code="meeting_invalid",
        detail=Text("Проверьте встречу и время", "Check the meeting and its slots"),
        errors=[FieldError(field, code, Text(ru, en))],
    )


def slot_taken() -> Conflict:
    return Conflict(
        code="slot_taken",
        detail=Text("Это время уже занято, выберите другое", "This slot is taken; choose another"),
    )


def already_booked() -> Conflict:
    return Conflict(
        code="already_booked",
        detail=Text(
            "Ребёнок уже записан на эту встречу; сначала отмените запись",
            "The student already holds a slot of this meeting; cancel it first",
        ),
    )


async def _zone(session: AsyncSession, school_id: uuid.UUID) -> ZoneInfo:
    return ZoneInfo(
        await session.scalar(select(School.timezone).where(School.id == school_id)) or "UTC"
    )


async def create(session: AsyncSession, principal: Principal, body: MeetingIn) -> MeetingOut:
    if not principal.has_any(Role.class_teacher, Role.school_admin):
        raise Forbidden(
            code="role_required",
            detail=Text(
                "Встречи назначают классный руководитель и администрация",
                "Meetings are organised by the class teacher or the administration",
            ),
        )
    viewer = Viewer.of(principal)
    school_class = await session.scalar(
        select(SchoolClass).where(
            SchoolClass.id == body.class_id,
            runs_class(viewer, SchoolClass.id, SchoolClass.school_id),
        )
    )
    if school_class is None:
        raise NotFound(code="class_not_found", detail=Text("Такого класса нет", "No such class"))
    now = clock.now()
    ordered = sorted(body.slots, key=lambda s: s.starts_at)
    for n, slot in enumerate(ordered):
        field = f"slots.{body.slots.index(slot)}"
        if slot.ends_at <= slot.starts_at:
            raise _invalid(
                field, "times_ordered", "Конец раньше начала", "The end precedes the start"
            )
        if slot.starts_at <= now or slot.starts_at > now + MAX_AHEAD:
            raise _invalid(
                field,
                "not_ahead",
                "Время должно быть в будущем (до года)",
                "Must be ahead (within a year)",
            )
        if n and slot.starts_at < ordered[n - 1].ends_at:
            raise _invalid(field, "overlap", "Время пересекается с другим", "Overlaps another slot")
    meeting = Meeting(
        id=uuid.uuid4(),
        school_id=school_class.school_id,
        class_id=school_class.id,
        organiser_id=principal.account_id,
        title=body.title,
        place=body.place,
    )
    session.add(meeting)
    await session.flush()
    slots = [
        MeetingSlot(
            id=uuid.uuid4(), meeting_id=meeting.id, starts_at=s.starts_at, ends_at=s.ends_at
        )
        for s in ordered
    ]
    session.add_all(slots)
    await session.flush()
    zone = await _zone(session, meeting.school_id)
    return _family_view(meeting, slots, None, zone)


def _slot_out(slot: MeetingSlot, student_id: uuid.UUID | None, zone: ZoneInfo) -> Slot:
    return Slot(
        id=slot.id,
        starts_at=slot.starts_at.astimezone(zone),
        ends_at=slot.ends_at.astimezone(zone),
        booked=slot.student_id is not None,
        booked_by_me=student_id is not None and slot.student_id == student_id,
    )


def _family_view(
    meeting: Meeting, slots: Sequence[MeetingSlot], student_id: uuid.UUID | None, zone: ZoneInfo
) -> MeetingOut:
    return MeetingOut(
        id=meeting.id,
        class_id=meeting.class_id,
        title=meeting.title,
        place=meeting.place,
        slots=[_slot_out(s, student_id, zone) for s in slots],
    )


async def for_student(
    session: AsyncSession, student: Student, *, limit: int, offset: int
) -> tuple[list[MeetingOut], int]:
    """Meetings of the student's class with a slot still ahead, soonest first."""
    ahead = (
        select(MeetingSlot.id)
        .where(MeetingSlot.meeting_id == Meeting.id, MeetingSlot.ends_at > clock.now())
        .exists()
    )
    scope = and_(Meeting.class_id == student.class_id, ahead)
    total = await session.scalar(select(func.count()).select_from(Meeting).where(scope)) or 0
    first_slot = (
        select(func.min(MeetingSlot.starts_at))
        .where(MeetingSlot.meeting_id == Meeting.id)
        .scalar_subquery()
    )
    meetings = list(
        await session.scalars(
            select(Meeting)
            .where(scope)
            .order_by(first_slot, Meeting.id)
            .limit(limit)
            .offset(offset)
        )
    )
    slots = await _slots_of(session, [m.id for m in meetings])
    zone = await _zone(session, student.school_id)
    return [_family_view(m, slots.get(m.id, []), student.id, zone) for m in meetings], total


async def _slots_of(
    session: AsyncSession, meeting_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, list[MeetingSlot]]:
    found: dict[uuid.UUID, list[MeetingSlot]] = {}
    if not meeting_ids:
        return found
    for slot in await session.scalars(
        select(MeetingSlot)
        .where(MeetingSlot.meeting_id.in_(meeting_ids))
        .order_by(MeetingSlot.starts_at, MeetingSlot.id)
    ):
        found.setdefault(slot.meeting_id, []).append(slot)
    return found


async def book(
    session: AsyncSession, principal: Principal, slot_id: uuid.UUID, student_id: uuid.UUID
) -> Slot:
    student = await access.family_student(session, principal, student_id)
    found = await access.slot_with_meeting(session, slot_id)
    if student is None or found is None or found[1].class_id != student.class_id:
        raise access.slot_not_found()
    slot, meeting = found
    if slot.starts_at <= clock.now():
        raise ValidationFailed(
            code="slot_past", detail=Text("Это время уже прошло", "This slot has passed")
        )
    held = await session.scalar(
        select(MeetingSlot.id).where(
            MeetingSlot.meeting_id == meeting.id, MeetingSlot.student_id == student.id
        )
    )
    if held is not None:
        raise already_booked()
    try:
        async with session.begin_nested():
            booked = await session.scalar(
                update(MeetingSlot)
                .where(MeetingSlot.id == slot.id, MeetingSlot.student_id.is_(None))
                .values(student_id=student.id, booked_by=principal.account_id, booked_at=func.now())
                .returning(MeetingSlot.id)
                .execution_options(synchronize_session=False)
            )
    except IntegrityError:
        raise already_booked() from None
    if booked is None:
        raise slot_taken()
    await session.refresh(slot)
    return _slot_out(slot, student.id, await _zone(session, meeting.school_id))


async def cancel(session: AsyncSession, principal: Principal, slot_id: uuid.UUID) -> None:
    """The family that booked, or the organiser, frees the slot; anyone else: 404."""
    found = await access.slot_with_meeting(session, slot_id, lock=True)
    if found is None or found[0].student_id is None:
        raise access.slot_not_found()
    slot, meeting = found
    viewer = Viewer.of(principal)
    family = await access.family_student(session, principal, slot.student_id)  # type: ignore[arg-type]
    allowed = family is not None or bool(
        await session.scalar(select(runs_class(viewer, meeting.class_id, meeting.school_id)))
    )
    if not allowed:
        raise access.slot_not_found()
    slot.student_id = None
    slot.booked_by = None
    slot.booked_at = None
    slot.reminded_at = None
    await session.flush()


async def schedules(
    session: AsyncSession,
    principal: Principal,
    *,
    class_id: uuid.UUID | None,
    meeting_id: uuid.UUID | None = None,
) -> list[MeetingSchedule]:
    """The organiser's view of the meetings of the classes the caller runs."""
    query = (
        select(Meeting, SchoolClass, Account)
        .join(SchoolClass, SchoolClass.id == Meeting.class_id)
        .join(Account, Account.id == Meeting.organiser_id)
        .where(access.organises(principal))
        .order_by(Meeting.created_at.desc(), Meeting.id)
    )
    if class_id is not None:
        query = query.where(Meeting.class_id == class_id)
    if meeting_id is not None:
        query = query.where(Meeting.id == meeting_id)
    rows = (await session.execute(query)).all()
    slots = await _slots_of(session, [m.id for m, _, _ in rows])
    student_ids = {s.student_id for ss in slots.values() for s in ss if s.student_id}
    names = (
        {
            s.id: person_name(s.last_name, s.first_name, None)
            for s in await session.scalars(select(Student).where(Student.id.in_(student_ids)))
        }
        if student_ids
        else {}
    )
    zones: dict[uuid.UUID, ZoneInfo] = {}
    out = []
    for meeting, school_class, organiser in rows:
        if meeting.school_id not in zones:
            zones[meeting.school_id] = await _zone(session, meeting.school_id)
        zone = zones[meeting.school_id]
        out.append(
            MeetingSchedule(
                id=meeting.id,
                class_id=meeting.class_id,
                class_name=school_class.name,
                title=meeting.title,
                place=meeting.place,
                organiser=Ref(
                    id=organiser.id,
                    name=person_name(
                        organiser.last_name, organiser.first_name, organiser.middle_name
                    ),
                ),
                slots=[
                    ScheduleSlot(
                        id=s.id,
                        starts_at=s.starts_at.astimezone(zone),
                        ends_at=s.ends_at.astimezone(zone),
                        student=Ref(id=s.student_id, name=names.get(s.student_id, ""))
                        if s.student_id
                        else None,
                        booked_at=s.booked_at,
                    )
                    for s in slots.get(meeting.id, [])
                ],
            )
        )
    return out
