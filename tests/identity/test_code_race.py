"""Sixteen concurrent submissions of the one right code: exactly one wins.

The shared test connection cannot race with itself, so this test uses its own engine
on the test database with real commits (16 connections) and removes its rows after.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest
from sqlalchemy import delete, select, text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine
from sqlalchemy.pool import NullPool

from api.config import Settings
from api.db import async_url
from api.delivery.models import OutboundMessage
from api.errors import AppError
from api.identity import registration, throttle
from api.identity.models import Account, AccountStatus, OneTimeCode, RefreshSession
from api.identity.schemas import RegisterIn
from tests.identity.conftest import PASSWORD, last_code

RACE_PHONE = "+79990001122"
RACERS = 16


@pytest.fixture
async def committing_sessions(database_url: str) -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    engine = create_async_engine(async_url(database_url), poolclass=NullPool)
    factory = async_sessionmaker(engine, expire_on_commit=False, autoflush=False)
    try:
        yield factory
    finally:
        async with factory() as cleanup:
            await cleanup.execute(
                text(
                    "DELETE FROM procrastinate_jobs WHERE args->>'message_id' IN "
                    "(SELECT id::text FROM outbound_messages WHERE recipient = :phone)"
                ),
                {"phone": RACE_PHONE},
            )
            await cleanup.execute(
                delete(OutboundMessage).where(OutboundMessage.recipient == RACE_PHONE)
            )
            await cleanup.execute(delete(Account).where(Account.phone == RACE_PHONE))
            # The number's hourly count and the registration flow's 60-second wait.
            await cleanup.execute(
                text("DELETE FROM throttle_events WHERE bucket = ANY(:b)"),
                {"b": [throttle.bucket(kind, RACE_PHONE) for kind in ("sms", "sms-register")]},
            )
            await cleanup.commit()
        await engine.dispose()


async def test_sixteen_concurrent_right_codes_succeed_exactly_once(
    committing_sessions: async_sessionmaker[AsyncSession], settings: Settings
) -> None:
    async with committing_sessions() as setup:
        body = RegisterIn(
            last_name="Гонкова", first_name="Алла", phone=RACE_PHONE, password=PASSWORD
        )
        await registration.register(setup, body)
        await setup.commit()
        code = await last_code(setup, RACE_PHONE)

    barrier = asyncio.Barrier(RACERS)

    async def submit() -> str:
        async with committing_sessions() as session:
            await session.execute(text("SELECT 1"))  # connected before the start signal
            await barrier.wait()
            try:
                await registration.confirm_phone(
                    session, settings, phone=RACE_PHONE, code=code, user_agent="race"
                )
            except AppError as exc:
                await session.commit()  # as the route does: a spent try stays spent
                return exc.code
            await session.commit()
            return "ok"

    outcomes = await asyncio.gather(*(submit() for _ in range(RACERS)))

    assert outcomes.count("ok") == 1, outcomes
    assert set(outcomes) - {"ok"} <= {"code_invalid", "code_attempts_exceeded"}
    async with committing_sessions() as check:
        account = await check.scalar(select(Account).where(Account.phone == RACE_PHONE))
        assert account is not None
        assert account.status == AccountStatus.active
        sessions = (
            await check.scalars(
                select(RefreshSession).where(RefreshSession.account_id == account.id)
            )
        ).all()
        assert len(sessions) == 1
        row = await check.scalar(select(OneTimeCode).where(OneTimeCode.account_id == account.id))
        assert row is not None
        assert row.consumed_at is not None
