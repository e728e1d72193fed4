"""Finding accounts by what people type as their log-in, and showing contacts masked.

The SNILS is kept as a keyed hash (``AccountIdentity.snils_hash``, ``snils_hash`` here):
log-in by SNILS, the verification feature and children's profiles compare the same hash."""

from __future__ import annotations

import re
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from api.errors import NotFound
from api.i18n import Text
from api.identity.models import Account, AccountIdentity, AccountStatus, RegistryStatus
from api.security.crypto import keyed_hash
from api.validation.checks import check_phone, check_snils

# SNILS as people write it ("112-233-445 95"): never a phone, whatever its digits.
_SNILS_WRITTEN = re.compile(r"^\d{3}-\d{3}-\d{3}[ -]\d{2}$")


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
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in text):
        return LoginName("unknown", text.lower())  # never a stored value: no look-up
    if "@" in text:
        return LoginName("email", normalize_email(text))
    snils = check_snils(text)
    if _SNILS_WRITTEN.match(text) and snils.normalized:
        return LoginName("snils", snils.normalized)
    phone = check_phone(text)
    if phone.valid and phone.normalized:
        return LoginName("phone", phone.normalized)
    # Bare 11 digits are tried as a phone first (8... / 7...), then as a SNILS.
    if snils.valid and snils.normalized:
        return LoginName("snils", snils.normalized)
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


async def _by_snils(session: AsyncSession, value: str) -> Account | None:
    return await find_account_by_snils(session, value)


_FINDERS: dict[str, Callable[[AsyncSession, str], Awaitable[Account | None]]] = {
    "phone": _by_phone,
    "email": _by_email,
    "snils": _by_snils,
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


def account_not_found() -> NotFound:
    return NotFound(
        code="account_not_found", detail=Text("Учётная запись не найдена", "No such account")
    )


async def get(session: AsyncSession, account_id: uuid.UUID) -> Account:
    account = await session.get(Account, account_id)
    if account is None:
        raise account_not_found()
    return account


SNILS_PURPOSE = "snils"  # shared with children: a parent's and a child's SNILS compare


def snils_hash(snils: str) -> str:
    """``snils`` normalised ("112-233-445 95")."""
    return keyed_hash(snils, purpose=SNILS_PURPOSE)


async def find_account_by_snils(session: AsyncSession, snils: str) -> Account | None:
    """The active account whose holder entered this SNILS and had it pass the registry check.

    For log-in by SNILS (``POST /auth/login`` with ``login`` = SNILS). ``snils`` may be
    typed any way people write it; an invalid one matches nothing.
    """
    result = check_snils(snils)
    if not result.valid or result.normalized is None:
        return None
    account: Account | None = await session.scalar(
        select(Account)
        .join(AccountIdentity, AccountIdentity.account_id == Account.id)
        .where(
            AccountIdentity.snils_hash == snils_hash(result.normalized),
            AccountIdentity.registry_status == RegistryStatus.verified,
            Account.status != AccountStatus.pending,
        )
    )
    return account


def mask_phone(phone: str) -> str:
    """+79991234567 → ``+7 *** ***-**-67``."""
    return f"{phone[:2]} *** ***-**-{phone[-2:]}"


def mask_snils(snils: str) -> str:
    """``112-233-445 95`` → ``***-***-445 95`` (the house style of logs and screens)."""
    return f"***-***-{snils[-6:]}"


def mask_email(email: str) -> str:
    name, _, domain = email.partition("@")
    return f"{name[:1]}***@{domain}"
