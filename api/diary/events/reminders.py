"""The day-before reminders of events and booked meetings (``tasks.event_reminders``).

Each event and each booked slot is reminded of once (``reminded_at``, set under a row
lock that concurrent workers skip): in the afternoon of the day before, in the school's
zone. An event or slot whose day has come without a reminder is never reminded of.
In-app always; SMS and e-mail as the account's notification settings say
(``api.notifications``: kinds ``event_reminder``, ``meeting_reminder``)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from api.diary import families
from api.diary.events.models import SchoolEvent, SchoolEventClass
from api.diary.meetings.models import Meeting, MeetingSlot
from api.diary.structure.models import Student
from api.notifications import service as notifications
from api.notifications.service import Kind, Message
from api.schools.models import School

REMIND_FROM_HOUR = 15  # local time of the day before
WINDOW = timedelta(days=2)


def _due(starts_at: datetime, now: datetime, zone: ZoneInfo) -> bool | None:
    """True: remind now; False: not yet; None: too late, never."""
    local_now = now.astimezone(zone)
    day = starts_at.astimezone(zone).date()
    if day <= local_now.date():
        return None
    return day == local_now.date() + timedelta(days=1) and local_now.hour >= REMIND_FROM_HOUR


def _when(starts_at: datetime, zone: ZoneInfo) -> str:
    return starts_at.astimezone(zone).strftime("%d.%m в %H:%M")


async def _event_families(
    session: AsyncSession, event: SchoolEvent
) -> list[tuple[uuid.UUID, uuid.UUID]]:
    if event.whole_school:
        class_ids = list(
            await session.scalars(
                select(Student.class_id).where(Student.school_id == event.school_id).distinct()
            )
        )
    else:
        class_ids = list(
            await session.scalars(
                select(SchoolEventClass.class_id).where(SchoolEventClass.event_id == event.id)
            )
        )
    pairs: list[tuple[uuid.UUID, uuid.UUID]] = []
    for class_id in class_ids:
        pairs += await families.family_accounts(session, class_id=class_id)
    return pairs


async def send_reminders(session: AsyncSession, now: datetime) -> int:
    """Returns how many in-app notifications were written."""
    sent = 0
    events = (
        await session.execute(
            select(SchoolEvent, School.timezone)
            .join(School, School.id == SchoolEvent.school_id)
            .where(
                SchoolEvent.reminded_at.is_(None),
                SchoolEvent.starts_at <= now + WINDOW,
            )
            .with_for_update(of=SchoolEvent, skip_locked=True)
        )
    ).all()
    for event, timezone in events:
        zone = ZoneInfo(timezone)
        due = _due(event.starts_at, now, zone)
        if due is None:
            event.reminded_at = now
        if not due:
            continue
        event.reminded_at = now
        body = _when(event.starts_at, zone) + (f", {event.place}" if event.place else "")
        link_day = event.starts_at.astimezone(zone).date()
        deliveries: Sequence[tuple[uuid.UUID, Message]] = [
            (
                account,
                Message(
                    Kind.event_reminder,
                    f"Завтра: {event.title}",
                    body,
                    families.diary_link(student, link_day),
                ),
            )
            for student, account in dict.fromkeys(await _event_families(session, event))
        ]
        sent += await notifications.notify(session, _once_per_account(deliveries))
    slots = (
        await session.execute(
            select(MeetingSlot, Meeting, School.timezone)
            .join(Meeting, Meeting.id == MeetingSlot.meeting_id)
            .join(School, School.id == Meeting.school_id)
            .where(
                MeetingSlot.student_id.is_not(None),
                MeetingSlot.reminded_at.is_(None),
                MeetingSlot.starts_at <= now + WINDOW,
            )
            .with_for_update(of=MeetingSlot, skip_locked=True)
        )
    ).all()
    for slot, meeting, timezone in slots:
        zone = ZoneInfo(timezone)
        due = _due(slot.starts_at, now, zone)
        if due is None:
            slot.reminded_at = now
        if not due or slot.student_id is None:
            continue
        slot.reminded_at = now
        pairs = await families.family_accounts(
            session, student_ids=[slot.student_id], guardians_only=True
        )
        message = Message(
            Kind.meeting_reminder,
            f"Завтра встреча: {meeting.title}",
            f"{_when(slot.starts_at, zone)}, {meeting.place}",
            f"/students/{slot.student_id}/meetings",
        )
        sent += await notifications.notify(session, [(account, message) for _, account in pairs])
    await session.flush()
    return sent


def _once_per_account(
    deliveries: Sequence[tuple[uuid.UUID, Message]],
) -> list[tuple[uuid.UUID, Message]]:
    """A parent of two pupils of the school hears about a school event once."""
    seen: set[uuid.UUID] = set()
    out = []
    for account, message in deliveries:
        if account not in seen:
            seen.add(account)
            out.append((account, message))
    return out
