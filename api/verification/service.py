"""SNILS and passport of the account holder, the registry check, and the standard level."""

from __future__ import annotations

import json
import uuid
from datetime import date, datetime
from typing import Protocol

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from api.errors import Conflict, FieldError, ValidationFailed
from api.i18n import Text
from api.identity import clock
from api.identity.accounts import account_not_found, mask_snils, snils_hash
from api.identity.clock import latest_russian_date
from api.identity.models import (
    Account,
    AccountIdentity,
    AccountLevel,
    RegistryStatus,
)
from api.security.crypto import decrypt, encrypt, keyed_hash
from api.validation.checks import check_date_not_future, check_passport
from api.verification.registry import (
    PASSPORT_INTRODUCED,
    PassportData,
    PersonQuery,
    RegistryGateway,
)
from api.verification.schemas import PassportIn

PASSPORT_PURPOSE = "passport"


def mask_passport(series: str, number: str) -> str:
    """``4509 123456`` → ``45 ** ***456``."""
    return f"{series[:2]} ** ***{number[-3:]}"


def _snils_aad(account_id: uuid.UUID) -> str:
    return f"account_identities.snils:{account_id}"


def _passport_aad(account_id: uuid.UUID) -> str:
    return f"account_identities.passport:{account_id}"


class IdentityFields(Protocol):
    """What the holder's and the operator's views read of ``account_identities``: an
    ``AccountIdentity`` or a plain row (``statements.py``) — decrypted here, never in SQL."""

    @property
    def account_id(self) -> uuid.UUID: ...
    @property
    def snils_enc(self) -> bytes | None: ...
    @property
    def passport_enc(self) -> bytes | None: ...
    @property
    def registry_status(self) -> RegistryStatus: ...
    @property
    def registry_message(self) -> str | None: ...
    @property
    def registry_message_en(self) -> str | None: ...
    @property
    def registry_checked_at(self) -> datetime | None: ...


def read_snils(identity: IdentityFields) -> str | None:
    if identity.snils_enc is None:
        return None
    return decrypt(identity.snils_enc, aad=_snils_aad(identity.account_id))


def read_passport(identity: IdentityFields) -> PassportData | None:
    if identity.passport_enc is None:
        return None
    data = json.loads(decrypt(identity.passport_enc, aad=_passport_aad(identity.account_id)))
    return PassportData(
        series=data["series"],
        number=data["number"],
        issued_at=date.fromisoformat(data["issued_at"]),
        issuer_code=data["issuer_code"],
        issuer_name=data["issuer_name"],
    )


def registry_message(identity: IdentityFields | None) -> str | None:
    """The last verdict's message in the reader's language."""
    if identity is None or not identity.registry_message:
        return None
    english = identity.registry_message_en or identity.registry_message
    return Text(identity.registry_message, english).render()


def masked_snils(identity: IdentityFields | None) -> str | None:
    snils = read_snils(identity) if identity else None
    return mask_snils(snils) if snils else None


def masked_passport(identity: IdentityFields | None) -> str | None:
    passport = read_passport(identity) if identity else None
    return mask_passport(passport.series, passport.number) if passport else None


async def get_identity(session: AsyncSession, account_id: uuid.UUID) -> AccountIdentity | None:
    return await session.get(AccountIdentity, account_id)


async def account_for_update(session: AsyncSession, account_id: uuid.UUID) -> Account:
    account = await session.scalar(
        select(Account).where(Account.id == account_id).with_for_update()
    )
    if account is None:
        raise account_not_found()
    return account


async def _identity_for_update(session: AsyncSession, account_id: uuid.UUID) -> AccountIdentity:
    identity = await session.scalar(
        select(AccountIdentity).where(AccountIdentity.account_id == account_id).with_for_update()
    )
    if identity is None:
        identity = AccountIdentity(account_id=account_id, registry_status=RegistryStatus.pending)
        session.add(identity)
    return identity


def _taken(field: str, ru: str, en: str) -> Conflict:
    text = Text(ru, en)
    return Conflict(
        code=f"{field}_taken", detail=text, errors=[FieldError(field, f"{field}_taken", text)]
    )


def _snils_taken() -> Conflict:
    # Never says whose: only that this account cannot use it.
    return _taken(
        "snils",
        "Этот СНИЛС уже указан в другой учётной записи. Если это ваш СНИЛС, обратитесь в "
        "поддержку или в центр обслуживания с паспортом.",
        "This SNILS is already used by another account. If it is yours, contact support or "
        "visit a service centre with your passport.",
    )


def _passport_taken() -> Conflict:
    return _taken(
        "passport",
        "Этот паспорт уже указан в другой учётной записи. Если это ваш паспорт, обратитесь "
        "в поддержку или в центр обслуживания.",
        "This passport is already used by another account. If it is yours, contact support "
        "or visit a service centre.",
    )


async def _store(session: AsyncSession, conflict: Conflict) -> None:
    """Flush in a savepoint: a concurrent holder of the same hash becomes a 409, not a 500."""
    try:
        async with session.begin_nested():
            await session.flush()
    except IntegrityError:
        raise conflict from None


async def _hash_in_use(
    session: AsyncSession, column: str, value: str, account_id: uuid.UUID
) -> bool:
    found = await session.scalar(
        select(AccountIdentity.account_id).where(
            getattr(AccountIdentity, column) == value, AccountIdentity.account_id != account_id
        )
    )
    return found is not None


async def set_snils(
    session: AsyncSession, account_id: uuid.UUID, snils: str, gateway: RegistryGateway
) -> tuple[Account, AccountIdentity]:
    account = await account_for_update(session, account_id)
    digest = snils_hash(snils)
    if await _hash_in_use(session, "snils_hash", digest, account_id):
        raise _snils_taken()
    identity = await _identity_for_update(session, account_id)
    identity.snils_enc = encrypt(snils, aad=_snils_aad(account_id))
    identity.snils_hash = digest
    await _store(session, _snils_taken())
    await recheck(session, account, identity, gateway)
    return account, identity


def _passport_errors(body: PassportIn, today: date) -> list[FieldError]:
    errors: list[FieldError] = []
    series = body.series.replace(" ", "")
    result = check_passport(series + body.number)
    fields = {"passport_series": "series", "passport_number": "number"}
    errors += [
        FieldError(fields.get(p.code, "number"), p.code, Text(p.message_ru, p.message_en))
        for p in result.errors
    ]
    for problem in check_date_not_future(body.issued_at, today=today, field="issued_at").errors:
        errors.append(
            FieldError("issued_at", problem.code, Text(problem.message_ru, problem.message_en))
        )
    if body.issued_at < PASSPORT_INTRODUCED:
        errors.append(
            FieldError(
                "issued_at",
                "passport_issued_before_1997",
                Text(
                    "Дата выдачи: паспорт нового образца выдаётся с 01.10.1997 — проверьте дату",
                    "Date of issue: the current passport has been issued since 1997-10-01",
                ),
            )
        )
    if body.birth_date is not None:
        for problem in check_date_not_future(
            body.birth_date, today=today, field="birth_date"
        ).errors:
            errors.append(
                FieldError("birth_date", problem.code, Text(problem.message_ru, problem.message_en))
            )
        if body.birth_date.year < 1900:
            errors.append(
                FieldError(
                    "birth_date",
                    "birth_date_implausible",
                    Text("Дата рождения: проверьте год", "Date of birth: check the year"),
                )
            )
    return errors


async def set_passport(
    session: AsyncSession, account_id: uuid.UUID, body: PassportIn, gateway: RegistryGateway
) -> tuple[Account, AccountIdentity]:
    errors = _passport_errors(body, latest_russian_date())
    if errors:
        raise ValidationFailed(
            code="passport_invalid",
            detail=Text("Проверьте паспортные данные", "Please check the passport details"),
            errors=errors,
        )
    series = body.series.replace(" ", "")
    account = await account_for_update(session, account_id)
    digest = keyed_hash(f"{series} {body.number}", purpose=PASSPORT_PURPOSE)
    if await _hash_in_use(session, "passport_hash", digest, account_id):
        raise _passport_taken()
    identity = await _identity_for_update(session, account_id)
    payload = {
        "series": series,
        "number": body.number,
        "issued_at": body.issued_at.isoformat(),
        "issuer_code": body.issuer_code,
        "issuer_name": body.issuer_name,
    }
    identity.passport_enc = encrypt(json.dumps(payload), aad=_passport_aad(account_id))
    identity.passport_hash = digest
    if body.birth_date is not None:
        identity.birth_date = body.birth_date
    await _store(session, _passport_taken())
    await recheck(session, account, identity, gateway)
    return account, identity


async def recheck(
    session: AsyncSession, account: Account, identity: AccountIdentity, gateway: RegistryGateway
) -> None:
    """Ask the gateway when SNILS and passport are both there; set the level accordingly.

    A confirmed account is never downgraded (its holder was seen by an operator); a
    standard one whose data no longer passes falls back to simplified.
    """
    snils, passport = read_snils(identity), read_passport(identity)
    if snils is None or passport is None:
        identity.registry_status = RegistryStatus.pending
        identity.registry_message = None
        identity.registry_message_en = None
        await session.flush()
        return
    verdict = await gateway.check_person(
        PersonQuery(
            last_name=account.last_name,
            first_name=account.first_name,
            middle_name=account.middle_name,
            birth_date=identity.birth_date,
            snils=snils,
            passport=passport,
        ),
        today=latest_russian_date(),
    )
    identity.registry_status = verdict.status
    identity.registry_checked_at = clock.now()
    identity.registry_message = verdict.message.ru[:1000]
    identity.registry_message_en = verdict.message.en[:1000]
    if account.level != AccountLevel.confirmed:
        verified = verdict.status == RegistryStatus.verified
        account.level = AccountLevel.standard if verified else AccountLevel.simplified
    await session.flush()
