"""Native app devices: registration, removal, who may remove, and their pushes through
the platform's gateway (the log gateway by default, the HTTP relay when configured)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import orjson
import pytest
from httpx import AsyncClient
from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncSession

from api.config import Settings
from api.notifications import schedule
from api.notifications import service as notifications
from api.notifications.service import Kind, Message
from api.push import service as push
from api.push.models import Device, Platform
from tests.factories import make_person
from tests.push.conftest import PushService


@pytest.fixture(autouse=True)
def daytime(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(schedule, "now", lambda: datetime(2026, 12, 7, 9, 0, tzinfo=UTC))


async def _device_jobs(session: AsyncSession) -> list[dict[str, str]]:
    rows = await session.execute(
        text("SELECT args FROM procrastinate_jobs WHERE task_name = :t ORDER BY id"),
        {"t": f"edudiary:{push.DEVICE_TASK}"},
    )
    return [dict(r[0]) for r in rows]


async def test_register_again_move_and_remove(
    client: AsyncClient, session: AsyncSession, settings: Settings
) -> None:
    mother = await make_person(session, settings)
    father = await make_person(session, settings)
    body = {"platform": "rustore", "token": "tok-" + uuid.uuid4().hex, "app_version": "2.4.1"}

    first = await client.post("/api/v1/me/devices", json=body, headers=mother.headers)
    again = await client.post(
        "/api/v1/me/devices", json={**body, "app_version": "2.5.0"}, headers=mother.headers
    )
    assert first.status_code == again.status_code == 201
    device_id = uuid.UUID(first.json()["id"])
    assert again.json()["id"] == str(device_id)
    device = await session.get(Device, device_id)
    assert device is not None
    await session.refresh(device)
    assert (device.account_id, device.platform, device.app_version) == (
        mother.id,
        Platform.rustore,
        "2.5.0",
    )

    refused = await client.delete(f"/api/v1/me/devices/{device_id}", headers=father.headers)
    assert refused.status_code == 404
    assert refused.json()["code"] == "device_not_found"
    assert await session.get(Device, device_id) is not None

    # The phone changes hands: the father signs in on it, the token follows him.
    moved = await client.post("/api/v1/me/devices", json=body, headers=father.headers)
    assert moved.json()["id"] == str(device_id)
    await session.refresh(device)
    assert device.account_id == father.id
    assert (
        await client.delete(f"/api/v1/me/devices/{device_id}", headers=mother.headers)
    ).status_code == 404

    assert (
        await client.delete(f"/api/v1/me/devices/{device_id}", headers=father.headers)
    ).status_code == 204
    assert await session.scalar(select(Device.id).where(Device.id == device_id)) is None


async def test_unknown_platform_and_anonymous_callers_are_refused(
    client: AsyncClient, session: AsyncSession, settings: Settings
) -> None:
    mother = await make_person(session, settings)
    wrong = await client.post(
        "/api/v1/me/devices", json={"platform": "nokia", "token": "t"}, headers=mother.headers
    )
    anonymous = await client.post("/api/v1/me/devices", json={"platform": "fcm", "token": "t"})

    assert wrong.status_code == 422
    assert wrong.json()["errors"][0]["field"] == "platform"
    assert anonymous.status_code == 401
    assert await session.scalar(select(Device.id).where(Device.account_id == mother.id)) is None


async def test_a_notification_goes_to_the_platform_relay(
    client: AsyncClient, session: AsyncSession, settings: Settings, push_service: PushService
) -> None:
    mother = await make_person(session, settings)
    token = "fcm-" + uuid.uuid4().hex
    answer = await client.post(
        "/api/v1/me/devices", json={"platform": "fcm", "token": token}, headers=mother.headers
    )
    device_id = answer.json()["id"]
    await notifications.notify(
        session, [(mother.id, Message(Kind.homework, "Новое ДЗ", "Алгебра", "/diary/x"))]
    )
    relay = Settings(
        env="test",
        push_fcm_gateway="http",
        push_fcm_http_url=f"{push_service.base_url}/relay",
        push_fcm_http_token="relay-token",
    )
    [job] = await _device_jobs(session)
    assert job["target_id"] == device_id

    # The default gateway only logs; the relay gets the push.
    assert await push.send_device(
        session, settings, uuid.UUID(job["message_id"]), uuid.UUID(device_id)
    )
    assert push_service.received == []
    assert await push.send_device(
        session, relay, uuid.UUID(job["message_id"]), uuid.UUID(device_id)
    )
    [request] = push_service.received
    assert request.headers["authorization"] == "Bearer relay-token"
    assert request.headers["idempotency-key"] == job["message_id"]
    assert orjson.loads(request.body) == {
        "platform": "fcm",
        "token": token,
        "notification": {"title": "Новое ДЗ", "body": "Алгебра", "link": "/diary/x"},
    }

    push_service.status = 410
    assert not await push.send_device(
        session, relay, uuid.UUID(job["message_id"]), uuid.UUID(device_id)
    )
    assert await session.scalar(select(Device.id).where(Device.id == uuid.UUID(device_id))) is None
