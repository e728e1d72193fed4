"""Password reset: SMS code or e-mail link; no enumeration; all sessions end."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from httpx import AsyncClient
from sqlalchemy.ext.asyncio import AsyncSession

from tests.identity.conftest import (
    PASSWORD,
    last_code,
    login,
    make_account,
    message_count,
    messages_to,
)

PHONE = "+79031112233"
NEW_PASSWORD = "Весна-2027?Капель"


async def test_reset_by_sms_code_sets_password_and_ends_sessions(
    client: AsyncClient, session: AsyncSession
) -> None:
    await make_account(session, phone=PHONE)
    old = await login(client, PHONE)

    asked = await client.post("/api/v1/auth/password/reset", json={"login": "8 903 111 22 33"})
    code = await last_code(session, PHONE)
    done = await client.post(
        "/api/v1/auth/password/reset/confirm",
        json={"login": PHONE, "code": code, "new_password": NEW_PASSWORD},
    )

    assert asked.status_code == 202
    assert done.status_code == 204, done.text
    assert (await client.get("/api/v1/me", headers=old.headers)).status_code == 401
    refused = await client.post("/api/v1/auth/login", json={"login": PHONE, "password": PASSWORD})
    assert refused.status_code == 401
    await login(client, PHONE, NEW_PASSWORD)


async def test_reset_for_unknown_login_answers_the_same_and_sends_nothing(
    client: AsyncClient, session: AsyncSession
) -> None:
    unknown = await client.post("/api/v1/auth/password/reset", json={"login": "+79035556677"})
    garbage = await client.post("/api/v1/auth/password/reset", json={"login": "nobody"})

    assert unknown.status_code == garbage.status_code == 202
    assert unknown.content == garbage.content == b""
    assert await message_count(session, "+79035556677") == 0


async def test_reset_refuses_weak_password_and_wrong_code(
    client: AsyncClient, session: AsyncSession
) -> None:
    await make_account(session, phone=PHONE)
    await client.post("/api/v1/auth/password/reset", json={"login": PHONE})
    code = await last_code(session, PHONE)

    weak = await client.post(
        "/api/v1/auth/password/reset/confirm",
        json={"login": PHONE, "code": code, "new_password": "qwerty123"},
    )
    wrong = await client.post(
        "/api/v1/auth/password/reset/confirm",
        json={
            "login": PHONE,
            "code": "999999" if code != "999999" else "888888",
            "new_password": NEW_PASSWORD,
        },
    )
    still = await client.post(
        "/api/v1/auth/password/reset/confirm",
        json={"login": PHONE, "code": code, "new_password": NEW_PASSWORD},
    )

    assert weak.status_code == 422
    assert {e["field"] for e in weak.json()["errors"]} == {"new_password"}
    assert wrong.json()["code"] == "code_invalid"
    assert still.status_code == 204


async def test_reset_by_email_link(client: AsyncClient, session: AsyncSession) -> None:
    account = await make_account(session, phone=PHONE)
    account.email = "maria@example.ru"
    account.email_confirmed_at = datetime.now(UTC)
    await session.flush()

    await client.post("/api/v1/auth/password/reset", json={"login": "Maria@example.ru"})
    (mail,) = await messages_to(session, "maria@example.ru")
    match = re.search(
        r"/password/reset/confirm\?link=([0-9a-f-]+)&code=([A-Za-z0-9_-]+)", mail.body
    )
    assert match is not None
    assert "maria" not in match.group(0)
    done = await client.post(
        "/api/v1/auth/password/reset/confirm",
        json={"login": "maria@example.ru", "code": match.group(2), "new_password": NEW_PASSWORD},
    )

    assert done.status_code == 204, done.text
    await login(client, "maria@example.ru", NEW_PASSWORD)


async def test_reset_by_email_link_alone_without_typing_the_login(
    client: AsyncClient, session: AsyncSession
) -> None:
    account = await make_account(session, phone=PHONE)
    account.email = "maria@example.ru"
    account.email_confirmed_at = datetime.now(UTC)
    await session.flush()

    await client.post("/api/v1/auth/password/reset", json={"login": "maria@example.ru"})
    (mail,) = await messages_to(session, "maria@example.ru")
    match = re.search(
        r"/password/reset/confirm\?link=([0-9a-f-]+)&code=([A-Za-z0-9_-]+)", mail.body
    )
    assert match is not None
    link, code = match.groups()
    wrong = await client.post(
        "/api/v1/auth/password/reset/confirm",
        json={
            "link": link,
            "code": code[:-1] + ("A" if code[-1] != "A" else "B"),
            "new_password": NEW_PASSWORD,
        },
    )
    done = await client.post(
        "/api/v1/auth/password/reset/confirm",
        json={"link": link, "code": code, "new_password": NEW_PASSWORD},
    )
    neither = await client.post(
        "/api/v1/auth/password/reset/confirm", json={"code": code, "new_password": NEW_PASSWORD}
    )

    assert wrong.json()["code"] == "code_invalid"
    assert done.status_code == 204, done.text
    assert neither.status_code == 422
    assert [e["field"] for e in neither.json()["errors"]] == ["login"]
    await login(client, "maria@example.ru", NEW_PASSWORD)


async def test_reset_unlocks_a_locked_account(client: AsyncClient, session: AsyncSession) -> None:
    account = await make_account(session, phone=PHONE)
    for _ in range(5):
        await client.post("/api/v1/auth/login", json={"login": PHONE, "password": "Wrong-pass-1!"})
    await session.refresh(account)
    assert account.locked_until is not None

    await client.post("/api/v1/auth/password/reset", json={"login": PHONE})
    code = await last_code(session, PHONE)
    await client.post(
        "/api/v1/auth/password/reset/confirm",
        json={"login": PHONE, "code": code, "new_password": NEW_PASSWORD},
    )

    await login(client, PHONE, NEW_PASSWORD)
