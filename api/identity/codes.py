"""One-time codes: 6 digits by SMS (or a link token by e-mail), kept only as a keyed hash.

Rules: a code lives 5 minutes and allows 3 tries, then it is dead; a new code for the same
purpose and recipient kills the previous one; one SMS per phone per minute and at most 10
an hour. Checking a code claims a try with one atomic UPDATE before comparing, and using
it is a second conditional UPDATE: of any number of concurrent submissions of the right
code exactly one succeeds.
"""

from __future__ import annotations

import hmac
import secrets
import uuid
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from api.errors import FieldError, TooManyRequests, ValidationFailed
from api.i18n import Text
from api.identity import clock, throttle
from api.identity.models import CodePurpose, OneTimeCode
from api.security.crypto import keyed_hash

CODE_TTL = timedelta(minutes=5)
MAX_ATTEMPTS = 3
RESEND_COOLDOWN = timedelta(seconds=60)
SMS_PER_HOUR = throttle.Window(limit=10, period=timedelta(hours=1))


def recipient_hash(recipient: str) -> str:
    """``recipient`` is normalised: E.164 phone or lower-cased e-mail."""
    return keyed_hash(recipient, purpose="code-recipient")


def new_sms_code() -> str:
    return f"{secrets.randbelow(10**6):06d}"


def new_link_code() -> str:
    return secrets.token_urlsafe(24)


def _hash(code_id: uuid.UUID, code: str) -> str:
    return keyed_hash(f"{code_id}:{code}", purpose="one-time-code")


def _code_error(code: str, ru: str, en: str) -> ValidationFailed:
    text = Text(ru, en)
    return ValidationFailed(code=code, detail=text, errors=[FieldError("code", code, text)])


def invalid_code() -> ValidationFailed:
    return _code_error(
        "code_invalid",
        "Неверный код. Проверьте код из сообщения и попробуйте ещё раз.",
        "Wrong code. Check the code in the message and try again.",
    )


def expired_code() -> ValidationFailed:
    return _code_error(
        "code_expired",
        "Срок действия кода истёк. Запросите новый код.",
        "The code has expired. Request a new one.",
    )


def exhausted_code() -> ValidationFailed:
    return _code_error(
        "code_attempts_exceeded",
        "Код введён неверно слишком много раз и больше не действует. Запросите новый код.",
        "Too many wrong attempts: this code no longer works. Request a new one.",
    )


async def claim_sms_slot(session: AsyncSession, phone: str, purpose: CodePurpose) -> datetime:
    """Count one SMS to ``phone`` for ``purpose`` or refuse with 429; returns when the next
    one for the same purpose is allowed.

    The 60-second wait is per purpose: it stops a flow's «Отправить код ещё раз» from being
    pressed in a loop, but a parent who has just logged in with a code and now signs a
    document gets the signing code at once. The hourly ceiling is per number, shared by
    every purpose, so the number cannot be flooded by switching flows.
    Counted per number whether or not a message then goes out, so the answers for numbers
    with and without an account look alike.
    """
    key = throttle.bucket("sms", phone)
    cooldown_key = throttle.bucket(f"sms-{purpose.value}", phone)
    await throttle.lock(session, key)  # one lock per number serialises both counts
    now = clock.now()
    last = await throttle.last_event(session, cooldown_key)
    if last is not None and last + RESEND_COOLDOWN > now:
        wait = throttle.seconds_until(last + RESEND_COOLDOWN, now)
        raise TooManyRequests(
            code="code_resend_cooldown",
            detail=Text(
                f"Новый код можно запросить через {wait} с.",
                f"You can request a new code in {wait} s.",
            ),
            headers={"Retry-After": str(wait)},
        )
    wait_hour = await throttle.retry_after(session, key, SMS_PER_HOUR)
    if wait_hour is not None:
        raise TooManyRequests(
            code="sms_limit_exceeded",
            detail=Text(
                "Слишком много СМС на этот номер за час. Повторите попытку позже.",
                "Too many SMS to this number within an hour. Try again later.",
            ),
            headers={"Retry-After": str(wait_hour)},
        )
    await throttle.record(session, key, keep=SMS_PER_HOUR.period)
    await throttle.record(session, cooldown_key, keep=RESEND_COOLDOWN)
    return now + RESEND_COOLDOWN


async def issue(
    session: AsyncSession,
    *,
    account_id: uuid.UUID,
    purpose: CodePurpose,
    channel: str,
    recipient: str,
    challenge_id: uuid.UUID | None = None,
    ttl: timedelta = CODE_TTL,
    code: str | None = None,
) -> tuple[OneTimeCode, str]:
    """A fresh code (returned in clear once, to be sent); earlier live ones die."""
    now = clock.now()
    target = recipient_hash(recipient)
    live = (
        OneTimeCode.purpose == purpose,
        OneTimeCode.recipient_hash == target,
        OneTimeCode.consumed_at.is_(None),
        OneTimeCode.superseded_at.is_(None),
    )
    await session.execute(
        update(OneTimeCode)
        .where(*live)
        .values(superseded_at=now)
        .execution_options(synchronize_session=False)
    )
    code = code or (new_sms_code() if channel == "sms" else new_link_code())
    row = OneTimeCode(
        id=uuid.uuid4(),
        account_id=account_id,
        purpose=purpose,
        channel=channel,
        recipient_hash=target,
        challenge_id=challenge_id,
        attempts=0,
        created_at=now,
        expires_at=now + ttl,
    )
    row.code_hash = _hash(row.id, code)
    session.add(row)
    await session.flush()
    return row, code


async def latest(
    session: AsyncSession,
    *,
    purpose: CodePurpose,
    recipient: str,
    challenge_id: uuid.UUID | None = None,
) -> OneTimeCode | None:
    """The newest code not replaced by another (it may be used up or expired)."""
    query = select(OneTimeCode).where(
        OneTimeCode.purpose == purpose,
        OneTimeCode.recipient_hash == recipient_hash(recipient),
        OneTimeCode.superseded_at.is_(None),
    )
    if challenge_id is not None:
        query = query.where(OneTimeCode.challenge_id == challenge_id)
    result: OneTimeCode | None = await session.scalar(
        query.order_by(OneTimeCode.created_at.desc()).limit(1)
    )
    return result


async def consume(session: AsyncSession, row: OneTimeCode | None, submitted: str) -> None:
    """Accept ``submitted`` for ``row`` exactly once, or raise the reason it is refused.

    The caller must commit even when this raises: a wrong try has to stay counted.
    """
    if row is None or row.consumed_at is not None:
        raise invalid_code()
    now = clock.now()
    if row.expires_at <= now:
        raise expired_code()
    # Claim a try first: the row lock serialises concurrent submissions, and a try is
    # spent even if the comparison below succeeds for someone else.
    tries: int | None = await session.scalar(
        update(OneTimeCode)
        .where(
            OneTimeCode.id == row.id,
            OneTimeCode.consumed_at.is_(None),
            OneTimeCode.superseded_at.is_(None),
            OneTimeCode.attempts < MAX_ATTEMPTS,
        )
        .values(attempts=OneTimeCode.attempts + 1)
        .returning(OneTimeCode.attempts)
        .execution_options(synchronize_session=False)
    )
    if tries is None:
        current = await session.scalar(select(OneTimeCode.attempts).where(OneTimeCode.id == row.id))
        if current is not None and current >= MAX_ATTEMPTS:
            raise exhausted_code()
        raise invalid_code()
    if not hmac.compare_digest(row.code_hash, _hash(row.id, submitted)):
        if tries >= MAX_ATTEMPTS:
            raise exhausted_code()
        raise invalid_code()
    used = await session.scalar(
        update(OneTimeCode)
        .where(OneTimeCode.id == row.id, OneTimeCode.consumed_at.is_(None))
        .values(consumed_at=now)
        .returning(OneTimeCode.id)
        .execution_options(synchronize_session=False)
    )
    if used is None:
        raise invalid_code()
