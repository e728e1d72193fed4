"""Batch sending: one job's sweep claims every due delivery (its own first) and records
them together; a claim is a lease — a sender that died after claiming leaves the delivery
alone until the lease runs out, then any sweep sends it again under the same
``webhook-id``."""

from __future__ import annotations

import uuid
from typing import Any

from httpx import AsyncClient
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from api.config import Settings
from api.webhooks import sending
from tests.diary.world import MONDAY, World, lesson_on
from tests.identity.conftest import Clock
from tests.webhooks.conftest import ALL, deliveries_of, jobs_for, make_client, subscribe
from tests.webhooks.receiver import Receiver


async def _grades_for_three(http: AsyncClient, world: World, receiver: Receiver) -> dict[str, Any]:
    """One post of three grades: three ``grade.created`` deliveries to one webhook."""
    made = await make_client(http, world.admin.token, ALL)
    hook = await subscribe(http, made["client_secret"], receiver.url, ["grade.created"])
    lesson = await lesson_on(http, world.teacher, MONDAY)
    posted = await http.post(
        f"/api/v1/lessons/{lesson['id']}/grades",
        json=[
            {"student_id": str(s.id), "value": 5} for s in (world.pupil, world.own, world.classmate)
        ],
        headers=world.teacher.headers,
    )
    assert posted.status_code == 201, posted.text
    return hook


async def _sweep(
    sessionmaker: async_sessionmaker[AsyncSession],
    settings: Settings,
    first: uuid.UUID | None = None,
) -> dict[str, int]:
    async with sessionmaker() as session:
        return dict(await sending.deliver_due(session, settings, first=first))


async def test_одна_задача_отправляет_все_готовые_доставки_остальным_нечего(
    dev_client: AsyncClient,
    session: AsyncSession,
    sessionmaker: async_sessionmaker[AsyncSession],
    dev_settings: Settings,
    world: World,
    receiver: Receiver,
) -> None:
    # The second delivery's receiver answer fails: it is planned again, with its job.
    failing: set[str] = set()

    def answer(got: Any) -> tuple[int, dict[str, str]]:
        return (500, {}) if got.headers["webhook-id"] in failing else (204, {})

    receiver.answer = answer
    await _grades_for_three(dev_client, world, receiver)
    first, second, third = await deliveries_of(session)
    failing.add(second.message_id)
    assert [await jobs_for(session, d.id) for d in (first, second, third)] == [1, 1, 1]

    # The third delivery's job: it sends all three at once.
    assert await _sweep(sessionmaker, dev_settings, first=third.id) == {
        "succeeded": 2,
        "retry": 1,
    }
    assert sorted(r.headers["webhook-id"] for r in receiver.received) == sorted(
        d.message_id for d in (first, second, third)
    )
    # The other two jobs find nothing left.
    assert await _sweep(sessionmaker, dev_settings, first=first.id) == {}
    assert await _sweep(sessionmaker, dev_settings, first=second.id) == {}
    assert len(receiver.received) == 3

    by_id = {d.id: d for d in await deliveries_of(session)}
    assert [by_id[d.id].status for d in (first, second, third)] == [
        "succeeded",
        "pending",
        "succeeded",
    ]
    for d in (first, second, third):
        (attempt,) = by_id[d.id].attempts
        assert attempt["attempt"] == 1
        assert by_id[d.id].claimed_at is None
        assert by_id[d.id].scheduled_attempts == 1
    retried = by_id[second.id]
    assert retried.attempts[0]["response_status"] == 500
    assert retried.last_error == "HTTP 500"
    assert retried.next_attempt_at is not None
    waited = (retried.next_attempt_at - retried.created_at).total_seconds()
    assert 4.5 - 1 <= waited <= 5.5 + 1
    # Its next attempt has a job; the settled ones got none.
    assert [await jobs_for(session, d.id) for d in (first, second, third)] == [1, 2, 1]


async def test_упавший_отправитель_доставка_повторяется_после_аренды(
    dev_client: AsyncClient,
    session: AsyncSession,
    sessionmaker: async_sessionmaker[AsyncSession],
    dev_settings: Settings,
    world: World,
    receiver: Receiver,
    frozen_clock: Clock,
) -> None:
    await _grades_for_three(dev_client, world, receiver)
    # A sender claims all three and dies before sending (nothing recorded).
    async with sessionmaker() as dying:
        claimed = await sending.claim_due(dying, frozen_clock.current)
    assert len(claimed) == 3
    held = await deliveries_of(session)
    assert all(d.claimed_at == frozen_clock.current for d in held)

    # Within the lease they are the dead sender's: nobody sends them.
    frozen_clock.advance(seconds=sending.LEASE.total_seconds() - 5)
    assert await _sweep(sessionmaker, dev_settings) == {}
    async with sessionmaker() as other:
        assert await sending.deliver(other, held[0].id, dev_settings) == "skipped"
    assert receiver.received == []

    # After it, the next sweep takes them over: each sent once, same webhook-id.
    frozen_clock.advance(seconds=10)
    assert await _sweep(sessionmaker, dev_settings) == {"succeeded": 3}
    assert sorted(r.headers["webhook-id"] for r in receiver.received) == sorted(
        d.message_id for d in held
    )
    for d in await deliveries_of(session):
        assert d.status == "succeeded"
        assert d.claimed_at is None
        assert [a["attempt"] for a in d.attempts] == [1]
