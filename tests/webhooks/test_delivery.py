"""Sending (contract §5): signatures an independent Standard Webhooks library accepts, the
retry schedule, 410 disables, Retry-After, redelivery under the same ``webhook-id``, a
secret rotation that signs twice, a revoked client's webhooks stop."""

from __future__ import annotations

import json
import uuid
from datetime import timedelta
from typing import Any

import pytest
from httpx import AsyncClient
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from standardwebhooks.webhooks import Webhook as StandardWebhook
from standardwebhooks.webhooks import WebhookVerificationError

from api.config import Settings
from api.webhooks import sending
from api.webhooks.models import Webhook
from tests.diary.world import MONDAY, World, lesson_on
from tests.identity.conftest import Clock
from tests.webhooks.conftest import (
    ALL,
    api_key,
    deliveries_of,
    jobs_for,
    make_client,
    run,
    subscribe,
)
from tests.webhooks.receiver import Receiver


async def _hook_with_grade(
    http: AsyncClient, world: World, receiver: Receiver
) -> tuple[dict[str, Any], dict[str, Any]]:
    made = await make_client(http, world.admin.token, ALL)
    hook = await subscribe(http, made["client_secret"], receiver.url, ["grade.created"])
    lesson = await lesson_on(http, world.teacher, MONDAY)
    posted = await http.post(
        f"/api/v1/lessons/{lesson['id']}/grades",
        json=[{"student_id": str(world.pupil.id), "value": 5}],
        headers=world.teacher.headers,
    )
    assert posted.status_code == 201
    return made, hook


async def test_подпись_проверяется_библиотекой_standardwebhooks(
    dev_client: AsyncClient,
    session: AsyncSession,
    sessionmaker: async_sessionmaker[AsyncSession],
    dev_settings: Settings,
    world: World,
    receiver: Receiver,
) -> None:
    _, hook = await _hook_with_grade(dev_client, world, receiver)
    (delivery,) = await deliveries_of(session)
    assert await run(sessionmaker, delivery.id, dev_settings) == "succeeded"

    (got,) = receiver.received
    payload = StandardWebhook(hook["secret"]).verify(got.body, got.headers)
    assert payload["type"] == "grade.created"
    assert payload["id"].startswith("evt_")
    assert payload["data"]["student_id"] == str(world.pupil.id)
    assert got.headers["webhook-id"] == delivery.message_id
    assert got.headers["content-type"] == "application/json"
    assert b" " not in got.body  # compact JSON
    # Another secret does not verify it.
    with pytest.raises(WebhookVerificationError):
        StandardWebhook("whsec_" + "A" * 43 + "=").verify(got.body, got.headers)

    (delivery,) = await deliveries_of(session)
    assert delivery.status == "succeeded"
    assert [(a["attempt"], a["response_status"], a["error"]) for a in delivery.attempts] == [
        (1, 204, None)
    ]
    # Settled: a stray job for it sends nothing more.
    assert await run(sessionmaker, delivery.id, dev_settings) == "skipped"
    assert len(receiver.received) == 1


async def test_расписание_повторов(
    dev_client: AsyncClient,
    session: AsyncSession,
    sessionmaker: async_sessionmaker[AsyncSession],
    dev_settings: Settings,
    world: World,
    receiver: Receiver,
    frozen_clock: Clock,
) -> None:
    receiver.answer = lambda _: (500, {})
    await _hook_with_grade(dev_client, world, receiver)
    (delivery,) = await deliveries_of(session)
    event_at = delivery.created_at
    seen: list[float] = []
    for attempt in range(len(sending.SCHEDULE_S)):
        outcome = await run(sessionmaker, delivery.id, dev_settings)
        (delivery,) = await deliveries_of(session)
        if attempt + 1 < len(sending.SCHEDULE_S):
            assert outcome == "retry"
            assert delivery.next_attempt_at is not None
            seen.append((delivery.next_attempt_at - event_at).total_seconds())
            # Not due yet: a job arriving early sends nothing.
            assert await run(sessionmaker, delivery.id, dev_settings) == "skipped"
            frozen_clock.current = delivery.next_attempt_at
        else:
            assert outcome == "failed"
    for offset, planned in zip(seen, sending.SCHEDULE_S[1:], strict=True):
        assert planned * 0.9 - 1 <= offset <= planned * 1.1 + 1, (offset, planned)
    assert delivery.status == "failed"
    assert delivery.next_attempt_at is None
    assert len(delivery.attempts) == 10
    assert {a["response_status"] for a in delivery.attempts} == {500}
    assert len(receiver.received) == 10
    # All ten attempts carried one webhook-id.
    assert {r.headers["webhook-id"] for r in receiver.received} == {delivery.message_id}
    # Each failed attempt queued the next one.
    assert await jobs_for(session, delivery.id) == 10


def test_следующая_попытка_по_расписанию_с_разбросом() -> None:
    from datetime import UTC, datetime

    start = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
    for done, planned in enumerate(sending.SCHEDULE_S):
        due = sending.next_attempt_at(start, done, start)
        assert due is not None
        assert planned * 0.9 <= (due - start).total_seconds() <= planned * 1.1
    assert sending.next_attempt_at(start, len(sending.SCHEDULE_S), start) is None
    later = sending.next_attempt_at(start, 1, start, retry_after=timedelta(seconds=120))
    assert later == start + timedelta(seconds=120)


async def test_ответ_410_выключает_вебхук(
    dev_client: AsyncClient,
    session: AsyncSession,
    sessionmaker: async_sessionmaker[AsyncSession],
    dev_settings: Settings,
    world: World,
    receiver: Receiver,
) -> None:
    receiver.answer = lambda _: (410, {})
    made, hook = await _hook_with_grade(dev_client, world, receiver)
    (delivery,) = await deliveries_of(session)
    assert await run(sessionmaker, delivery.id, dev_settings) == "failed"
    (delivery,) = await deliveries_of(session)
    assert delivery.status == "failed"
    assert delivery.attempts[0]["response_status"] == 410
    got = await dev_client.get(
        f"/api/v1/integration/webhooks/{hook['id']}", headers=api_key(made["client_secret"])
    )
    assert got.json()["status"] == "disabled"
    assert got.json()["disabled_reason"] == "gone"
    assert await jobs_for(session, delivery.id) == 1  # no retry queued


async def test_retry_after_отодвигает_попытку_а_редирект_неудача(
    dev_client: AsyncClient,
    session: AsyncSession,
    sessionmaker: async_sessionmaker[AsyncSession],
    dev_settings: Settings,
    world: World,
    receiver: Receiver,
    frozen_clock: Clock,
) -> None:
    receiver.answer = lambda _: (429, {"retry-after": "600"})
    await _hook_with_grade(dev_client, world, receiver)
    (delivery,) = await deliveries_of(session)
    assert await run(sessionmaker, delivery.id, dev_settings) == "retry"
    (delivery,) = await deliveries_of(session)
    assert delivery.next_attempt_at is not None
    assert delivery.next_attempt_at >= frozen_clock.current + timedelta(seconds=600)

    receiver.answer = lambda _: (302, {"location": "https://elsewhere.example/"})
    frozen_clock.current = delivery.next_attempt_at
    assert await run(sessionmaker, delivery.id, dev_settings) == "retry"
    (delivery,) = await deliveries_of(session)
    assert delivery.attempts[-1]["response_status"] == 302
    assert delivery.attempts[-1]["error"] == "HTTP 302"


async def test_повторная_доставка_с_тем_же_webhook_id(
    dev_client: AsyncClient,
    session: AsyncSession,
    sessionmaker: async_sessionmaker[AsyncSession],
    dev_settings: Settings,
    world: World,
    receiver: Receiver,
) -> None:
    made, hook = await _hook_with_grade(dev_client, world, receiver)
    (delivery,) = await deliveries_of(session)
    await run(sessionmaker, delivery.id, dev_settings)

    base = f"/api/v1/integration/webhooks/{hook['id']}/deliveries"
    log = await dev_client.get(base, headers=api_key(made["client_secret"]))
    assert log.status_code == 200
    (item,) = log.json()["items"]
    assert item["status"] == "succeeded"
    assert item["event_type"] == "grade.created"
    assert item["attempts"][0]["response_status"] == 204

    again = await dev_client.post(
        f"{base}/{delivery.id}/redeliver", headers=api_key(made["client_secret"])
    )
    assert again.status_code == 202, again.text
    assert again.json()["message_id"] == delivery.message_id
    assert again.json()["status"] == "pending"
    assert await jobs_for(session, delivery.id) == 2
    assert await run(sessionmaker, delivery.id, dev_settings, manual=True) == "succeeded"
    first, second = receiver.received
    assert first.headers["webhook-id"] == second.headers["webhook-id"] == delivery.message_id
    assert first.body == second.body
    (delivery,) = await deliveries_of(session)
    assert [a["attempt"] for a in delivery.attempts] == [1, 2]

    # The school admin may redeliver too, and sees the same log.
    admin = {"Authorization": f"Bearer {world.admin.token}"}
    admin_base = f"/api/v1/integration-clients/{made['id']}/webhooks/{hook['id']}/deliveries"
    seen = await dev_client.get(admin_base, headers=admin)
    assert [len(i["attempts"]) for i in seen.json()["items"]] == [2]
    assert (
        await dev_client.post(f"{admin_base}/{delivery.id}/redeliver", headers=admin)
    ).status_code == 202
    foreign = {"Authorization": f"Bearer {world.foreign_admin.token}"}
    assert (
        await dev_client.post(f"{admin_base}/{delivery.id}/redeliver", headers=foreign)
    ).status_code == 404


async def test_после_ротации_подписывают_оба_секрета(
    dev_client: AsyncClient,
    session: AsyncSession,
    sessionmaker: async_sessionmaker[AsyncSession],
    dev_settings: Settings,
    world: World,
    receiver: Receiver,
) -> None:
    made, hook = await _hook_with_grade(dev_client, world, receiver)
    rotated = await dev_client.post(
        f"/api/v1/integration/webhooks/{hook['id']}/rotate-secret",
        headers=api_key(made["client_secret"]),
    )
    new_secret = rotated.json()["secret"]
    (delivery,) = await deliveries_of(session)
    await run(sessionmaker, delivery.id, dev_settings)
    (got,) = receiver.received
    assert len(got.headers["webhook-signature"].split(" ")) == 2
    for secret in (hook["secret"], new_secret):
        StandardWebhook(secret).verify(got.body, got.headers)


async def test_пробное_событие_и_отзыв_клиента(
    dev_client: AsyncClient,
    session: AsyncSession,
    sessionmaker: async_sessionmaker[AsyncSession],
    dev_settings: Settings,
    world: World,
    receiver: Receiver,
) -> None:
    made = await make_client(dev_client, world.admin.token, ALL)
    hook = await subscribe(dev_client, made["client_secret"], receiver.url, ["grade.created"])
    url = f"/api/v1/integration/webhooks/{hook['id']}/test"
    sent = await dev_client.post(url, headers=api_key(made["client_secret"]))
    assert sent.status_code == 202
    assert sent.json()["event_type"] == "webhook.test"
    (delivery,) = await deliveries_of(session)
    assert await run(sessionmaker, delivery.id, dev_settings) == "succeeded"
    body = json.loads(receiver.received[0].body)
    assert body["type"] == "webhook.test"
    assert body["data"] == {"webhook_id": hook["id"]}

    await dev_client.post(url, headers=api_key(made["client_secret"]))
    revoked = await dev_client.post(
        f"/api/v1/integration-clients/{made['id']}/revoke",
        headers={"Authorization": f"Bearer {world.admin.token}"},
    )
    assert revoked.status_code == 200
    pending = [d for d in await deliveries_of(session) if d.status == "pending"]
    assert await run(sessionmaker, pending[0].id, dev_settings) == "failed"
    assert len(receiver.received) == 1


async def test_пять_дней_неудач_отключают_вебхук_и_извещают_администратора(
    dev_client: AsyncClient,
    session: AsyncSession,
    sessionmaker: async_sessionmaker[AsyncSession],
    dev_settings: Settings,
    world: World,
    receiver: Receiver,
    frozen_clock: Clock,
) -> None:
    receiver.answer = lambda _: (503, {})
    made, hook = await _hook_with_grade(dev_client, world, receiver)
    (delivery,) = await deliveries_of(session)
    assert await run(sessionmaker, delivery.id, dev_settings) == "retry"
    webhook = await session.get(Webhook, uuid.UUID(hook["id"]), populate_existing=True)
    assert webhook is not None
    assert webhook.failing_since is not None
    webhook.failing_since -= timedelta(days=5)
    await session.flush()
    (delivery,) = await deliveries_of(session)
    assert delivery.next_attempt_at is not None
    frozen_clock.current = delivery.next_attempt_at
    await run(sessionmaker, delivery.id, dev_settings)
    got = await dev_client.get(
        f"/api/v1/integration/webhooks/{hook['id']}", headers=api_key(made["client_secret"])
    )
    assert got.json()["status"] == "auto_disabled"
    feed = (await dev_client.get("/api/v1/notifications", headers=world.admin.headers)).json()
    (told,) = [n for n in feed["items"] if n["kind"] == "integration"]
    assert told["title"].startswith("Вебхук отключён")
