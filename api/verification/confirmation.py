"""The confirmed level: an operator confirms identity (service centre, video call) or
hands out a one-time code that the holder enters in their account.

Both paths need a standard account first (SNILS and passport checked), write an audit
event, and tell the holder by SMS. A code is 8 characters from an alphabet without
look-alikes (no 0/O, 1/I/L, 2/Z, 5/S, 8/B), kept only as a keyed hash; it lives 30 days
and dies after 5 wrong tries or when a newer code is issued.
"""

from __future__ import annotations

import hmac
import secrets
import uuid
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from api.audit import service as audit
from api.delivery.service import send_sms
from api.errors import Conflict, FieldError, Forbidden, ValidationFailed
from api.i18n import Text
from api.identity import clock
from api.identity.deps import Principal
from api.identity.models import Account, AccountLevel
from api.security.crypto import keyed_hash
from api.verification.models import AccountConfirmation, ConfirmationCode, ConfirmationMethod
from api.verification.service import account_for_update

CODE_ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679"
CODE_LENGTH = 8
CODE_TTL = timedelta(days=30)
MAX_ATTEMPTS = 5
# Typed on the Russian layout, these letters look exactly like the code's Latin ones.
_LOOKALIKES = str.maketrans("АСЕНКМРТХУ", "ACEHKMPTXY")

CONFIRMED_SMS = (
    "Электронный дневник: ваша учётная запись подтверждена. Теперь можно добавить данные "
    "ребёнка и подать заявление на подключение дневника."
)


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def display_code(code: str) -> str:
    return f"{code[:4]}-{code[4:]}"


def normalize_code(text: str) -> str:
    return "".join(ch for ch in text.upper().translate(_LOOKALIKES) if ch.isalnum())


def _hash(code_id: uuid.UUID, code: str) -> str:
    return keyed_hash(f"{code_id}:{code}", purpose="confirmation-code")


def _require_standard(account: Account) -> None:
    if account.level == AccountLevel.confirmed:
        raise Conflict(
            code="account_already_confirmed",
            detail=Text("Учётная запись уже подтверждена", "The account is already confirmed"),
        )
    if account.level != AccountLevel.standard:
        raise Conflict(
            code="account_not_standard",
            detail=Text(
                "Подтвердить можно только стандартную учётную запись: сначала владелец "
                "указывает СНИЛС и паспорт в профиле, и они должны пройти проверку.",
                "Only a standard account can be confirmed: the holder must first enter a "
                "SNILS and passport in the profile and have them pass the check.",
            ),
        )


def _not_self(operator: Principal, account_id: uuid.UUID) -> None:
    if operator.account_id == account_id:
        raise Forbidden(
            code="self_confirmation_forbidden",
            detail=Text(
                "Свою учётную запись подтверждает другой оператор",
                "Another operator must confirm your own account",
            ),
        )


async def _mark_confirmed(
    session: AsyncSession,
    account: Account,
    *,
    method: ConfirmationMethod,
    operator_id: uuid.UUID | None,
    note: str | None,
) -> AccountConfirmation:
    account.level = AccountLevel.confirmed
    record = AccountConfirmation(
        id=uuid.uuid4(),
        account_id=account.id,
        method=method,
        operator_id=operator_id,
        note=note,
        created_at=clock.now(),
    )
    session.add(record)
    await session.flush()
    await send_sms(session, to=account.phone, text=CONFIRMED_SMS, purpose="account_confirmed")
    return record


async def confirm(
    session: AsyncSession,
    operator: Principal,
    account_id: uuid.UUID,
    *,
    method: ConfirmationMethod,
    note: str | None,
) -> AccountConfirmation:
    _not_self(operator, account_id)
    account = await account_for_update(session, account_id)
    _require_standard(account)
    record = await _mark_confirmed(
        session, account, method=method, operator_id=operator.account_id, note=note
    )
    await audit.record(
        session, operator, "account.confirm", "account", account.id, {"method": method.value}
    )
    return record


async def issue_code(
    session: AsyncSession, operator: Principal, account_id: uuid.UUID
) -> tuple[str, datetime]:
    """A new code for ``account_id`` (returned in clear once); earlier live codes die."""
    _not_self(operator, account_id)
    account = await account_for_update(session, account_id)
    _require_standard(account)
    now = clock.now()
    await session.execute(
        update(ConfirmationCode)
        .where(
            ConfirmationCode.account_id == account_id,
            ConfirmationCode.consumed_at.is_(None),
            ConfirmationCode.superseded_at.is_(None),
        )
        .values(superseded_at=now)
        .execution_options(synchronize_session=False)
    )
    code = new_code()
    row = ConfirmationCode(
        id=uuid.uuid4(),
        account_id=account_id,
        issued_by=operator.account_id,
        attempts=0,
        created_at=now,
        expires_at=now + CODE_TTL,
    )
    row.code_hash = _hash(row.id, code)
    session.add(row)
    await session.flush()
    await audit.record(
        session,
        operator,
        "account.confirmation_code.issue",
        "account",
        account_id,
        {"code_id": str(row.id)},
    )
    return display_code(code), row.expires_at


def _code_error(code: str, ru: str, en: str) -> ValidationFailed:
    text = Text(ru, en)
    return ValidationFailed(code=code, detail=text, errors=[FieldError("code", code, text)])


def _invalid() -> ValidationFailed:
    return _code_error(
        "confirmation_code_invalid",
        "Неверный код подтверждения. Проверьте код, полученный у оператора.",
        "Wrong confirmation code. Check the code the operator gave you.",
    )


def _exhausted() -> ValidationFailed:
    return _code_error(
        "confirmation_code_attempts_exceeded",
        "Код введён неверно 5 раз и больше не действует. Получите новый код у оператора "
        "или подтвердите личность в центре обслуживания.",
        "The code was entered wrongly 5 times and no longer works. Ask an operator for a "
        "new one or confirm your identity at a service centre.",
    )


def _expired() -> ValidationFailed:
    return _code_error(
        "confirmation_code_expired",
        "Срок действия кода подтверждения (30 дней) истёк. Получите новый код у оператора.",
        "The confirmation code has expired (30 days). Ask an operator for a new one.",
    )


async def redeem_code(
    session: AsyncSession, holder: Principal, submitted: str
) -> AccountConfirmation:
    """Confirm the holder's account with a code. The caller commits even when this raises:
    a wrong try has to stay counted."""
    account = await account_for_update(session, holder.account_id)
    _require_standard(account)
    row = await session.scalar(
        select(ConfirmationCode)
        .where(
            ConfirmationCode.account_id == account.id,
            ConfirmationCode.superseded_at.is_(None),
            ConfirmationCode.consumed_at.is_(None),
        )
        .order_by(ConfirmationCode.created_at.desc())
        .limit(1)
    )
    if row is None:
        raise _invalid()
    now = clock.now()
    if row.attempts >= MAX_ATTEMPTS:
        raise _exhausted()
    if row.expires_at <= now:
        raise _expired()
    # The account row is locked above, so tries of one holder are serialised.
    row.attempts += 1
    await session.flush()
    if not hmac.compare_digest(row.code_hash, _hash(row.id, normalize_code(submitted))):
        raise _exhausted() if row.attempts >= MAX_ATTEMPTS else _invalid()
    row.consumed_at = now
    record = await _mark_confirmed(
        session, account, method=ConfirmationMethod.code, operator_id=row.issued_by, note=None
    )
    await audit.record(
        session,
        holder,
        "account.confirm",
        "account",
        account.id,
        {"method": ConfirmationMethod.code.value, "code_id": str(row.id)},
    )
    return record


async def history(session: AsyncSession, account_id: uuid.UUID) -> list[AccountConfirmation]:
    rows = await session.scalars(
        select(AccountConfirmation)
        .where(AccountConfirmation.account_id == account_id)
        .order_by(AccountConfirmation.created_at.desc())
    )
    return list(rows)
