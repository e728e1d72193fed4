"""Authenticator app (TOTP) as a second factor; SMS stays available."""

from __future__ import annotations

import pyotp
from httpx import AsyncClient
from sqlalchemy.ext.asyncio import AsyncSession

from api.identity.models import Account
from tests.identity.conftest import PASSWORD, Clock, Tokens, last_code, login, make_account

PHONE = "+79031112233"


async def enable_totp(client: AsyncClient, tokens: Tokens, frozen_clock: Clock) -> pyotp.TOTP:
    setup = await client.post("/api/v1/me/totp/setup", headers=tokens.headers)
    assert setup.status_code == 200, setup.text
    body = setup.json()
    assert body["otpauth_uri"].startswith("otpauth://totp/")
    assert body["qr_svg"].startswith("<svg")
    assert "xmlns=" in body["qr_svg"]
    assert "viewBox=" in body["qr_svg"]
    totp = pyotp.TOTP(body["secret"])
    confirmed = await client.post(
        "/api/v1/me/totp/confirm",
        json={"code": totp.at(frozen_clock.current)},
        headers=tokens.headers,
    )
    assert confirmed.status_code == 200, confirmed.text
    assert confirmed.json()["mfa"]["totp"] is True
    return totp


async def test_totp_setup_confirm_and_login(
    client: AsyncClient, session: AsyncSession, frozen_clock: Clock
) -> None:
    account = await make_account(session, phone=PHONE)
    tokens = await login(client, PHONE)
    totp = await enable_totp(client, tokens, frozen_clock)
    await session.refresh(account)
    assert account.totp_secret_enc is not None
    assert totp.secret.encode() not in account.totp_secret_enc  # encrypted at rest

    frozen_clock.advance(seconds=30)
    challenge = (
        await client.post("/api/v1/auth/login", json={"login": PHONE, "password": PASSWORD})
    ).json()
    assert challenge["mfa_required"] is True
    assert challenge["methods"] == ["sms", "totp"]
    assert challenge["sms_sent_to"] is None  # the app is the default: no SMS spent
    code = totp.at(frozen_clock.current)
    ok = await client.post(
        "/api/v1/auth/login/verify", json={"challenge_id": challenge["challenge_id"], "code": code}
    )
    assert ok.status_code == 200, ok.text

    # The same code is never accepted twice.
    second = (
        await client.post("/api/v1/auth/login", json={"login": PHONE, "password": PASSWORD})
    ).json()
    replay = await client.post(
        "/api/v1/auth/login/verify", json={"challenge_id": second["challenge_id"], "code": code}
    )
    assert replay.status_code == 422


async def test_sms_stays_available_next_to_totp(
    client: AsyncClient, session: AsyncSession, frozen_clock: Clock
) -> None:
    await make_account(session, phone=PHONE)
    await enable_totp(client, await login(client, PHONE), frozen_clock)
    frozen_clock.advance(seconds=61)
    challenge = (
        await client.post("/api/v1/auth/login", json={"login": PHONE, "password": PASSWORD})
    ).json()

    sent = await client.post(
        "/api/v1/auth/login/resend", json={"challenge_id": challenge["challenge_id"]}
    )
    code = await last_code(session, PHONE)
    ok = await client.post(
        "/api/v1/auth/login/verify",
        json={"challenge_id": challenge["challenge_id"], "code": code, "method": "sms"},
    )

    assert sent.status_code == 202
    assert ok.status_code == 200, ok.text


async def test_disable_totp_needs_a_valid_code_and_wrong_codes_are_throttled(
    client: AsyncClient, session: AsyncSession, frozen_clock: Clock
) -> None:
    account = await make_account(session, phone=PHONE)
    tokens = await login(client, PHONE)
    totp = await enable_totp(client, tokens, frozen_clock)
    wrong = "000000" if totp.at(frozen_clock.current) != "000000" else "111111"

    answers = [
        await client.request(
            "DELETE", "/api/v1/me/totp", json={"code": wrong}, headers=tokens.headers
        )
        for _ in range(6)
    ]

    assert [a.status_code for a in answers] == [422] * 5 + [429]
    assert answers[-1].json()["code"] == "totp_attempts_exceeded"
    frozen_clock.advance(minutes=15, seconds=30)
    renewed = await client.post(
        "/api/v1/auth/refresh", json={"refresh_token": tokens.refresh_token}
    )
    disabled = await client.request(
        "DELETE",
        "/api/v1/me/totp",
        json={"code": totp.at(frozen_clock.current)},
        headers={"Authorization": f"Bearer {renewed.json()['access_token']}"},
    )
    assert disabled.status_code == 200, disabled.text
    assert disabled.json()["mfa"]["totp"] is False
    refreshed = await session.get(Account, account.id, populate_existing=True)
    assert refreshed is not None
    assert refreshed.totp_secret_enc is None


async def test_setup_twice_when_enabled_is_409(
    client: AsyncClient, session: AsyncSession, frozen_clock: Clock
) -> None:
    await make_account(session, phone=PHONE)
    tokens = await login(client, PHONE)
    await enable_totp(client, tokens, frozen_clock)

    again = await client.post("/api/v1/me/totp/setup", headers=tokens.headers)

    assert again.status_code == 409
    assert again.json()["code"] == "totp_already_enabled"
