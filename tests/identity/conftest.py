"""Helpers for identity tests: a movable clock, the SMS outbox, ready-made accounts."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from httpx import AsyncClient
from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncSession

from api.delivery.models import OutboundMessage
from api.identity import clock
from api.identity.models import Account, Role
from api.identity.staff import StaffAccountIn, create_staff_account

PASSWORD = "Зима-2026!Снег"
PHONE = "+79161234567"


class Clock:
    def __init__(self) -> None:
        self.current = datetime.now(UTC)

    def __call__(self) -> datetime:
        return self.current

    def advance(self, **delta: float) -> None:
        self.current += timedelta(**delta)


@pytest.fixture
def frozen_clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    fake = Clock()
    monkeypatch.setattr(clock, "now", fake)
    return fake


_BY_SENDING_ORDER = text(
    "SELECT m.id FROM outbound_messages m JOIN procrastinate_jobs j"
    " ON j.args->>'message_id' = m.id::text WHERE m.recipient = :r ORDER BY j.id"
)


async def messages_to(session: AsyncSession, recipient: str) -> list[OutboundMessage]:
    """In sending order: created_at is the transaction's now(), the same for every message
    of a test, so the order comes from the delivery jobs' serial ids."""
    ids = list(await session.scalars(_BY_SENDING_ORDER, {"r": recipient}))
    rows = {
        m.id: m
        for m in await session.scalars(select(OutboundMessage).where(OutboundMessage.id.in_(ids)))
    }
    return [rows[i] for i in ids]


async def last_code(session: AsyncSession, recipient: str) -> str:
    messages = await messages_to(session, recipient)
    bodies = [m.body for m in messages]
    for body in reversed(bodies):
        if match := re.search(r"\b(\d{6})\b", body):
            return match.group(1)
    raise AssertionError(f"no code sent to {recipient}: {bodies}")


async def message_count(session: AsyncSession, recipient: str) -> int:
    return len(await messages_to(session, recipient))


def registration(**overrides: Any) -> dict[str, Any]:
    body = {
        "last_name": "Иванова",
        "first_name": "Мария",
        "middle_name": "Петровна",
        "phone": PHONE,
        "password": PASSWORD,
    }
    body.update(overrides)
    return body


@dataclass
class Tokens:
    access_token: str
    refresh_token: str

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.access_token}"}


async def register_and_confirm(
    client: AsyncClient, session: AsyncSession, **overrides: Any
) -> Tokens:
    body = registration(**overrides)
    response = await client.post("/api/v1/auth/register", json=body)
    assert response.status_code == 201, response.text
    code = await last_code(session, body["phone"])
    confirmed = await client.post(
        "/api/v1/auth/phone/confirm", json={"phone": body["phone"], "code": code}
    )
    assert confirmed.status_code == 200, confirmed.text
    data = confirmed.json()
    return Tokens(data["access_token"], data["refresh_token"])


async def make_account(
    session: AsyncSession,
    *,
    phone: str = "+79031112233",
    role: Role = Role.parent,
    mfa_sms: bool = False,
    password: str = PASSWORD,
) -> Account:
    """An active account; parents without a second factor unless ``mfa_sms``."""
    account = await create_staff_account(
        session,
        StaffAccountIn(
            role=Role.teacher if role == Role.parent else role,
            phone=phone,
            password=password,
            last_name="Петров",
            first_name="Пётр",
        ),
    )
    if role == Role.parent:
        account.roles = [Role.parent.value]
        account.mfa_sms_enabled = mfa_sms
    await session.flush()
    return account


async def login(client: AsyncClient, login_name: str, password: str = PASSWORD) -> Tokens:
    response = await client.post(
        "/api/v1/auth/login", json={"login": login_name, "password": password}
    )
    assert response.status_code == 200, response.text
    data = response.json()
    assert data["mfa_required"] is False, data
    return Tokens(data["access_token"], data["refresh_token"])
