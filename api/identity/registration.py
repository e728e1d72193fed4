"""Registration and phone confirmation (seed: «Подтвердите номер через одноразовый код,
полученный в SMS‑сообщении»).

Nobody learns from these endpoints whether a phone already has an account: registering
an existing number answers like a new one (the owner gets an SMS saying somebody tried),
and the code checks and resend limits behave identically for both.
"""

from __future__ import annotations

import contextlib
import uuid

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from api.config import Settings
from api.delivery.service import send_sms
from api.errors import TooManyRequests, ValidationFailed
from api.i18n import Text
from api.identity import clock, codes, email_confirmation, passwords, sessions
from api.identity.accounts import mask_phone, normalize_email
from api.identity.models import Account, AccountLevel, AccountStatus, CodePurpose, Role
from api.identity.schemas import CodeSentOut, RegisterIn, RegisterOut

_ACCOUNT_EXISTS_SMS = (
    "Электронный дневник: кто-то пытается зарегистрироваться с вашим номером. Учётная запись "
    "с этим номером уже есть — войдите или восстановите пароль. Если это были не вы, "
    "ничего делать не нужно."
)


def _code_sms(code: str) -> str:
    return f"Электронный дневник: код подтверждения {code}. Никому его не сообщайте."


def check_password(password: str, *, phone: str | None, field: str = "password") -> None:
    problems = passwords.password_problems(password, phone=phone, field=field)
    if problems:
        raise ValidationFailed(
            code="password_policy",
            detail=Text(
                "Пароль не соответствует требованиям безопасности",
                "The password does not meet the security requirements",
            ),
            errors=problems,
        )


async def register(session: AsyncSession, body: RegisterIn) -> RegisterOut:
    check_password(body.password, phone=body.phone)
    # The SMS slot's advisory lock also serialises concurrent registrations of one number.
    resend_at = await codes.claim_sms_slot(session, body.phone, CodePurpose.register)
    existing = await session.scalar(
        select(Account).where(Account.phone == body.phone).with_for_update()
    )
    password_hash = await passwords.hash_password(body.password)  # both paths cost the same
    if existing is not None and existing.status != AccountStatus.pending:
        # A code nobody receives keeps the confirm/resend behaviour identical.
        row, _ = await codes.issue(
            session,
            account_id=existing.id,
            purpose=CodePurpose.register,
            channel="sms",
            recipient=body.phone,
        )
        await send_sms(session, to=body.phone, text=_ACCOUNT_EXISTS_SMS, purpose="register")
        return RegisterOut(
            account_id=uuid.uuid4(),
            phone=mask_phone(body.phone),
            code_expires_at=row.expires_at,
            resend_available_at=resend_at,
        )
    if existing is not None:  # an unconfirmed registration of this number is replaced
        await session.delete(existing)
        await session.flush()
    account = Account(
        id=uuid.uuid4(),
        last_name=body.last_name,
        first_name=body.first_name,
        middle_name=body.middle_name,
        phone=body.phone,
        email=normalize_email(body.email) if body.email else None,
        password_hash=password_hash,
        password_changed_at=clock.now(),
        level=AccountLevel.simplified,
        status=AccountStatus.pending,
        roles=[Role.parent.value],
        mfa_sms_enabled=True,
        failed_logins=0,
    )
    session.add(account)
    await session.flush()
    row, code = await codes.issue(
        session,
        account_id=account.id,
        purpose=CodePurpose.register,
        channel="sms",
        recipient=body.phone,
    )
    await send_sms(session, to=body.phone, text=_code_sms(code), purpose="register")
    return RegisterOut(
        account_id=account.id,
        phone=mask_phone(body.phone),
        code_expires_at=row.expires_at,
        resend_available_at=resend_at,
    )


async def confirm_phone(
    session: AsyncSession,
    settings: Settings,
    *,
    phone: str,
    code: str,
    user_agent: str | None,
) -> sessions.IssuedTokens:
    """Activate the account (level simplified) and log it in. Commit even on error."""
    row = await codes.latest(session, purpose=CodePurpose.register, recipient=phone)
    await codes.consume(session, row, code)
    assert row is not None
    account = await session.get(Account, row.account_id, with_for_update=True)
    if account is None or account.status != AccountStatus.pending:
        raise codes.invalid_code()
    now = clock.now()
    account.status = AccountStatus.active
    account.phone_confirmed_at = now
    account.level = AccountLevel.simplified
    await session.flush()
    if account.email:
        # The link can be asked for again from the profile; never block the log-in.
        with contextlib.suppress(TooManyRequests):
            await email_confirmation.send_link(session, settings, account)
    return await sessions.start(session, settings, account, user_agent=user_agent)


async def resend(session: AsyncSession, phone: str) -> CodeSentOut:
    resend_at = await codes.claim_sms_slot(session, phone, CodePurpose.register)
    row = await codes.latest(session, purpose=CodePurpose.register, recipient=phone)
    if row is None or row.consumed_at is not None:
        # Nothing to resend; the answer looks the same as when a code went out.
        return CodeSentOut(
            phone=mask_phone(phone),
            code_expires_at=clock.now() + codes.CODE_TTL,
            resend_available_at=resend_at,
        )
    account = await session.get(Account, row.account_id)
    new_row, code = await codes.issue(
        session,
        account_id=row.account_id,
        purpose=CodePurpose.register,
        channel="sms",
        recipient=phone,
    )
    pending = account is not None and account.status == AccountStatus.pending
    text = _code_sms(code) if pending else _ACCOUNT_EXISTS_SMS
    await send_sms(session, to=phone, text=text, purpose="register")
    return CodeSentOut(
        phone=mask_phone(phone),
        code_expires_at=new_row.expires_at,
        resend_available_at=resend_at,
    )
