"""The family chooses when the day-before reminders come (``/api/v1/me/reminder-time``):
18:00 in the school's zone unless chosen; each account is reminded once, at its own time."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, time, timedelta

from httpx import AsyncClient
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from api.diary.events import reminders
from api.diary.events.models import EventKind, ReminderSent, ReminderTime, SchoolEvent
from api.diary.meetings.models import Meeting, MeetingSlot
from api.notifications.models import Notification
from tests.diary.world import World


async def kinds(session: AsyncSession, account_id: uuid.UUID) -> list[str]:
    rows = await session.scalars(
        select(Notification.kind).where(Notification.account_id == account_id)
    )
    return sorted(rows)


async def test_reminder_time_is_18_until_chosen(client: AsyncClient, world: World) -> None:
    answer = await client.get("/api/v1/me/reminder-time", headers=world.parent.headers)
    assert answer.status_code == 200, answer.text
    assert answer.json() == {"time": "18:00", "default": True}


async def test_family_chooses_the_reminder_time(
    client: AsyncClient, session: AsyncSession, world: World
) -> None:
    put = await client.put(
        "/api/v1/me/reminder-time", json={"time": "07:30"}, headers=world.parent.headers
    )
    assert put.status_code == 200, put.text
    assert put.json() == {"time": "07:30", "default": False}
    stored = await session.scalar(
        select(ReminderTime.local_time).where(ReminderTime.account_id == world.parent.id)
    )
    assert stored == time(7, 30)
    # Changed again: one row, the new time.
    await client.put(
        "/api/v1/me/reminder-time", json={"time": "21:15"}, headers=world.parent.headers
    )
    rows = (
        await session.scalars(
            select(ReminderTime.local_time).where(ReminderTime.account_id == world.parent.id)
        )
    ).all()
    assert rows == [time(21, 15)]
    got = await client.get("/api/v1/me/reminder-time", headers=world.parent.headers)
    assert got.json() == {"time": "21:15", "default": False}
    # Another account still has the default.
    other = await client.get("/api/v1/me/reminder-time", headers=world.other_parent.headers)
    assert other.json() == {"time": "18:00", "default": True}


async def test_a_time_that_is_not_a_time_is_refused(
    client: AsyncClient, session: AsyncSession, world: World
) -> None:
    for wrong in ("24:00", "7:30", "18:60", "вечером"):
        answer = await client.put(
            "/api/v1/me/reminder-time", json={"time": wrong}, headers=world.parent.headers
        )
        assert answer.status_code == 422, (wrong, answer.text)
        assert answer.headers["content-type"].startswith("application/problem+json")
    assert await session.get(ReminderTime, world.parent.id) is None
    anonymous = await client.get("/api/v1/me/reminder-time")
    assert anonymous.status_code == 401


async def test_each_account_is_reminded_at_its_own_time(
    client: AsyncClient, session: AsyncSession, world: World
) -> None:
    # Moscow (UTC+3): a school event and a booked slot on Wednesday 25 November.
    event = SchoolEvent(
        id=uuid.uuid4(),
        school_id=world.school.id,
        whole_school=True,
        kind=EventKind.parent_meeting,
        title="Родительское собрание",
        starts_at=datetime(2026, 11, 25, 15, 0, tzinfo=UTC),
        ends_at=datetime(2026, 11, 25, 16, 0, tzinfo=UTC),
    )
    meeting = Meeting(
        id=uuid.uuid4(),
        school_id=world.school.id,
        class_id=world.class_b.id,
        organiser_id=world.class_teacher.id,
        title="Встреча с учителем",
        place="Кабинет 214",
    )
    session.add_all([event, meeting])
    await session.flush()
    slot = MeetingSlot(
        id=uuid.uuid4(),
        meeting_id=meeting.id,
        starts_at=datetime(2026, 11, 25, 14, 0, tzinfo=UTC),
        ends_at=datetime(2026, 11, 25, 14, 15, tzinfo=UTC),
        student_id=world.pupil.id,
    )
    session.add(slot)
    await session.flush()
    # The parent wants the reminders at 20:30; the other parent keeps 18:00.
    put = await client.put(
        "/api/v1/me/reminder-time", json={"time": "20:30"}, headers=world.parent.headers
    )
    assert put.status_code == 200

    def moscow(day: int, hour: int, minute: int = 0) -> datetime:
        return datetime(2026, 11, day, hour, minute, tzinfo=UTC) - timedelta(hours=3)

    # Tuesday 17:50 in Moscow: nobody's time yet.
    assert await reminders.send_reminders(session, moscow(24, 17, 50)) == 0
    # 18:00: the other parent and the student (defaults), not the parent.
    await reminders.send_reminders(session, moscow(24, 18, 0))
    assert await kinds(session, world.other_parent.id) == ["event_reminder"]
    assert await kinds(session, world.student.id) == ["event_reminder"]
    assert await kinds(session, world.parent.id) == []
    # 20:30: the parent, of the event and of the meeting; nobody else again.
    sent = await reminders.send_reminders(session, moscow(24, 20, 30))
    assert sent == 2
    assert await kinds(session, world.parent.id) == ["event_reminder", "meeting_reminder"]
    assert await kinds(session, world.other_parent.id) == ["event_reminder"]
    # Later runs that evening: nothing twice.
    assert await reminders.send_reminders(session, moscow(24, 23, 50)) == 0
    claimed = await session.scalars(
        select(ReminderSent.account_id).where(ReminderSent.event_id == event.id)
    )
    assert sorted(claimed) == sorted([world.parent.id, world.other_parent.id, world.student.id])
    # On the day itself the event and the slot are closed.
    assert await reminders.send_reminders(session, moscow(25, 0, 10)) == 0
    await session.refresh(event)
    await session.refresh(slot)
    assert event.reminded_at is not None
    assert slot.reminded_at is not None


async def test_time_not_come_before_the_day_means_no_reminder(
    client: AsyncClient, session: AsyncSession, world: World
) -> None:
    """A time of 23:45 and a worker that next runs after midnight: the day has come, the
    family is not reminded of it on the day itself."""
    event = SchoolEvent(
        id=uuid.uuid4(),
        school_id=world.school.id,
        whole_school=True,
        kind=EventKind.event,
        title="Концерт",
        starts_at=datetime(2026, 11, 25, 15, 0, tzinfo=UTC),
        ends_at=datetime(2026, 11, 25, 16, 0, tzinfo=UTC),
    )
    session.add(event)
    await session.flush()
    for person in (world.parent, world.other_parent, world.student):
        await client.put("/api/v1/me/reminder-time", json={"time": "23:45"}, headers=person.headers)
    assert await reminders.send_reminders(session, datetime(2026, 11, 24, 20, 40, tzinfo=UTC)) == 0
    assert await reminders.send_reminders(session, datetime(2026, 11, 24, 21, 5, tzinfo=UTC)) == 0
    assert await kinds(session, world.parent.id) == []
