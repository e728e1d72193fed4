"""Password reset («Восстановление доступа»): a code by SMS, or a link by e-mail.

The request always answers the same (202), whether or not the log-in has an account and
whether or not a message went out. Setting the new password ends every session.
"""

from __future__ import annotations

import uuid
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from api.config import Settings
from api.delivery.service import send_email, send_sms
from api.errors import FieldError, TooManyRequests, ValidationFailed
from api.i18n import Text
from api.identity import clock, codes, passwords, sessions, throttle
from api.identity.accounts import find_by_login, parse_login
from api.identity.models import Account, AccountStatus, CodePurpose, OneTimeCode
from api.identity.registration import check_password

LINK_TTL = timedelta(hours=1)
EMAILS_PER_HOUR = throttle.Window(limit=5, period=timedelta(hours=1))


async def request_reset(session: AsyncSession, settings: Settings, login: str) -> None:
    name = parse_login(login)
    if name.kind == "phone":
        try:
            await codes.claim_sms_slot(session, name.value, CodePurpose.reset)
        except TooManyRequests:
            return  # silently: the answer must not differ
    elif name.kind == "email":
        key = throttle.bucket("reset-email", name.value)
        await throttle.lock(session, key)
        if await throttle.retry_after(session, key, EMAILS_PER_HOUR) is not None:
            return
        await throttle.record(session, key, keep=EMAILS_PER_HOUR.period)
    else:
        return
    account = await find_by_login(session, name)
    if account is None or account.status != AccountStatus.active:
        return
    if name.kind == "phone":
        _, code = await codes.issue(
            session,
            account_id=account.id,
            purpose=CodePurpose.reset,
            channel="sms",
            recipient=name.value,
        )
        await send_sms(
            session,
            to=account.phone,
            text=f"Электронный дневник: код для восстановления пароля {code}. "
            "Никому его не сообщайте.",
            purpose="password_reset",
        )
        return
    issued = await codes.issue(
        session,
        account_id=account.id,
        purpose=CodePurpose.reset,
        channel="email",
        recipient=name.value,
        ttl=LINK_TTL,
    )
    row, token = issued
    # The row's id (not the address: no personal data in URLs) lets the link stand alone,
    # so the user does not type the e-mail again.
    link = f"{settings.public_url.rstrip('/')}/password/reset/confirm?link={row.id}&code={token}"
    await send_email(
        session,
        to=name.value,
        subject="Восстановление пароля",
        body=(
            f"Здравствуйте, {account.first_name}!\n\nЧтобы задать новый пароль, откройте ссылку:"
            f"\n{link}\n\nСсылка действует 1 час. Если вы не запрашивали восстановление, "
            "просто удалите письмо: пароль останется прежним."
        ),
        purpose="password_reset",
    )


async def confirm_reset(
    session: AsyncSession,
    *,
    login: str | None,
    code: str,
    new_password: str,
    link: uuid.UUID | None = None,
) -> Account:
    """Set the new password and end all sessions. The caller commits even on error.

    By the log-in the code went to, or by the e-mail link's ``link`` (the code's row).
    """
    if login is None and link is None:
        text = Text("Укажите телефон или e-mail", "Enter your phone or e-mail")
        raise ValidationFailed(
            code="login_required", detail=text, errors=[FieldError("login", "missing", text)]
        )
    name = parse_login(login) if login is not None else None
    check_password(
        new_password,
        phone=name.value if name is not None and name.kind == "phone" else None,
        field="new_password",
    )
    if name is not None:
        if name.kind not in ("phone", "email"):
            raise codes.invalid_code()
        row = await codes.latest(session, purpose=CodePurpose.reset, recipient=name.value)
    else:
        row = await session.scalar(
            select(OneTimeCode).where(
                OneTimeCode.id == link,
                OneTimeCode.purpose == CodePurpose.reset,
                OneTimeCode.channel == "email",
                OneTimeCode.superseded_at.is_(None),
            )
        )
    await codes.consume(session, row, code)
    assert row is not None
    account = await session.get(Account, row.account_id, with_for_update=True)
    if account is None or account.status != AccountStatus.active:
        raise codes.invalid_code()
    check_password(new_password, phone=account.phone, field="new_password")
    account.password_hash = await passwords.hash_password(new_password)
    account.password_changed_at = clock.now()
    account.failed_logins = 0
    account.last_failed_login_at = None
    account.locked_until = None
    await session.flush()
    await sessions.revoke_all(session, account.id, reason="password_reset")
    return account
