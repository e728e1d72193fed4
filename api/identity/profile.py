"""The caller's own account: what ``GET /me`` shows and the settings they may change."""

from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from api.errors import Forbidden
from api.i18n import Text
from api.identity import accounts
from api.identity.models import Account
from api.identity.schemas import MeOut, MfaOut


def me_out(account: Account) -> MeOut:
    return MeOut(
        id=account.id,
        last_name=account.last_name,
        first_name=account.first_name,
        middle_name=account.middle_name,
        phone=account.phone,
        email=account.email,
        email_confirmed=account.email_confirmed_at is not None,
        roles=list(account.roles),
        level=account.level,
        school_id=account.school_id,
        mfa=MfaOut(sms=account.is_staff or account.mfa_sms_enabled, totp=account.totp_enabled),
        created_at=account.created_at,
    )


async def get_me(session: AsyncSession, account_id: uuid.UUID) -> Account:
    return await accounts.get(session, account_id)


async def update_settings(
    session: AsyncSession, account_id: uuid.UUID, *, mfa_sms_enabled: bool
) -> Account:
    account = await accounts.get(session, account_id)
    if not mfa_sms_enabled and account.is_staff:
        raise Forbidden(
            code="mfa_required_for_staff",
            detail=Text(
                "Сотрудникам школы нельзя отключать вход с подтверждением: второй фактор "
                "обязателен.",
                "Staff cannot turn off the second factor: it is mandatory for them.",
            ),
        )
    account.mfa_sms_enabled = mfa_sms_enabled
    await session.flush()
    return account
