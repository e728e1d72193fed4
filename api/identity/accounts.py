"""Finding accounts by what people type as their log-in, and showing contacts masked."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from api.errors import NotFound
from api.i18n import Text
from api.identity.models import Account, AccountStatus
from api.validation.checks import check_phone


@dataclass(frozen=True, slots=True)
class LoginName:
    """A log-in as typed, read as one kind of identifier (``kind:normalised``)."""

    kind: str  # phone | email | snils | unknown
    value: str

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.value}"


def normalize_email(value: str) -> str:
    return value.strip().lower()


def parse_login(login: str) -> LoginName:
    text = login.strip()
    if "@" in text:
        return LoginName("email", normalize_email(text))
    phone = check_phone(text)
    if phone.valid and phone.normalized:
        return LoginName("phone", phone.normalized)
    # SNILS ("112-233-445 95") comes with its keyed-hash column: add a parser branch here
    # and a finder below.
    return LoginName("unknown", text.lower())


async def _by_phone(session: AsyncSession, value: str) -> Account | None:
    result: Account | None = await session.scalar(select(Account).where(Account.phone == value))
    return result


async def _by_email(session: AsyncSession, value: str) -> Account | None:
    # Only a confirmed address logs in: an unconfirmed one may be anybody's typo.
    result: Account | None = await session.scalar(
        select(Account).where(Account.email == value, Account.email_confirmed_at.is_not(None))
    )
    return result


_FINDERS: dict[str, Callable[[AsyncSession, str], Awaitable[Account | None]]] = {
    "phone": _by_phone,
    "email": _by_email,
}


async def find_by_login(
    session: AsyncSession, login: LoginName, *, for_update: bool = False
) -> Account | None:
    """The account that may log in with ``login``: pending registrations do not count."""
    finder = _FINDERS.get(login.kind)
    if finder is None:
        return None
    account = await finder(session, login.value)
    if account is None or account.status == AccountStatus.pending:
        return None
    if for_update:
        await session.refresh(account, with_for_update=True)
    return account


async def get(session: AsyncSession, account_id: uuid.UUID) -> Account:
    account = await session.get(Account, account_id)
    if account is None:
        raise NotFound(
            code="account_not_found", detail=Text("Учётная запись не найдена", "No such account")
        )
    return account


def mask_phone(phone: str) -> str:
    """+79991234567 → ``+7 *** ***-**-67``."""
    return f"{phone[:2]} *** ***-**-{phone[-2:]}"


def mask_email(email: str) -> str:
    name, _, domain = email.partition("@")
    return f"{name[:1]}***@{domain}"
