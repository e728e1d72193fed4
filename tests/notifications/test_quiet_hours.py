"""Quiet hours: push, SMS and e-mail of non-urgent notifications wait for the morning in
the school's zone; the in-app feed does not wait. The clock is the one the code reads
(``api.notifications.schedule.now``), moved by the test."""

from __future__ import annotations

from datetime import UTC, datetime, time
from zoneinfo import ZoneInfo

import pytest
from httpx import AsyncClient
from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncSession

from api.config import Settings
from api.delivery.models import OutboundMessage
from api.notifications import schedule
from api.notifications import service as notifications
from api.notifications.models import Notification, NotificationSchedule
from api.notifications.service import Kind, Message
from api.push.models import PushMessage, PushSubscription
from tests.diary.world import build_world
from tests.factories import make_person

# 23:30 in Vladivostok (UTC+10) is 16:30 in Moscow (UTC+3).
LATE_IN_VLADIVOSTOK = datetime(2026, 12, 7, 13, 30, tzinfo=UTC)
MORNING_IN_VLADIVOSTOK = datetime(2026, 12, 7, 22, 0, tzinfo=UTC)  # 08:00 on the 8th there
P256DH = "BNcRdreALRFXTkOOUHK1EtK2wtaz5Ry4YfYCA_0QTpQtUbVlUls0VJXg7A8u-Ts1XbjhazAkj7I99e8QcYP7DkM"


def at(monkeypatch: pytest.MonkeyPatch, moment: datetime) -> None:
    monkeypatch.setattr(schedule, "now", lambda: moment)


async def _scheduled_at(session: AsyncSession, message_id: object) -> datetime | None:
    value: datetime | None = await session.scalar(
        text("SELECT scheduled_at FROM procrastinate_jobs WHERE args->>'message_id' = :id"),
        {"id": str(message_id)},
    )
    return value


async def test_defaults_and_changes(
    client: AsyncClient, session: AsyncSession, settings: Settings
) -> None:
    mother = await make_person(session, settings)
    url = "/api/v1/me/quiet-hours"

    assert (await client.get(url, headers=mother.headers)).json() == {
        "enabled": True,
        "start": "21:00",
        "end": "08:00",
    }
    changed = await client.put(
        url, json={"enabled": True, "start": "22:30", "end": "07:00"}, headers=mother.headers
    )
    assert changed.status_code == 200
    assert changed.json() == {"enabled": True, "start": "22:30", "end": "07:00"}
    row = await session.get(NotificationSchedule, mother.id)
    assert row is not None
    assert (row.quiet_enabled, str(row.quiet_start), str(row.quiet_end)) == (
        True,
        "22:30:00",
        "07:00:00",
    )
    assert (await client.get(url, headers=mother.headers)).json()["start"] == "22:30"


async def test_wrong_times_are_explained_in_russian(
    client: AsyncClient, session: AsyncSession, settings: Settings
) -> None:
    mother = await make_person(session, settings)
    url = "/api/v1/me/quiet-hours"

    wrong = await client.put(
        url, json={"enabled": True, "start": "25:00", "end": "8:00"}, headers=mother.headers
    )
    same = await client.put(
        url, json={"enabled": True, "start": "08:00", "end": "08:00"}, headers=mother.headers
    )

    assert wrong.status_code == same.status_code == 422
    messages = {e["field"]: e["message"] for e in wrong.json()["errors"]}
    assert messages == {
        "start": "Время указывается как ЧЧ:ММ, от 00:00 до 23:59",
        "end": "Время указывается как ЧЧ:ММ, от 00:00 до 23:59",
    }
    assert [e["message"] for e in same.json()["errors"]] == [
        "Начало и окончание тихих часов должны различаться"
    ]
    assert await session.get(NotificationSchedule, mother.id) is None


async def test_a_late_notice_waits_for_the_morning_in_the_schools_zone(
    session: AsyncSession, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    world = await build_world(session, settings, zone="Asia/Vladivostok")
    parent = world.parent
    session.add(
        PushSubscription(
            account_id=parent.id, endpoint="https://push.example.net/q", p256dh=P256DH, auth="x"
        )
    )
    await session.flush()
    at(monkeypatch, LATE_IN_VLADIVOSTOK)

    await notifications.notify(
        session, [(parent.id, Message(Kind.attendance, "Отсутствие на уроке", "Алгебра"))]
    )

    # In the app at once.
    assert await session.scalar(select(Notification.id).where(Notification.account_id == parent.id))
    sms = await session.scalar(
        select(OutboundMessage).where(OutboundMessage.recipient == parent.account.phone)
    )
    assert sms is not None
    assert sms.not_before == MORNING_IN_VLADIVOSTOK
    assert await _scheduled_at(session, sms.id) == MORNING_IN_VLADIVOSTOK
    pushed = await session.scalar(select(PushMessage).where(PushMessage.account_id == parent.id))
    assert pushed is not None
    assert pushed.not_before == MORNING_IN_VLADIVOSTOK
    assert await _scheduled_at(session, pushed.id) == MORNING_IN_VLADIVOSTOK


async def test_urgent_news_and_a_switched_off_quiet_time_do_not_wait(
    client: AsyncClient, session: AsyncSession, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    world = await build_world(session, settings, zone="Asia/Vladivostok")
    at(monkeypatch, LATE_IN_VLADIVOSTOK)

    await notifications.notify(
        session, [(world.parent.id, Message(Kind.schedule, "Урок отменён", "Алгебра, 1-й"))]
    )
    urgent = await session.scalar(
        select(OutboundMessage).where(OutboundMessage.recipient == world.parent.account.phone)
    )
    assert urgent is not None
    assert urgent.not_before is None

    await client.put(
        "/api/v1/me/quiet-hours",
        json={"enabled": False, "start": "21:00", "end": "08:00"},
        headers=world.other_parent.headers,
    )
    await notifications.notify(
        session, [(world.other_parent.id, Message(Kind.attendance, "Опоздание", "Алгебра"))]
    )
    other = await session.scalar(
        select(OutboundMessage).where(OutboundMessage.recipient == world.other_parent.account.phone)
    )
    assert other is not None
    assert other.not_before is None
    assert await _scheduled_at(session, other.id) is None


def test_the_quiet_window_across_and_within_a_day() -> None:
    moscow = schedule.Schedule(ZoneInfo("Europe/Moscow"))
    # 20:59 Moscow: not yet; 21:00: until 08:00 the next day; 07:59: until 08:00 that day.
    assert moscow.quiet_until(datetime(2026, 12, 7, 17, 59, tzinfo=UTC)) is None
    assert moscow.quiet_until(datetime(2026, 12, 7, 18, 0, tzinfo=UTC)) == datetime(
        2026, 12, 8, 5, 0, tzinfo=UTC
    )
    assert moscow.quiet_until(datetime(2026, 12, 8, 4, 59, tzinfo=UTC)) == datetime(
        2026, 12, 8, 5, 0, tzinfo=UTC
    )
    assert moscow.quiet_until(datetime(2026, 12, 8, 5, 0, tzinfo=UTC)) is None
    nap = schedule.Schedule(
        ZoneInfo("Europe/Moscow"),
        quiet_start=time(13, 0),
        quiet_end=time(15, 0),
    )
    assert nap.quiet_until(datetime(2026, 12, 7, 10, 30, tzinfo=UTC)) == datetime(
        2026, 12, 7, 12, 0, tzinfo=UTC
    )
    assert nap.quiet_until(datetime(2026, 12, 7, 12, 0, tzinfo=UTC)) is None
