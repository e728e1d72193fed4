"""TOTP (authenticator apps) as a second factor next to SMS, which always stays available.

The secret is stored encrypted (AES-256-GCM bound to the account row); a code is accepted
within ±30 s and never twice; failed codes count per account (5 per 15 minutes).
"""

from __future__ import annotations

import hmac
import io
from datetime import timedelta

import pyotp
import segno
from sqlalchemy.ext.asyncio import AsyncSession

from api.errors import Conflict, TooManyRequests
from api.i18n import Text
from api.identity import clock, codes, throttle
from api.identity.accounts import mask_phone
from api.identity.models import Account
from api.identity.schemas import TotpSetupOut
from api.security.crypto import decrypt, encrypt

ISSUER = "Электронный дневник"
STEP = 30
FAILURES = throttle.Window(limit=5, period=timedelta(minutes=15))


def _aad(account: Account) -> str:
    return f"accounts.totp_secret:{account.id}"


def _secret(account: Account) -> str | None:
    if account.totp_secret_enc is None:
        return None
    return decrypt(account.totp_secret_enc, aad=_aad(account))


def _failures_key(account: Account) -> str:
    return throttle.bucket("totp-failure", str(account.id))


async def _refuse_if_throttled(session: AsyncSession, account: Account) -> None:
    key = _failures_key(account)
    await throttle.lock(session, key)
    wait = await throttle.retry_after(session, key, FAILURES)
    if wait is not None:
        raise TooManyRequests(
            code="totp_attempts_exceeded",
            detail=Text(
                "Слишком много неверных кодов из приложения. Повторите попытку позже или "
                "войдите по коду из СМС.",
                "Too many wrong authenticator codes. Try later or use the SMS code.",
            ),
            headers={"Retry-After": str(wait)},
        )


async def check(session: AsyncSession, account: Account, code: str) -> None:
    """Accept a current code once, or raise (the caller commits: failures count)."""
    await _refuse_if_throttled(session, account)
    secret = _secret(account)
    if secret is not None:
        totp = pyotp.TOTP(secret, interval=STEP)
        current = int(clock.now().timestamp()) // STEP
        for step in (current - 1, current, current + 1):
            if account.totp_last_step is not None and step <= account.totp_last_step:
                continue
            if hmac.compare_digest(totp.at(step * STEP), code):
                account.totp_last_step = step
                await session.flush()
                return
    await throttle.record(session, _failures_key(account), keep=FAILURES.period)
    raise codes.invalid_code()


async def setup(session: AsyncSession, account: Account) -> TotpSetupOut:
    if account.totp_enabled:
        raise Conflict(
            code="totp_already_enabled",
            detail=Text(
                "Приложение-генератор кодов уже подключено. Чтобы подключить другое, сначала "
                "отключите текущее.",
                "An authenticator app is already enabled; disable it first.",
            ),
        )
    secret = pyotp.random_base32()
    account.totp_secret_enc = encrypt(secret, aad=_aad(account))
    account.totp_last_step = None
    await session.flush()
    uri = pyotp.TOTP(secret, interval=STEP).provisioning_uri(
        name=mask_phone(account.phone), issuer_name=ISSUER
    )
    # A standalone, scalable image: xmlns and a viewBox (no fixed size), so the SPA can
    # show it as <img src="data:image/svg+xml,..."> at any size.
    buffer = io.BytesIO()
    segno.make(uri, error="m").save(
        buffer,
        kind="svg",
        scale=4,
        xmldecl=False,
        svgns=True,
        omitsize=True,
        title="QR-код для приложения-аутентификатора",
    )
    svg = buffer.getvalue().decode()
    return TotpSetupOut(secret=secret, otpauth_uri=uri, qr_svg=svg)


def _not_enabled() -> Conflict:
    return Conflict(
        code="totp_not_enabled",
        detail=Text("Приложение-генератор кодов не подключено", "No authenticator app is enabled"),
    )


async def confirm(session: AsyncSession, account: Account, code: str) -> None:
    if account.totp_enabled:
        return
    if account.totp_secret_enc is None:
        raise Conflict(
            code="totp_not_set_up",
            detail=Text(
                "Сначала начните подключение приложения-генератора кодов",
                "Start the authenticator set-up first",
            ),
        )
    await check(session, account, code)
    account.totp_enabled_at = clock.now()
    await session.flush()


async def disable(session: AsyncSession, account: Account, code: str) -> None:
    if not account.totp_enabled:
        raise _not_enabled()
    await check(session, account, code)
    account.totp_secret_enc = None
    account.totp_enabled_at = None
    account.totp_last_step = None
    await session.flush()
