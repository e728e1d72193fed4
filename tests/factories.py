"""Accounts made directly in the database, with an access token, for feature tests.

Registration and log-in have their own tests (tests/identity); features that only need
"a logged-in parent" or "an operator" start here, without SMS codes or password hashing.
"""

from __future__ import annotations

import itertools
import uuid
from dataclasses import dataclass
from datetime import date
from typing import Any

from httpx import AsyncClient
from sqlalchemy import func, update
from sqlalchemy.ext.asyncio import AsyncSession

from api.config import Settings
from api.identity import clock, sessions
from api.identity.models import Account, AccountLevel, AccountStatus, RefreshSession, Role
from api.validation.checks import snils_control

_phones = itertools.count(1)
_snils = itertools.count(200_000_000)
_passports = itertools.count(200_101)


def next_phone() -> str:
    """A fresh Russian mobile number (+7 916 ...)."""
    return f"+7916{next(_phones):07d}"


def valid_snils(body: int | None = None) -> str:
    """A SNILS with a correct control number, "123-456-789 01"-shaped."""
    digits = f"{body if body is not None else next(_snils):09d}"
    return f"{digits[:3]}-{digits[3:6]}-{digits[6:]} {snils_control(digits):02d}"


@dataclass
class Person:
    account: Account
    token: str

    @property
    def id(self) -> uuid.UUID:
        return self.account.id

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}

    def headers_en(self) -> dict[str, str]:
        return {**self.headers, "Accept-Language": "en"}


async def token_for(session: AsyncSession, settings: Settings, account: Account) -> str:
    """A new log-in session for ``account`` at the current (possibly frozen) clock."""
    issued = await sessions.start(session, settings, account, user_agent="tests")
    await session.commit()
    return issued.access_token


async def make_person(
    session: AsyncSession,
    settings: Settings,
    *,
    level: AccountLevel = AccountLevel.simplified,
    roles: tuple[Role, ...] = (Role.parent,),
    phone: str | None = None,
    last_name: str = "Иванова",
    first_name: str = "Мария",
    middle_name: str | None = "Петровна",
) -> Person:
    account = Account(
        id=uuid.uuid4(),
        last_name=last_name,
        first_name=first_name,
        middle_name=middle_name,
        phone=phone or next_phone(),
        phone_confirmed_at=clock.now(),
        password_hash="!",  # no password: these accounts never log in by password
        level=level,
        status=AccountStatus.active,
        roles=[role.value for role in roles],
    )
    session.add(account)
    await session.flush()
    return Person(account, await token_for(session, settings, account))


async def make_operator(session: AsyncSession, settings: Settings) -> Person:
    return await make_person(
        session,
        settings,
        level=AccountLevel.confirmed,
        roles=(Role.operator,),
        last_name="Смирнова",
        first_name="Ольга",
    )


PASSPORT = {
    "series": "4509",
    "number": "123456",
    "issued_at": "2015-05-20",
    "issuer_code": "770-001",
    "issuer_name": "ГУ МВД России по г. Москве",
    "birth_date": "1985-03-01",
}


def passport(**overrides: str) -> dict[str, str]:
    return {**PASSPORT, **overrides}


def next_passport() -> dict[str, str]:
    """Valid passport data with a number no other test uses."""
    return passport(number=f"{next(_passports):06d}")


async def make_standard(
    client: AsyncClient, session: AsyncSession, settings: Settings, **kwargs: Any
) -> Person:
    """A parent who entered a SNILS and a passport that passed the local check."""
    person = await make_person(session, settings, **kwargs)
    snils = await client.put(
        "/api/v1/me/snils", json={"snils": valid_snils()}, headers=person.headers
    )
    assert snils.status_code == 200, snils.text
    answer = await client.put("/api/v1/me/passport", json=next_passport(), headers=person.headers)
    assert answer.status_code == 200, answer.text
    assert answer.json()["level"] == "standard", answer.json()
    return person


def child_body(**overrides: object) -> dict[str, object]:
    body: dict[str, object] = {
        "last_name": "Иванов",
        "first_name": "Пётр",
        "middle_name": "Сергеевич",
        "birth_date": date(2015, 9, 1).isoformat(),
        "snils": valid_snils(),
        "birth_certificate": {"series_number": "IV-МЮ 123456", "issued_at": "2015-09-20"},
    }
    body.update(overrides)
    return body


async def revoke_sessions(session: AsyncSession, account_id: uuid.UUID) -> None:
    """Every session of the account revoked now (as a logout everywhere would), so its
    still-unexpired access tokens must be refused."""
    await session.execute(
        update(RefreshSession)
        .where(RefreshSession.account_id == account_id)
        .values(revoked_at=func.now())
    )
