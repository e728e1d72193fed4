"""The e-mail digest: one letter a day, in the evening of the school's zone, instead of
one per event; urgent news is not held for it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from httpx import AsyncClient
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from api.config import Settings
from api.delivery.models import OutboundMessage
from api.notifications import digest, schedule
from api.notifications import service as notifications
from api.notifications.models import Notification
from api.notifications.service import Kind, Message
from tests.factories import Person, make_person

MORNING = datetime(2026, 12, 7, 7, 0, tzinfo=UTC)  # 10:00 in Moscow
EVENING = datetime(2026, 12, 7, 15, 10, tzinfo=UTC)  # 18:10 in Moscow
NEXT_EVENING = datetime(2026, 12, 8, 15, 10, tzinfo=UTC)


async def _reader(session: AsyncSession, settings: Settings) -> Person:
    mother = await make_person(session, settings)
    mother.account.email = f"mother-{mother.id.hex[:8]}@example.ru"
    mother.account.email_confirmed_at = MORNING
    await session.flush()
    return mother


async def _letters(session: AsyncSession, person: Person) -> list[OutboundMessage]:
    return list(
        await session.scalars(
            select(OutboundMessage)
            .where(OutboundMessage.recipient == person.account.email)
            .order_by(OutboundMessage.created_at, OutboundMessage.subject)
        )
    )


async def test_one_letter_in_the_evening_instead_of_one_per_event(
    client: AsyncClient, session: AsyncSession, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(schedule, "now", lambda: MORNING)
    mother = await _reader(session, settings)
    answer = await client.put(
        "/api/v1/me/email-digest", json={"enabled": True}, headers=mother.headers
    )
    assert answer.json() == {"enabled": True}
    assert (await client.get("/api/v1/me/email-digest", headers=mother.headers)).json() == {
        "enabled": True
    }

    await notifications.notify(
        session,
        [
            (mother.id, Message(Kind.application, "Заявление одобрено", "ЭД-2026-000123")),
            (mother.id, Message(Kind.announcement, "Собрание в четверг", "В 18:00, каб. 12")),
            (mother.id, Message(Kind.schedule, "Урок отменён", "Алгебра, завтра 1-й")),
        ],
    )
    # Written "now" by the database: placed in the morning of the test's day instead.
    await session.execute(
        update(Notification)
        .where(Notification.account_id == mother.id)
        .values(created_at=MORNING + timedelta(minutes=5))
    )
    # Only the urgent one went out by itself.
    assert [m.subject for m in await _letters(session, mother)] == ["Урок отменён"]

    assert await digest.send_digests(session, settings, MORNING) == 0  # not evening yet
    assert await digest.send_digests(session, settings, EVENING) == 1
    assert await digest.send_digests(session, settings, EVENING) == 0  # once a day

    letters = await _letters(session, mother)
    assert len(letters) == 2
    letter = next(m for m in letters if m.purpose == "notify:digest")
    assert letter.subject == "Электронный дневник: сводка за 7 декабря"
    assert "• Заявление одобрено\n  ЭД-2026-000123" in letter.body
    assert "• Собрание в четверг" in letter.body
    assert "Урок отменён" not in letter.body
    # Nothing new by the next evening: no empty letter.
    assert await digest.send_digests(session, settings, NEXT_EVENING) == 0


async def test_without_the_digest_every_event_is_its_own_letter(
    session: AsyncSession, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(schedule, "now", lambda: MORNING)
    mother = await _reader(session, settings)
    await notifications.notify(
        session,
        [
            (mother.id, Message(Kind.application, "Заявление одобрено", "№ 1")),
            (mother.id, Message(Kind.announcement, "Собрание", "В 18:00")),
        ],
    )

    assert len(await _letters(session, mother)) == 2
    assert await digest.send_digests(session, settings, EVENING) == 0
