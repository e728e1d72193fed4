"""The SMS send limits of ``api.identity.codes.claim_sms_slot``: a 60-second wait per flow,
ten messages an hour per number across every flow."""

from __future__ import annotations

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
