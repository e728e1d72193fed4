"""Registration and phone confirmation (seed: «Подтвердите номер через одноразовый код»)."""

from __future__ import annotations

from httpx import AsyncClient
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from api.identity.models import Account, AccountLevel, AccountStatus, OneTimeCode
from tests.identity.conftest import (
    PHONE,
    Clock,
    last_code,
    message_count,
    messages_to,
    register_and_confirm,
    registration,
)


async def test_registration_sends_code_and_confirmation_logs_in(
    client: AsyncClient, session: AsyncSession
) -> None:
    response = await client.post(
        "/api/v1/auth/register", json=registration(phone="8 (916) 123-45-67")
    )

    assert response.status_code == 201, response.text
    body = response.json()
    assert body["phone"] == "+7 *** ***-**-67"
    account = await session.get(Account, body["account_id"])
    assert account is not None
    assert account.phone == PHONE
    assert account.status == AccountStatus.pending
    assert account.password_hash.startswith("$argon2id$v=19$m=19456,t=2,p=1$")
    code = await last_code(session, PHONE)
    code_row = await session.scalar(select(OneTimeCode).where(OneTimeCode.account_id == account.id))
    assert code_row is not None
    assert code not in code_row.code_hash

    confirmed = await client.post("/api/v1/auth/phone/confirm", json={"phone": PHONE, "code": code})

    assert confirmed.status_code == 200, confirmed.text
    tokens = confirmed.json()
    assert tokens["token_type"] == "bearer"
    assert tokens["expires_in"] <= 900
    assert "edudiary_refresh=" in confirmed.headers["set-cookie"]
    me = await client.get(
        "/api/v1/me", headers={"Authorization": f"Bearer {tokens['access_token']}"}
    )
    assert me.status_code == 200, me.text
    profile = me.json()
    assert profile["level"] == "simplified"
    assert profile["phone"] == PHONE
    assert profile["roles"] == ["parent"]
    assert profile["last_name"] == "Иванова"
    assert profile["mfa"] == {"sms": True, "totp": False}
    activated = await session.get(Account, account.id, populate_existing=True)
    assert activated is not None
    assert activated.status == AccountStatus.active
    assert activated.level == AccountLevel.simplified
    assert activated.phone_confirmed_at is not None


async def test_wrong_code_twice_then_third_wrong_kills_the_code(
    client: AsyncClient, session: AsyncSession
) -> None:
    await client.post("/api/v1/auth/register", json=registration())
    code = await last_code(session, PHONE)
    wrong = "000000" if code != "000000" else "111111"

    answers = [
        await client.post("/api/v1/auth/phone/confirm", json={"phone": PHONE, "code": wrong})
        for _ in range(3)
    ]
    right = await client.post("/api/v1/auth/phone/confirm", json={"phone": PHONE, "code": code})

    assert [a.status_code for a in answers] == [422, 422, 422]
    assert [a.json()["code"] for a in answers] == [
        "code_invalid",
        "code_invalid",
        "code_attempts_exceeded",
    ]
    assert answers[0].json()["errors"][0]["field"] == "code"
    assert right.status_code == 422
    assert right.json()["code"] == "code_attempts_exceeded"
    row = await session.scalar(select(OneTimeCode).order_by(OneTimeCode.created_at.desc()))
    assert row is not None
    assert row.attempts == 3
    assert row.consumed_at is None


async def test_expired_code_is_refused(
    client: AsyncClient, session: AsyncSession, frozen_clock: Clock
) -> None:
    await client.post("/api/v1/auth/register", json=registration())
    code = await last_code(session, PHONE)

    frozen_clock.advance(minutes=5, seconds=1)
    response = await client.post("/api/v1/auth/phone/confirm", json={"phone": PHONE, "code": code})

    assert response.status_code == 422
    assert response.json()["code"] == "code_expired"


async def test_resend_has_a_cooldown_kills_the_old_code_and_caps_per_hour(
    client: AsyncClient, session: AsyncSession, frozen_clock: Clock
) -> None:
    await client.post("/api/v1/auth/register", json=registration())
    first_code = await last_code(session, PHONE)

    too_soon = await client.post("/api/v1/auth/phone/resend", json={"phone": PHONE})
    assert too_soon.status_code == 429
    assert too_soon.json()["code"] == "code_resend_cooldown"
    assert too_soon.headers["retry-after"] == "60"

    frozen_clock.advance(seconds=61)
    resent = await client.post("/api/v1/auth/phone/resend", json={"phone": PHONE})
    assert resent.status_code == 202, resent.text
    assert await message_count(session, PHONE) == 2
    old = await client.post("/api/v1/auth/phone/confirm", json={"phone": PHONE, "code": first_code})
    assert old.status_code == 422

    for _ in range(8):  # 10 SMS in the hour in all
        frozen_clock.advance(seconds=61)
        ok = await client.post("/api/v1/auth/phone/resend", json={"phone": PHONE})
        assert ok.status_code == 202
    frozen_clock.advance(seconds=61)
    capped = await client.post("/api/v1/auth/phone/resend", json={"phone": PHONE})

    assert capped.status_code == 429
    assert capped.json()["code"] == "sms_limit_exceeded"
    # The first SMS of the window leaves it 60 min after it was counted.
    assert 0 < int(capped.headers["retry-after"]) <= 3600 - 9 * 61
    assert await message_count(session, PHONE) == 10

    frozen_clock.advance(seconds=int(capped.headers["retry-after"]))
    again = await client.post("/api/v1/auth/phone/resend", json={"phone": PHONE})
    assert again.status_code == 202


async def test_registering_a_taken_phone_answers_alike_and_warns_the_owner(
    client: AsyncClient, session: AsyncSession, frozen_clock: Clock
) -> None:
    await register_and_confirm(client, session)
    before = await message_count(session, PHONE)
    frozen_clock.advance(seconds=61)

    response = await client.post(
        "/api/v1/auth/register", json=registration(first_name="Злоумышленник")
    )

    assert response.status_code == 201
    assert set(response.json()) == {
        "account_id",
        "phone",
        "code_expires_at",
        "resend_available_at",
    }
    assert await session.get(Account, response.json()["account_id"]) is None
    messages = await messages_to(session, PHONE)
    assert len(messages) == before + 1
    assert "уже есть" in messages[-1].body
    accounts = (await session.scalars(select(Account).where(Account.phone == PHONE))).all()
    assert [a.first_name for a in accounts] == ["Мария"]


async def test_pending_registration_is_replaced(
    client: AsyncClient, session: AsyncSession, frozen_clock: Clock
) -> None:
    first = await client.post("/api/v1/auth/register", json=registration(first_name="Анна"))
    frozen_clock.advance(seconds=61)
    second = await client.post("/api/v1/auth/register", json=registration(first_name="Ольга"))

    assert second.status_code == 201
    assert first.json()["account_id"] != second.json()["account_id"]
    accounts = (await session.scalars(select(Account).where(Account.phone == PHONE))).all()
    assert [(str(a.id), a.first_name) for a in accounts] == [(second.json()["account_id"], "Ольга")]


async def test_resend_for_unknown_phone_answers_like_a_known_one(
    client: AsyncClient, session: AsyncSession
) -> None:
    response = await client.post("/api/v1/auth/phone/resend", json={"phone": "+79267654321"})

    assert response.status_code == 202
    assert response.json()["phone"] == "+7 *** ***-**-21"
    assert await message_count(session, "+79267654321") == 0


async def test_invalid_registration_fields_in_russian_and_english(client: AsyncClient) -> None:
    body = registration(phone="12345", last_name="Ivanova")

    ru = await client.post("/api/v1/auth/register", json=body)
    en = await client.post("/api/v1/auth/register", json=body, headers={"Accept-Language": "en"})

    assert ru.status_code == 422
    fields = {e["field"]: e for e in ru.json()["errors"]}
    assert set(fields) == {"phone", "last_name"}
    assert fields["phone"]["message"].startswith("Некорректный номер телефона")
    en_fields = {e["field"]: e for e in en.json()["errors"]}
    assert en_fields["phone"]["message"].startswith("Invalid phone number")
