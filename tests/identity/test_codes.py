"""The rules of ``api.identity.codes`` in its own tests, each limit tried at, just under and
just over: a code lives 5 minutes, allows 3 tries, is used once, and dies when a newer one
for the same purpose and recipient is issued. (The SMS send limits: ``test_sms_slots``.)"""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from api.errors import ValidationFailed
from api.identity import codes
from api.identity.models import CodePurpose, OneTimeCode
from tests.identity.conftest import Clock, make_account

PHONE = "+79031112233"


async def issued(session: AsyncSession, code: str = "123456") -> OneTimeCode:
    account = await make_account(session, phone=PHONE)
    row, _ = await codes.issue(
        session,
        account_id=account.id,
        purpose=CodePurpose.register,
        channel="sms",
        recipient=PHONE,
        code=code,
    )
    return row


async def refusal(session: AsyncSession, row: OneTimeCode | None, submitted: str) -> str:
    with pytest.raises(ValidationFailed) as caught:
        await codes.consume(session, row, submitted)
    return caught.value.code


@pytest.mark.parametrize(
    ("seconds", "refused"),
    [(299, None), (300, "code_expired"), (301, "code_expired")],
    ids=["4:59", "5:00", "5:01"],
)
async def test_a_code_lives_five_minutes(
    session: AsyncSession, frozen_clock: Clock, seconds: int, refused: str | None
) -> None:
    row = await issued(session)
    assert row.expires_at == frozen_clock.current + timedelta(minutes=5)

    frozen_clock.advance(seconds=seconds)

    if refused is None:
        await codes.consume(session, row, "123456")
    else:
        assert await refusal(session, row, "123456") == refused


@pytest.mark.parametrize(
    ("wrong", "answers", "right"),
    [
        (2, ["code_invalid", "code_invalid"], None),
        (3, ["code_invalid", "code_invalid", "code_attempts_exceeded"], "code_attempts_exceeded"),
        (
            4,
            ["code_invalid", "code_invalid", "code_attempts_exceeded", "code_attempts_exceeded"],
            "code_attempts_exceeded",
        ),
    ],
    ids=["two-wrong", "three-wrong", "four-wrong"],
)
async def test_a_code_allows_three_tries(
    session: AsyncSession, wrong: int, answers: list[str], right: str | None
) -> None:
    row = await issued(session)

    assert [await refusal(session, row, "654321") for _ in range(wrong)] == answers
    if right is None:
        await codes.consume(session, row, "123456")
    else:
        assert await refusal(session, row, "123456") == right
    await session.refresh(row)
    assert row.attempts == min(wrong + 1, 3)
    assert (row.consumed_at is None) == (right is not None)


async def test_a_code_is_used_once(session: AsyncSession) -> None:
    row = await issued(session)

    await codes.consume(session, row, "123456")
    await session.refresh(row)

    assert row.consumed_at is not None
    assert await refusal(session, row, "123456") == "code_invalid"


async def test_a_new_code_kills_the_previous_one(session: AsyncSession) -> None:
    old = await issued(session, "111111")
    new, _ = await codes.issue(
        session,
        account_id=old.account_id,
        purpose=CodePurpose.register,
        channel="sms",
        recipient=PHONE,
        code="222222",
    )

    latest = await codes.latest(session, purpose=CodePurpose.register, recipient=PHONE)
    assert latest is not None
    assert latest.id == new.id
    await session.refresh(old)
    assert old.superseded_at is not None
    assert await refusal(session, old, "111111") == "code_invalid"
    await codes.consume(session, new, "222222")
