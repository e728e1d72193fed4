"""Logs never carry the phone, the password or the codes."""

from __future__ import annotations

import logging

import pytest
from httpx import AsyncClient
from sqlalchemy.ext.asyncio import AsyncSession

from tests.identity.conftest import PASSWORD, PHONE, Clock, last_code, registration


async def test_registration_and_login_leave_no_secrets_in_logs(
    client: AsyncClient,
    session: AsyncSession,
    caplog: pytest.LogCaptureFixture,
    frozen_clock: Clock,
) -> None:
    caplog.set_level(logging.DEBUG)
    await client.post("/api/v1/auth/register", json=registration())
    register_code = await last_code(session, PHONE)
    await client.post("/api/v1/auth/phone/confirm", json={"phone": PHONE, "code": "000001"})
    await client.post("/api/v1/auth/phone/confirm", json={"phone": PHONE, "code": register_code})
    frozen_clock.advance(seconds=61)
    challenge = await client.post(
        "/api/v1/auth/login", json={"login": "8 916 123 45 67", "password": PASSWORD}
    )
    await client.post("/api/v1/auth/login", json={"login": PHONE, "password": "Wrong-pass-1!"})
    login_code = await last_code(session, PHONE)
    await client.post(
        "/api/v1/auth/login/verify",
        json={"challenge_id": challenge.json()["challenge_id"], "code": login_code},
    )

    logged = "\n".join(
        " ".join([record.getMessage(), *(str(v) for v in record.__dict__.values())])
        for record in caplog.records
    )
    assert caplog.records, "the flow should at least produce access-log records"
    for secret in (
        "9161234567",
        "916 123 45 67",
        PASSWORD,
        "Wrong-pass-1!",
        register_code,
        login_code,
    ):
        assert secret not in logged
