"""Lock-out after failed passwords; known and unknown log-ins are indistinguishable."""

from __future__ import annotations

from typing import Any

import pytest
from httpx import AsyncClient, Response
from sqlalchemy.ext.asyncio import AsyncSession

from api.identity import login as login_service
from api.identity import passwords
from tests.identity.conftest import PASSWORD, Clock, make_account

PHONE = "+79031112233"
UNKNOWN = "+79035556677"


async def attempt(client: AsyncClient, login: str, password: str) -> Response:
    return await client.post("/api/v1/auth/login", json={"login": login, "password": password})


def comparable(response: Response) -> tuple[int, dict[str, Any], str | None]:
    body = response.json()
    body.pop("request_id")
    return response.status_code, body, response.headers.get("retry-after")


def test_lock_durations_double_from_the_fifth_failure_up_to_an_hour() -> None:
    minutes = [
        (d.total_seconds() / 60 if d else 0)
        for d in (login_service.lock_duration(n) for n in range(1, 13))
    ]
    assert minutes == [0, 0, 0, 0, 1, 2, 4, 8, 16, 32, 60, 60]


async def test_lockout_progression_refuses_even_the_right_password(
    client: AsyncClient, session: AsyncSession, frozen_clock: Clock
) -> None:
    account = await make_account(session, phone=PHONE)

    first_four = [await attempt(client, PHONE, "Wrong-password-1") for _ in range(4)]
    fifth = await attempt(client, PHONE, "Wrong-password-1")
    right_while_locked = await attempt(client, PHONE, PASSWORD)

    assert [r.status_code for r in first_four] == [401] * 4
    assert fifth.status_code == 423
    assert fifth.json()["code"] == "login_locked"
    assert fifth.headers["retry-after"] == "60"
    assert "повторите через 1 мин." in fifth.json()["detail"]
    assert right_while_locked.status_code == 423
    await session.refresh(account)
    assert account.failed_logins == 5  # attempts while locked are not counted

    frozen_clock.advance(seconds=61)
    sixth = await attempt(client, PHONE, "Wrong-password-1")
    assert sixth.status_code == 423
    assert sixth.headers["retry-after"] == "120"
    assert "повторите через 2 мин." in sixth.json()["detail"]

    frozen_clock.advance(seconds=30)  # 90 s left: «2 мин.», rounded, not cut down to 1
    half_way = await attempt(client, PHONE, PASSWORD)
    assert (half_way.status_code, half_way.headers["retry-after"]) == (423, "90")
    assert "повторите через 2 мин." in half_way.json()["detail"]

    frozen_clock.advance(seconds=91)
    ok = await attempt(client, PHONE, PASSWORD)
    assert ok.status_code == 200
    await session.refresh(account)
    assert account.failed_logins == 0
    assert account.locked_until is None


@pytest.mark.parametrize(
    ("waited", "status", "retry_after"),
    [(59, 423, "1"), (60, 200, None), (61, 200, None)],
    ids=["a-second-before-the-end", "at-the-end", "a-second-after"],
)
async def test_a_one_minute_lock_ends_exactly_after_a_minute(
    client: AsyncClient,
    session: AsyncSession,
    frozen_clock: Clock,
    waited: int,
    status: int,
    retry_after: str | None,
) -> None:
    await make_account(session, phone=PHONE)
    for _ in range(5):
        await attempt(client, PHONE, "Wrong-password-1")

    frozen_clock.advance(seconds=waited)
    right = await attempt(client, PHONE, PASSWORD)

    assert right.status_code == status, right.text
    assert right.headers.get("retry-after") == retry_after
    if status == 423:  # a second left is still «1 min», never «0 min»
        assert "повторите через 1 мин." in right.json()["detail"]


@pytest.mark.parametrize(
    ("hours", "seconds", "status", "counted"),
    [(23, 3599, 423, 5), (24, 0, 423, 5), (24, 1, 401, 1)],
    ids=["a-second-before-a-day", "a-day", "a-second-after-a-day"],
)
async def test_failures_are_forgotten_after_a_day(
    client: AsyncClient,
    session: AsyncSession,
    frozen_clock: Clock,
    hours: int,
    seconds: int,
    status: int,
    counted: int,
) -> None:
    account = await make_account(session, phone=PHONE)
    for _ in range(4):
        await attempt(client, PHONE, "Wrong-password-1")

    frozen_clock.advance(hours=hours, seconds=seconds)
    fifth = await attempt(client, PHONE, "Wrong-password-1")

    assert fifth.status_code == status, fifth.text
    await session.refresh(account)
    assert account.failed_logins == counted


async def test_ten_failures_lock_for_at_least_half_an_hour(
    client: AsyncClient, session: AsyncSession, frozen_clock: Clock
) -> None:
    await make_account(session, phone=PHONE)
    answer = None
    for _ in range(10):
        answer = await attempt(client, PHONE, "Wrong-password-1")
        if answer.status_code == 423:
            frozen_clock.advance(seconds=int(answer.headers["retry-after"]) + 1)

    assert answer is not None
    assert answer.status_code == 423
    assert int(answer.headers["retry-after"]) == 32 * 60


async def test_unknown_and_known_logins_get_identical_answers(
    client: AsyncClient, session: AsyncSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    await make_account(session, phone=PHONE)
    verified: list[str] = []
    real_burn = passwords.burn_verify

    async def counting_burn(password: str) -> None:
        verified.append(password)
        await real_burn(password)

    monkeypatch.setattr(passwords, "burn_verify", counting_burn)

    for _ in range(6):
        known = await attempt(client, PHONE, "Wrong-password-1")
        unknown = await attempt(client, UNKNOWN, "Wrong-password-1")
        assert comparable(known) == comparable(unknown)
    # Unknown names cost an argon2 verification too (same timing), until locked.
    assert len(verified) == 5


async def test_lockout_message_in_english(client: AsyncClient, session: AsyncSession) -> None:
    await make_account(session, phone=PHONE)
    for _ in range(4):
        await attempt(client, PHONE, "Wrong-password-1")

    response = await client.post(
        "/api/v1/auth/login",
        json={"login": PHONE, "password": "Wrong-password-1"},
        headers={"Accept-Language": "en"},
    )

    assert response.json()["title"] == "Account locked"
    assert response.json()["detail"].startswith("Too many failed log-in attempts")
