"""Password reset («Восстановление доступа»): a code by SMS, or a link by e-mail.

The request always answers the same (202), whether or not the log-in has an account and
whether or not a message went out. Setting the new password ends every session.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from api.config import Settings
from api.delivery.service import send_email, send_sms
from api.errors import TooManyRequests
from api.identity import clock, codes, passwords, sessions, throttle
from api.identity.accounts import find_by_login, parse_login
from api.identity.models import Account, AccountStatus, CodePurpose
from api.identity.registration import check_password

LINK_TTL = timedelta(hours=1)
EMAILS_PER_HOUR = throttle.Window(limit=5, period=timedelta(hours=1))


async def request_reset(session: AsyncSession, settings: Settings, login: str) -> None:
    name = parse_login(login)
    if name.kind == "phone":
        try:
            await codes.claim_sms_slot(session, name.value)
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
    _, token = await codes.issue(
        session,
        account_id=account.id,
        purpose=CodePurpose.reset,
        channel="email",
        recipient=name.value,
        ttl=LINK_TTL,
    )
    link = f"{settings.public_url.rstrip('/')}/password/reset/confirm?code={token}"
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
    session: AsyncSession, *, login: str, code: str, new_password: str
) -> Account:
    """Set the new password and end all sessions. The caller commits even on error."""
    name = parse_login(login)
    check_password(
        new_password, phone=name.value if name.kind == "phone" else None, field="new_password"
    )
    if name.kind not in ("phone", "email"):
        raise codes.invalid_code()
    row = await codes.latest(session, purpose=CodePurpose.reset, recipient=name.value)
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
