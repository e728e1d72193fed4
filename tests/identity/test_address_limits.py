"""Behind a proxy one attacker cannot block everyone: the client's real address comes from
trusted proxies only, the hard limit is per (address, log-in), and a password spray from
one address brings a second factor for that address, not a block."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager

import pytest
from httpx import ASGITransport, AsyncClient, Response
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from api.config import Settings
from api.main import create_app
from tests.identity.conftest import PASSWORD, Clock, make_account

PROXY = "10.9.0.1"
PHONE = "+79031112233"
Clients = Callable[..., AbstractAsyncContextManager[AsyncClient]]


@pytest.fixture
def clients(settings: Settings, sessionmaker: async_sessionmaker[AsyncSession]) -> Clients:
    proxied = settings.model_copy(update={"trusted_proxies": f"{PROXY},10.9.0.2"})

    @asynccontextmanager
    async def connect(peer: str = PROXY) -> AsyncIterator[AsyncClient]:
        app = create_app(proxied, manage_database=False)
        app.state.sessionmaker = sessionmaker
        transport = ASGITransport(app=app, raise_app_exceptions=False, client=(peer, 4711))
        async with AsyncClient(transport=transport, base_url="http://t") as client:
            yield client

    return connect


async def attempt(client: AsyncClient, login: str, password: str, address: str) -> Response:
    return await client.post(
        "/api/v1/auth/login",
        json={"login": login, "password": password},
        headers={"X-Forwarded-For": address},
    )


async def test_ten_refusals_of_one_login_from_one_address_then_429_for_that_pair_only(
    clients: Clients, session: AsyncSession
) -> None:
    await make_account(session, phone=PHONE)
    async with clients() as client:
        refused = [await attempt(client, PHONE, "Wrong-1", "203.0.113.5") for _ in range(10)]
        eleventh = await attempt(client, PHONE, "Wrong-1", "203.0.113.5")
        other_address = await attempt(client, PHONE, "Wrong-1", "198.51.100.20")
        other_login = await attempt(client, "+79035550000", "Wrong-1", "203.0.113.5")

    # 5 wrong passwords, then 5 attempts while locked: all refused, all counted.
    assert [r.status_code for r in refused] == [401] * 4 + [423] * 6
    assert eleventh.status_code == 429
    assert eleventh.json()["code"] == "login_rate_limited"
    assert 0 < int(eleventh.headers["retry-after"]) <= 15 * 60
    # The account is still locked for everyone, but nobody else is rate-limited.
    assert other_address.status_code == 423
    assert other_login.status_code == 401


@pytest.mark.parametrize(
    ("waited", "status"), [(899, 429), (900, 200)], ids=["a-second-early", "after-15-minutes"]
)
async def test_the_pairs_ten_refusals_are_counted_for_15_minutes(
    clients: Clients, session: AsyncSession, frozen_clock: Clock, waited: int, status: int
) -> None:
    await make_account(session, phone=PHONE)
    async with clients() as client:
        for _ in range(10):
            await attempt(client, PHONE, "Wrong-1", "203.0.113.5")
        eleventh = await attempt(client, PHONE, PASSWORD, "203.0.113.5")
        frozen_clock.advance(seconds=waited)
        later = await attempt(client, PHONE, PASSWORD, "203.0.113.5")

    assert (eleventh.status_code, eleventh.headers["retry-after"]) == (429, "900")
    assert later.status_code == status, later.text
    if status == 429:
        assert later.headers["retry-after"] == "1"


async def test_forwarded_for_is_ignored_from_a_peer_that_is_not_a_trusted_proxy(
    clients: Clients, session: AsyncSession
) -> None:
    await make_account(session, phone=PHONE)
    async with clients(peer="198.51.100.66") as client:
        for n in range(10):
            # A spoofed header per attempt: it must not spread the attempts over addresses.
            await attempt(client, PHONE, "Wrong-1", f"203.0.113.{n}")
        eleventh = await attempt(client, PHONE, "Wrong-1", "203.0.113.200")

    assert eleventh.status_code == 429


async def test_a_password_spray_from_one_address_brings_an_sms_challenge_not_a_block(
    clients: Clients, session: AsyncSession, frozen_clock: Clock
) -> None:
    await make_account(session, phone=PHONE)  # a parent who signs in with a password alone
    spray = "203.0.113.77"
    async with clients() as client:
        for n in range(49):
            await attempt(client, f"+7903600{n:04d}", "Wrong-1", spray)
        after_49 = await attempt(client, PHONE, PASSWORD, spray)
        await attempt(client, "+79036009999", "Wrong-1", spray)  # the 50th refusal
        after_50 = await attempt(client, PHONE, PASSWORD, spray)
        elsewhere = await attempt(client, PHONE, PASSWORD, "198.51.100.20")
        await attempt(client, "+79036009998", "Wrong-1", spray)  # the 51st
        after_51 = await attempt(client, PHONE, PASSWORD, spray)
        # The refusals are counted for 15 minutes (the clock stood still while they came).
        frozen_clock.advance(minutes=14, seconds=59)
        a_second_early = await attempt(client, PHONE, PASSWORD, spray)
        frozen_clock.advance(seconds=1)
        after_15_minutes = await attempt(client, PHONE, PASSWORD, spray)

    assert after_49.status_code == 200
    assert after_49.json()["mfa_required"] is False
    assert after_50.status_code == 200
    challenge = after_50.json()
    assert challenge["mfa_required"] is True
    assert challenge["methods"] == ["sms"]
    assert challenge["sms_sent_to"] is not None
    assert elsewhere.json()["mfa_required"] is False
    assert after_51.json()["mfa_required"] is True
    assert a_second_early.json()["mfa_required"] is True
    assert after_15_minutes.json()["mfa_required"] is False
