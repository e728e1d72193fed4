"""Log-in with a password, the second factor, and lock-outs.

Lock-out: from the 5th consecutive wrong password the log-in is locked for 1 minute,
doubling with each further failure up to 1 hour (5→1, 6→2, 7→4, 8→8, 9→16, 10→32,
11+→60 min); while locked even the right password is refused (423 + Retry-After).
Failures older than 24 hours are forgotten. A log-in name without an account counts
the same way in ``login_lockouts`` and burns an argon2 verification, so known and unknown
names get identical answers.

Per client address (the real one: forwarding headers count only from
``EDUDIARY_TRUSTED_PROXIES``), nothing is blocked wholesale — a school's or a mobile
operator's NAT puts thousands of families behind one address:
* one log-in from one address may be refused (wrong password or locked) 10 times in
  15 minutes; the 11th attempt for that pair is answered 429 before any work is done;
* after 50 refused attempts from one address in 15 minutes (a password spray), every
  log-in from that address must also pass an SMS code: a challenge, not a block.

Second factor: mandatory for staff, on by default for parents (``mfa_sms_enabled``),
and always when an authenticator app is enabled. SMS is always offered; when the account
has no authenticator app the SMS code goes out at once.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from api.config import Settings
from api.delivery.service import send_sms
from api.errors import (
    FieldError,
    Forbidden,
    Locked,
    TooManyRequests,
    Unauthorized,
    ValidationFailed,
)
from api.i18n import Text
from api.identity import clock, codes, passwords, sessions, throttle, totp
from api.identity.accounts import LoginName, find_by_login, mask_phone, parse_login
from api.identity.models import Account, AccountStatus, CodePurpose, LoginChallenge, LoginLockout
from api.identity.schemas import CodeSentOut, MfaChallengeOut

LOCK_AFTER = 5
MAX_LOCK = timedelta(hours=1)
FAILURE_MEMORY = timedelta(hours=24)
# Refused attempts (wrong password or locked) of one log-in from one address: then 429.
PER_ADDRESS_AND_LOGIN = throttle.Window(limit=10, period=timedelta(minutes=15))
# Refused attempts from one address, all log-ins: then a second factor for everyone there.
PER_ADDRESS = throttle.Window(limit=50, period=timedelta(minutes=15))
CHALLENGE_TTL = timedelta(minutes=10)


@dataclass(frozen=True, slots=True)
class SentCode:
    expires_at: datetime
    resend_at: datetime


class FailureCounter(Protocol):
    failed_logins: int
    last_failed_login_at: datetime | None
    locked_until: datetime | None


def lock_duration(failures: int) -> timedelta | None:
    if failures < LOCK_AFTER:
        return None
    return min(MAX_LOCK, timedelta(minutes=2 ** (failures - LOCK_AFTER)))


def _invalid_credentials() -> Unauthorized:
    return Unauthorized(
        code="invalid_credentials",
        detail=Text("Неверный логин или пароль", "Wrong login or password"),
    )


def _locked(until: datetime, now: datetime) -> Locked:
    wait = throttle.seconds_until(until, now)
    minutes = max(1, round(wait / 60))
    return Locked(
        code="login_locked",
        detail=Text(
            "Слишком много неудачных попыток входа. Вход временно заблокирован, повторите "
            f"через {minutes} мин. или восстановите пароль.",
            f"Too many failed log-in attempts. Log-in is locked; try again in {minutes} min "
            "or reset your password.",
        ),
        headers={"Retry-After": str(wait)},
    )


def _record_failure(counter: FailureCounter, now: datetime) -> timedelta | None:
    last = counter.last_failed_login_at
    if last is None or now - last > FAILURE_MEMORY:
        counter.failed_logins = 0
    counter.failed_logins += 1
    counter.last_failed_login_at = now
    duration = lock_duration(counter.failed_logins)
    counter.locked_until = now + duration if duration else None
    return duration


def _reset_failures(counter: FailureCounter) -> None:
    counter.failed_logins = 0
    counter.last_failed_login_at = None
    counter.locked_until = None


async def _unknown_counter(session: AsyncSession, name: LoginName) -> LoginLockout:
    key = throttle.bucket("login-name", name.key)
    await throttle.lock(session, key)
    row = await session.get(LoginLockout, key)
    if row is None:
        row = LoginLockout(key=key, failed_logins=0)
        session.add(row)
    return row


def mfa_methods(account: Account) -> list[str] | None:
    """Second-factor methods the account must use, or None when a password suffices."""
    if not (account.is_staff or account.mfa_sms_enabled or account.totp_enabled):
        return None
    return ["sms", "totp"] if account.totp_enabled else ["sms"]


async def login(
    session: AsyncSession,
    settings: Settings,
    *,
    login: str,
    password: str,
    address: str,
    user_agent: str | None,
) -> sessions.IssuedTokens | MfaChallengeOut:
    """Tokens or a second-factor challenge. The caller commits even when this raises."""
    name = parse_login(login)
    pair_key = throttle.bucket("login-attempt", f"{address}\n{name.key}")
    await throttle.lock(session, pair_key)
    wait = await throttle.retry_after(session, pair_key, PER_ADDRESS_AND_LOGIN)
    if wait is not None:
        raise TooManyRequests(
            code="login_rate_limited",
            detail=Text(
                "Слишком много неудачных попыток входа. Повторите позже или восстановите пароль.",
                "Too many failed log-in attempts. Try again later or reset your password.",
            ),
            headers={"Retry-After": str(wait)},
        )
    address_key = throttle.bucket("login-address", address)
    address_suspect = await throttle.retry_after(session, address_key, PER_ADDRESS) is not None
    account = await find_by_login(session, name, for_update=True)
    counter: FailureCounter = (
        account if account is not None else await _unknown_counter(session, name)
    )
    now = clock.now()
    if counter.locked_until is not None and counter.locked_until > now:
        await throttle.record(session, pair_key, keep=PER_ADDRESS_AND_LOGIN.period)
        raise _locked(counter.locked_until, now)
    if account is not None:
        ok, new_hash = await passwords.verify_password(password, account.password_hash)
    else:
        await passwords.burn_verify(password)
        ok, new_hash = False, None
    if not ok:
        duration = _record_failure(counter, now)
        await throttle.record(session, address_key, keep=PER_ADDRESS.period)
        await throttle.record(session, pair_key, keep=PER_ADDRESS_AND_LOGIN.period)
        await session.flush()
        if duration is not None and counter.locked_until is not None:
            raise _locked(counter.locked_until, now)
        raise _invalid_credentials()
    assert account is not None
    if account.status == AccountStatus.blocked:
        raise Forbidden(
            code="account_blocked",
            detail=Text(
                "Учётная запись заблокирована. Обратитесь в службу поддержки.",
                "The account is blocked. Please contact support.",
            ),
        )
    if new_hash:
        account.password_hash = new_hash
    _reset_failures(account)
    await session.flush()
    methods = mfa_methods(account)
    if methods is None and address_suspect:
        # A password spray from this address: the right password alone is not enough here.
        methods = ["sms"]
    if methods is None:
        return await sessions.start(session, settings, account, user_agent=user_agent)
    challenge = LoginChallenge(
        id=uuid.uuid4(),
        account_id=account.id,
        methods=methods,
        created_at=now,
        expires_at=now + CHALLENGE_TTL,
    )
    session.add(challenge)
    await session.flush()
    sent_to = None
    resend_at = None
    if not account.totp_enabled:
        try:
            resend_at = (await _send_login_code(session, account, challenge)).resend_at
            sent_to = mask_phone(account.phone)
        except TooManyRequests as refused:
            # One SMS a minute per number (a second log-in, or one right after the
            # registration's code): the client is told when it may ask via /login/resend.
            wait = int((refused.headers or {}).get("Retry-After", "60"))
            resend_at = now + timedelta(seconds=wait)
    return MfaChallengeOut(
        challenge_id=challenge.id,
        methods=methods,
        sms_sent_to=sent_to,
        resend_available_at=resend_at,
        expires_at=challenge.expires_at,
    )


async def _send_login_code(
    session: AsyncSession, account: Account, challenge: LoginChallenge
) -> SentCode:
    resend_at = await codes.claim_sms_slot(session, account.phone, CodePurpose.login)
    row, code = await codes.issue(
        session,
        account_id=account.id,
        purpose=CodePurpose.login,
        channel="sms",
        recipient=account.phone,
        challenge_id=challenge.id,
    )
    await send_sms(
        session,
        to=account.phone,
        text=f"Электронный дневник: код для входа {code}. Никому его не сообщайте.",
        purpose="login",
    )
    return SentCode(expires_at=row.expires_at, resend_at=resend_at)


def _challenge_error(code: str, ru: str, en: str) -> ValidationFailed:
    text = Text(ru, en)
    return ValidationFailed(code=code, detail=text, errors=[FieldError("challenge_id", code, text)])


async def _open_challenge(
    session: AsyncSession, challenge_id: uuid.UUID
) -> tuple[LoginChallenge, Account]:
    row = (
        await session.execute(
            select(LoginChallenge, Account)
            .join(Account, LoginChallenge.account_id == Account.id)
            .where(LoginChallenge.id == challenge_id)
            .with_for_update(of=LoginChallenge)
        )
    ).one_or_none()
    if row is None or row[0].completed_at is not None or row[1].status != AccountStatus.active:
        raise _challenge_error(
            "challenge_invalid",
            "Сеанс входа не найден или уже завершён. Войдите снова.",
            "The log-in attempt is unknown or finished. Please log in again.",
        )
    challenge, account = row
    if challenge.expires_at <= clock.now():
        raise _challenge_error(
            "challenge_expired",
            "Время на подтверждение входа истекло. Войдите снова.",
            "The time to confirm the log-in has run out. Please log in again.",
        )
    return challenge, account


async def verify(
    session: AsyncSession,
    settings: Settings,
    *,
    challenge_id: uuid.UUID,
    code: str,
    method: str | None,
    user_agent: str | None,
) -> sessions.IssuedTokens:
    """Tokens for a correct second factor. The caller commits even when this raises."""
    challenge, account = await _open_challenge(session, challenge_id)
    method = method or ("totp" if account.totp_enabled else "sms")
    if method not in challenge.methods:
        raise ValidationFailed(
            code="mfa_method_unavailable",
            detail=Text(
                "Этот способ подтверждения не подключён", "This verification method is not enabled"
            ),
            errors=[
                FieldError("method", "mfa_method_unavailable", Text("Недоступно", "Unavailable"))
            ],
        )
    if method == "totp":
        await totp.check(session, account, code)
    else:
        row = await codes.latest(
            session, purpose=CodePurpose.login, recipient=account.phone, challenge_id=challenge.id
        )
        await codes.consume(session, row, code)
    challenge.completed_at = clock.now()
    await session.flush()
    return await sessions.start(session, settings, account, user_agent=user_agent)


async def resend(session: AsyncSession, *, challenge_id: uuid.UUID) -> CodeSentOut:
    challenge, account = await _open_challenge(session, challenge_id)
    sent = await _send_login_code(session, account, challenge)
    return CodeSentOut(
        phone=mask_phone(account.phone),
        code_expires_at=sent.expires_at,
        resend_available_at=sent.resend_at,
    )
