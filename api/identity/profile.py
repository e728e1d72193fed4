"""The caller's own account: what ``GET /me`` shows and the settings they may change."""

from __future__ import annotations

import uuid
from functools import cache
from typing import Any

import asyncpg
from sqlalchemy import String, literal_column, or_, select
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.ext.asyncio import AsyncSession

from api.errors import Forbidden
from api.i18n import Text
from api.identity import accounts, tokens
from api.identity.models import STAFF_ROLES, Account
from api.identity.schemas import MeOut, MfaOut
from api.identity.statements import caller_cte, fetch_read
from api.statements import Compiled, answer, obj, utc_text


@cache
def me_statement() -> Compiled:
    """``MeOut`` as JSON in one round trip with the caller's session check: ``GET /me`` is
    asked on every page the SPA opens. ``me_out`` is the same answer from an ORM row."""
    caller = caller_cte()
    staff = literal_column(
        "'{" + ",".join(sorted(STAFF_ROLES)) + "}'::varchar[]", type_=ARRAY(String)
    )
    body = select(
        obj(
            id=Account.id,
            last_name=Account.last_name,
            first_name=Account.first_name,
            middle_name=Account.middle_name,
            phone=Account.phone,
            email=Account.email,
            email_confirmed=Account.email_confirmed_at.is_not(None),
            roles=Account.roles,
            level=Account.level,
            school_id=Account.school_id,
            mfa=obj(
                sms=or_(Account.roles.overlap(staff), Account.mfa_sms_enabled),
                totp=Account.totp_enabled_at.is_not(None),
            ),
            created_at=utc_text(Account.created_at),
        )
    ).join(caller, caller.c.account_id == Account.id)
    return Compiled.of(answer(caller, body))


async def read_me(connection: asyncpg.Connection[Any], claims: tokens.AccessClaims) -> str:
    """The caller's ``MeOut`` as JSON text (401 when the token's session is gone)."""
    body = await fetch_read(connection, claims, me_statement())
    assert body is not None  # the caller's own row exists whenever the session does
    return body


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
