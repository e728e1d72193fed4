"""The SMS send limits of ``api.identity.codes.claim_sms_slot``: a 60-second wait per flow,
ten messages an hour per number across every flow."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from api.errors import TooManyRequests
from api.identity.codes import claim_sms_slot
from api.identity.models import CodePurpose
from tests.identity.conftest import Clock

NUMBER = "+79161112233"


async def refused(session: AsyncSession, purpose: CodePurpose) -> str:
    with pytest.raises(TooManyRequests) as caught:
        await claim_sms_slot(session, NUMBER, purpose)
    return caught.value.code


async def test_a_signing_code_right_after_the_login_code_is_sent(
    session: AsyncSession, frozen_clock: Clock
) -> None:
    await claim_sms_slot(session, NUMBER, CodePurpose.login)
    frozen_clock.advance(seconds=5)
    # A parent who has just logged in with a code signs a plan: no 60-second wait.
    await claim_sms_slot(session, NUMBER, CodePurpose.signature)

    frozen_clock.advance(seconds=5)
    assert await refused(session, CodePurpose.signature) == "code_resend_cooldown"
    assert await refused(session, CodePurpose.login) == "code_resend_cooldown"
    frozen_clock.advance(seconds=50)  # 60 s after the login code
    await claim_sms_slot(session, NUMBER, CodePurpose.login)
    assert await refused(session, CodePurpose.signature) == "code_resend_cooldown"
    frozen_clock.advance(seconds=5)  # 60 s after the signing code
    await claim_sms_slot(session, NUMBER, CodePurpose.signature)


async def test_ten_an_hour_per_number_whatever_the_flow(
    session: AsyncSession, frozen_clock: Clock
) -> None:
    flows = [CodePurpose.login, CodePurpose.signature, CodePurpose.register, CodePurpose.reset]
    for sent in range(10):
        await claim_sms_slot(session, NUMBER, flows[sent % len(flows)])
        frozen_clock.advance(seconds=16)  # each flow comes round again after 64 s
    # Every flow's own wait is over, but the number has had its ten.
    frozen_clock.advance(seconds=60)
    for flow in flows:
        assert await refused(session, flow) == "sms_limit_exceeded"
    frozen_clock.advance(minutes=59)
    await claim_sms_slot(session, NUMBER, CodePurpose.phone_change)


@pytest.mark.parametrize(
    ("waited", "refusal"),
    [(59, "code_resend_cooldown"), (60, None), (61, None)],
    ids=["59s", "60s", "61s"],
)
async def test_a_flow_waits_exactly_a_minute_between_messages(
    session: AsyncSession, frozen_clock: Clock, waited: int, refusal: str | None
) -> None:
    sent_at = frozen_clock.current
    next_at = await claim_sms_slot(session, NUMBER, CodePurpose.login)
    assert next_at == sent_at + timedelta(seconds=60)

    frozen_clock.advance(seconds=waited)

    if refusal is None:
        await claim_sms_slot(session, NUMBER, CodePurpose.login)
    else:
        with pytest.raises(TooManyRequests) as caught:
            await claim_sms_slot(session, NUMBER, CodePurpose.login)
        assert caught.value.code == refusal
        assert (caught.value.headers or {})["Retry-After"] == "1"


@pytest.mark.parametrize(
    ("after_first", "refusal"),
    [(3599, "sms_limit_exceeded"), (3600, None)],
    ids=["59:59", "60:00"],
)
async def test_the_hourly_ten_count_each_message_for_exactly_an_hour(
    session: AsyncSession, frozen_clock: Clock, after_first: int, refusal: str | None
) -> None:
    first = frozen_clock.current
    for sent in range(10):
        frozen_clock.current = first + timedelta(seconds=61 * sent)
        await claim_sms_slot(session, NUMBER, CodePurpose.login)
    frozen_clock.current = first + timedelta(seconds=61 * 10)
    assert await refused(session, CodePurpose.login) == "sms_limit_exceeded"  # the 11th

    frozen_clock.current = first + timedelta(seconds=after_first)

    if refusal is None:
        await claim_sms_slot(session, NUMBER, CodePurpose.login)
    else:
        with pytest.raises(TooManyRequests) as caught:
            await claim_sms_slot(session, NUMBER, CodePurpose.login)
        assert caught.value.code == refusal
        assert (caught.value.headers or {})["Retry-After"] == "1"
