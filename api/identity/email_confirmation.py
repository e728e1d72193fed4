"""E-mail address confirmation by a signed link (seed: «Привяжите электронную почту,
пройдя проверку по ссылке, высланной в письме»).

The token is ``<account id>.<expiry>.<HMAC over account id, address and expiry>``: it
holds no personal data, so it may sit in the SPA's URL; it expires in 24 hours, and
changing the address again makes every earlier link invalid.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from api.config import Settings
from api.delivery.service import send_email
from api.errors import Conflict, FieldError, TooManyRequests, ValidationFailed
from api.i18n import Text
from api.identity import clock, throttle
from api.identity.accounts import normalize_email
from api.identity.models import Account
from api.security.crypto import sign, verify_signature

LINK_TTL = timedelta(hours=24)
EMAILS_PER_HOUR = throttle.Window(limit=5, period=timedelta(hours=1))
_PURPOSE = "email-confirm"


def _payload(account_id: uuid.UUID, email: str, expires: int) -> str:
    return f"{account_id}|{email}|{expires}"


def make_token(account_id: uuid.UUID, email: str, *, expires_at: datetime) -> str:
    expires = int(expires_at.timestamp())
    signature = sign(_payload(account_id, email, expires), purpose=_PURPOSE)
    return f"{account_id.hex}.{expires}.{signature}"


def _token_error(code: str, ru: str, en: str) -> ValidationFailed:
    text = Text(ru, en)
    return ValidationFailed(code=code, detail=text, errors=[FieldError("token", code, text)])


def _invalid() -> ValidationFailed:
    return _token_error(
        "email_token_invalid",
        "Ссылка для подтверждения почты недействительна. Запросите новое письмо.",
        "The e-mail confirmation link is invalid. Request a new e-mail.",
    )


async def send_link(session: AsyncSession, settings: Settings, account: Account) -> None:
    if not account.email:
        return
    key = throttle.bucket("email-confirm", str(account.id))
    await throttle.lock(session, key)
    wait = await throttle.retry_after(session, key, EMAILS_PER_HOUR)
    if wait is not None:
        raise TooManyRequests(
            code="email_limit_exceeded",
            detail=Text(
                "Слишком много писем за час. Повторите попытку позже.",
                "Too many e-mails within an hour. Try again later.",
            ),
            headers={"Retry-After": str(wait)},
        )
    await throttle.record(session, key, keep=EMAILS_PER_HOUR.period)
    token = make_token(account.id, account.email, expires_at=clock.now() + LINK_TTL)
    link = f"{settings.public_url.rstrip('/')}/email/confirm?token={token}"
    await send_email(
        session,
        to=account.email,
        subject="Подтвердите адрес электронной почты",
        body=(
            f"Здравствуйте, {account.first_name}!\n\n"
            "Чтобы подтвердить адрес электронной почты в электронном дневнике, откройте "
            f"ссылку:\n{link}\n\nСсылка действует 24 часа. Если вы не указывали этот адрес, "
            "просто удалите письмо."
        ),
        purpose="email_confirm",
    )


async def change_address(
    session: AsyncSession, settings: Settings, account: Account, email: str
) -> Account:
    email = normalize_email(email)
    if account.email == email and account.email_confirmed_at is not None:
        return account
    account.email = email
    account.email_confirmed_at = None
    await session.flush()
    await send_link(session, settings, account)
    return account


async def confirm(session: AsyncSession, token: str) -> Account:
    parts = token.split(".")
    if len(parts) != 3 or not parts[1].isdigit() or len(parts[1]) > 12:
        raise _invalid()
    try:
        account_id = uuid.UUID(hex=parts[0])
    except ValueError:
        raise _invalid() from None
    expires = int(parts[1])
    account = await session.get(Account, account_id, with_for_update=True)
    if account is None or not account.email:
        raise _invalid()
    if not verify_signature(
        _payload(account.id, account.email, expires), parts[2], purpose=_PURPOSE
    ):
        raise _invalid()
    if datetime.fromtimestamp(expires, UTC) <= clock.now():
        raise _token_error(
            "email_token_expired",
            "Срок действия ссылки истёк. Запросите новое письмо в профиле.",
            "The link has expired. Request a new e-mail from your profile.",
        )
    if account.email_confirmed_at is not None:
        return account
    taken = await session.scalar(
        select(Account.id).where(
            Account.email == account.email,
            Account.email_confirmed_at.is_not(None),
            Account.id != account.id,
        )
    )
    if taken is not None:
        raise Conflict(
            code="email_taken",
            detail=Text(
                "Этот адрес уже подтверждён в другой учётной записи",
                "This address is already confirmed for another account",
            ),
        )
    account.email_confirmed_at = clock.now()
    await session.flush()
    return account
