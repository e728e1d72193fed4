"""The day-before reminders of events and booked meetings (``tasks.event_reminders``).

Each family account is reminded on the day before, in the school's zone, once its own
reminder time has come (``GET/PUT /api/v1/me/reminder-time``; 18:00 unless chosen).
``reminders_sent`` holds one row per (event, account) and (slot, student, account): the
insert that claims it is the guard, so a rerun or a second worker reminds nobody twice.
An event's or slot's ``reminded_at`` closes it once its day has come: whoever's time had
not come by then (or who booked on the day itself) is not reminded any more.
In-app always; SMS and e-mail as the account's notification settings say
(``api.notifications``: kinds ``event_reminder``, ``meeting_reminder``)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession

from api.diary import families
from api.diary.events.models import ReminderSent, ReminderTime, SchoolEvent, SchoolEventClass
from api.diary.meetings.models import Meeting, MeetingSlot
from api.diary.structure.models import Student
from api.notifications import service as notifications
from api.notifications.service import Kind, Message
from api.schools.models import School

DEFAULT_REMINDER_TIME = time(18, 0)  # local time of the day before, unless the account chose
WINDOW = timedelta(days=2)


async def chosen_time(session: AsyncSession, account_id: uuid.UUID) -> time | None:
    """The account's reminder time, or None when it never chose one (the default holds)."""
    chosen: time | None = await session.scalar(
        select(ReminderTime.local_time).where(ReminderTime.account_id == account_id)
    )
    return chosen


async def set_reminder_time(session: AsyncSession, account_id: uuid.UUID, at: time) -> time:
    local_time = at.replace(second=0, microsecond=0)
    await session.execute(
        pg_insert(ReminderTime)
        .values(account_id=account_id, local_time=local_time)
        .on_conflict_do_update(
            index_elements=["account_id"],
            set_={"local_time": local_time, "updated_at": func.now()},
        )
    )
    return local_time


def _day_before(starts_at: datetime, now: datetime, zone: ZoneInfo) -> bool | None:
    """True: it is the day before in the school's zone; False: earlier; None: too late."""
    local_now = now.astimezone(zone)
    day = starts_at.astimezone(zone).date()
    if day <= local_now.date():
        return None
    return day == local_now.date() + timedelta(days=1)


def _when(starts_at: datetime, zone: ZoneInfo) -> str:
    return starts_at.astimezone(zone).strftime("%d.%m в %H:%M")


async def _whose_time_has_come(
    session: AsyncSession, accounts: Sequence[uuid.UUID], local_now: datetime
) -> list[uuid.UUID]:
    """The accounts (in order, once each) whose reminder time is not after ``local_now``."""
    unique = list(dict.fromkeys(accounts))
    if not unique:
        return []
    rows = await session.execute(
        select(ReminderTime.account_id, ReminderTime.local_time).where(
            ReminderTime.account_id.in_(unique)
        )
    )
    chosen: dict[uuid.UUID, time] = {row[0]: row[1] for row in rows}
    now_time = local_now.time()
    return [a for a in unique if chosen.get(a, DEFAULT_REMINDER_TIME) <= now_time]


async def _claim(
    session: AsyncSession,
    accounts: Sequence[uuid.UUID],
    now: datetime,
    *,
    event_id: uuid.UUID | None = None,
    slot_id: uuid.UUID | None = None,
    student_id: uuid.UUID | None = None,
) -> set[uuid.UUID]:
    """Rows in ``reminders_sent`` for those not reminded yet; returns whose were new."""
    if not accounts:
        return set()
    index = (
        ["event_id", "account_id"]
        if event_id is not None
        else ["slot_id", "student_id", "account_id"]
    )
    where = ReminderSent.event_id.is_not(None) if event_id else ReminderSent.slot_id.is_not(None)
    claimed = await session.scalars(
        pg_insert(ReminderSent)
        .values(
            [
                {
                    "id": uuid.uuid4(),
                    "account_id": account,
                    "event_id": event_id,
                    "slot_id": slot_id,
                    "student_id": student_id,
                    "sent_at": now,
                }
                for account in accounts
            ]
        )
        .on_conflict_do_nothing(index_elements=index, index_where=where)
        .returning(ReminderSent.account_id)
    )
    return set(claimed)


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


async def _remind_of_events(session: AsyncSession, now: datetime) -> int:
    sent = 0
    events = (
        await session.execute(
            select(SchoolEvent, School.timezone)
            .join(School, School.id == SchoolEvent.school_id)
            .where(SchoolEvent.reminded_at.is_(None), SchoolEvent.starts_at <= now + WINDOW)
            .with_for_update(of=SchoolEvent, skip_locked=True)
        )
    ).all()
    for event, timezone in events:
        zone = ZoneInfo(timezone)
        due = _day_before(event.starts_at, now, zone)
        if due is None:
            event.reminded_at = now  # its day has come: closed
        if not due:
            continue
        pairs = await _event_families(session, event)
        # The first child found names the diary link: a parent of two pupils hears once.
        student_of: dict[uuid.UUID, uuid.UUID] = {}
        for student, account in pairs:
            student_of.setdefault(account, student)
        ready = await _whose_time_has_come(session, list(student_of), now.astimezone(zone))
        claimed = await _claim(session, ready, now, event_id=event.id)
        body = _when(event.starts_at, zone) + (f", {event.place}" if event.place else "")
        day = event.starts_at.astimezone(zone).date()
        sent += await notifications.notify(
            session,
            [
                (
                    account,
                    Message(
                        Kind.event_reminder,
                        f"Завтра: {event.title}",
                        body,
                        families.diary_link(student_of[account], day),
                    ),
                )
                for account in ready
                if account in claimed
            ],
        )
    return sent


async def _remind_of_meetings(session: AsyncSession, now: datetime) -> int:
    sent = 0
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
        due = _day_before(slot.starts_at, now, zone)
        if due is None:
            slot.reminded_at = now
        if not due or slot.student_id is None:
            continue
        pairs = await families.family_accounts(
            session, student_ids=[slot.student_id], guardians_only=True
        )
        ready = await _whose_time_has_come(
            session, [account for _, account in pairs], now.astimezone(zone)
        )
        claimed = await _claim(session, ready, now, slot_id=slot.id, student_id=slot.student_id)
        message = Message(
            Kind.meeting_reminder,
            f"Завтра встреча: {meeting.title}",
            f"{_when(slot.starts_at, zone)}, {meeting.place}",
            f"/students/{slot.student_id}/meetings",
        )
        sent += await notifications.notify(
            session, [(account, message) for account in ready if account in claimed]
        )
    return sent


async def send_reminders(session: AsyncSession, now: datetime) -> int:
    """Returns how many in-app notifications were written."""
    sent = await _remind_of_events(session, now)
    sent += await _remind_of_meetings(session, now)
    await session.flush()
    return sent
