"""The day before an event or a booked meeting the family is reminded — once, at 18:00 in
the school's zone unless it chose another time; by SMS only if the account asked for that
kind."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.delivery.models import OutboundMessage
from api.diary.events import reminders
from api.diary.events.models import EventKind, SchoolEvent
from api.diary.meetings.models import Meeting, MeetingSlot
from api.notifications import service as notifications
from api.notifications.models import Notification
from tests.diary.world import World


async def notes(session: AsyncSession, account_id: uuid.UUID) -> list[tuple[str, str, str]]:
    rows = await session.execute(
        select(Notification.kind, Notification.title, Notification.body)
        .where(Notification.account_id == account_id)
        .order_by(Notification.kind, Notification.title)
    )
    return [(k, t, b) for k, t, b in rows.all()]


async def test_reminded_once_the_day_before(session: AsyncSession, world: World) -> None:
    # Moscow: the meeting is on Wednesday 25 November at 18:00, the slot at 17:00.
    session.add(
        SchoolEvent(
            id=uuid.uuid4(),
            school_id=world.school.id,
            whole_school=True,
            kind=EventKind.parent_meeting,
            title="Родительское собрание",
            starts_at=datetime(2026, 11, 25, 15, 0, tzinfo=UTC),
            ends_at=datetime(2026, 11, 25, 16, 0, tzinfo=UTC),
            place="Актовый зал",
        )
    )
    meeting = Meeting(
        id=uuid.uuid4(),
        school_id=world.school.id,
        class_id=world.class_b.id,
        organiser_id=world.class_teacher.id,
        title="Встреча с учителем",
        place="Кабинет 214",
    )
    session.add(meeting)
    await session.flush()
    session.add(
        MeetingSlot(
            id=uuid.uuid4(),
            meeting_id=meeting.id,
            starts_at=datetime(2026, 11, 25, 14, 0, tzinfo=UTC),
            ends_at=datetime(2026, 11, 25, 14, 15, tzinfo=UTC),
            student_id=world.pupil.id,
        )
    )
    # The parent wants meeting reminders by SMS too; event reminders in-app only.
    await notifications.set_preferences(
        session, world.parent.id, sms=["meeting_reminder"], email=[]
    )
    await session.flush()

    # Two days before, and the morning before: nothing yet.
    assert await reminders.send_reminders(session, datetime(2026, 11, 23, 14, 0, tzinfo=UTC)) == 0
    assert await reminders.send_reminders(session, datetime(2026, 11, 24, 9, 0, tzinfo=UTC)) == 0
    # Tuesday 17:00 in Moscow: before the default reminder time; 18:00: now.
    assert await reminders.send_reminders(session, datetime(2026, 11, 24, 14, 0, tzinfo=UTC)) == 0
    sent = await reminders.send_reminders(session, datetime(2026, 11, 24, 15, 0, tzinfo=UTC))
    assert await notes(session, world.parent.id) == [
        ("event_reminder", "Завтра: Родительское собрание", "25.11 в 18:00, Актовый зал"),
        ("meeting_reminder", "Завтра встреча: Встреча с учителем", "25.11 в 17:00, Кабинет 214"),
    ]
    # Every family of the school hears of the school's event; the student too, but the
    # meeting reminder goes to the booking family's guardians only.
    assert [k for k, _, _ in await notes(session, world.other_parent.id)] == ["event_reminder"]
    assert [k for k, _, _ in await notes(session, world.student.id)] == ["event_reminder"]
    assert (
        sent == 4
    )  # the parent twice, the other parent, the student (the classmate has no account)
    sms = await session.scalar(
        select(func.count())
        .select_from(OutboundMessage)
        .where(OutboundMessage.purpose == "notify:meeting_reminder")
    )
    assert sms == 1
    assert (
        await session.scalar(
            select(func.count())
            .select_from(OutboundMessage)
            .where(OutboundMessage.purpose == "notify:event_reminder")
        )
        == 0
    )
    # Once only.
    assert await reminders.send_reminders(session, datetime(2026, 11, 24, 17, 0, tzinfo=UTC)) == 0
    assert await reminders.send_reminders(session, datetime(2026, 11, 25, 9, 0, tzinfo=UTC)) == 0
    assert len(await notes(session, world.parent.id)) == 2
