"""E-mail confirmation by a signed link (seed: «Привяжите электронную почту, пройдя
проверку по ссылке, высланной в письме»)."""

from __future__ import annotations

import re

from httpx import AsyncClient
from sqlalchemy.ext.asyncio import AsyncSession

from tests.identity.conftest import Clock, login, make_account, messages_to, register_and_confirm

PHONE = "+79031112233"


async def link_token(session: AsyncSession, email: str) -> str:
    mail = (await messages_to(session, email))[-1]
    match = re.search(r"/email/confirm\?token=([A-Za-z0-9_.-]+)", mail.body)
    assert match is not None, mail.body
    return match.group(1)


async def test_email_given_at_registration_is_confirmed_by_link(
    client: AsyncClient, session: AsyncSession
) -> None:
    tokens = await register_and_confirm(client, session, email="Maria.Ivanova@Example.ru")
    token = await link_token(session, "maria.ivanova@example.ru")
    assert "maria" not in token.lower()  # no personal data in the SPA's URL

    before = (await client.get("/api/v1/me", headers=tokens.headers)).json()
    confirmed = await client.post("/api/v1/auth/email/confirm", json={"token": token})
    after = (await client.get("/api/v1/me", headers=tokens.headers)).json()

    assert before["email_confirmed"] is False
    assert confirmed.status_code == 200, confirmed.text
    assert confirmed.json() == {"email": "maria.ivanova@example.ru", "email_confirmed": True}
    assert after["email_confirmed"] is True


async def test_set_email_then_expired_and_tampered_links_are_refused(
    client: AsyncClient, session: AsyncSession, frozen_clock: Clock
) -> None:
    await make_account(session, phone=PHONE)
    tokens = await login(client, PHONE)
    answer = await client.post(
        "/api/v1/me/email", json={"email": "petrov@example.ru"}, headers=tokens.headers
    )
    assert answer.status_code == 202
    assert answer.json() == {"email": "petrov@example.ru", "email_confirmed": False}
    token = await link_token(session, "petrov@example.ru")
    account_hex, expires, signature = token.split(".")

    later_expiry = f"{account_hex}.{int(expires) + 3600}.{signature}"
    other_sig = f"{account_hex}.{expires}.{'0' * len(signature)}"
    tampered = [
        await client.post("/api/v1/auth/email/confirm", json={"token": t})
        for t in (later_expiry, other_sig)
    ]
    frozen_clock.advance(hours=24, seconds=1)
    expired = await client.post("/api/v1/auth/email/confirm", json={"token": token})

    assert [t.json()["code"] for t in tampered] == ["email_token_invalid"] * 2
    assert expired.status_code == 422
    assert expired.json()["code"] == "email_token_expired"


async def test_changing_the_address_invalidates_the_old_link(
    client: AsyncClient, session: AsyncSession, frozen_clock: Clock
) -> None:
    await make_account(session, phone=PHONE)
    tokens = await login(client, PHONE)
    await client.post("/api/v1/me/email", json={"email": "old@example.ru"}, headers=tokens.headers)
    old_token = await link_token(session, "old@example.ru")
    await client.post("/api/v1/me/email", json={"email": "new@example.ru"}, headers=tokens.headers)

    response = await client.post("/api/v1/auth/email/confirm", json={"token": old_token})

    assert response.json()["code"] == "email_token_invalid"


async def test_address_confirmed_by_another_account_is_409(
    client: AsyncClient, session: AsyncSession
) -> None:
    await make_account(session, phone=PHONE)
    await make_account(session, phone="+79035550000")
    first = await login(client, PHONE)
    second = await login(client, "+79035550000")
    await client.post("/api/v1/me/email", json={"email": "same@example.ru"}, headers=first.headers)
    first_token = await link_token(session, "same@example.ru")
    await client.post("/api/v1/me/email", json={"email": "same@example.ru"}, headers=second.headers)
    second_token = await link_token(session, "same@example.ru")

    ok = await client.post("/api/v1/auth/email/confirm", json={"token": first_token})
    taken = await client.post("/api/v1/auth/email/confirm", json={"token": second_token})

    assert ok.status_code == 200
    assert taken.status_code == 409
    assert taken.json()["code"] == "email_taken"
