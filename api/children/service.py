"""Entering and changing a child's data. Needs a confirmed account (seed: «Отсутствие
подтверждённого профиля блокирует возможность ввода и изменения данных о школьнике»)."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import date

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from api.children.access import readable_children
from api.children.models import Child
from api.children.schemas import BirthCertificateIn, ChildIn, ChildOut, ChildPatch
from api.errors import Conflict, FieldError, Forbidden, NotFound, ValidationFailed
from api.i18n import Text
from api.identity import accounts, clock
from api.identity.deps import Principal
from api.identity.models import AccountIdentity, AccountLevel
from api.security.crypto import decrypt, encrypt, keyed_hash
from api.statements import Row
from api.validation.checks import check_birth_date, check_date_not_future

SEED_RULE = (
    "Отсутствие подтверждённого профиля блокирует возможность ввода и изменения данных о школьнике"
)


def require_confirmed(principal: Principal) -> None:
    if principal.level == AccountLevel.confirmed:
        return
    if principal.level == AccountLevel.standard:
        step_ru = (
            "Подтвердите личность: посетите центр обслуживания с паспортом, пройдите "
            "видеоверификацию или введите код подтверждения, полученный у оператора."
        )
        step_en = (
            "Confirm your identity: visit a service centre with your passport, take a video "
            "call, or enter a confirmation code from an operator."
        )
    else:
        step_ru = (
            "Укажите в профиле СНИЛС и паспортные данные, а затем подтвердите личность в "
            "центре обслуживания, по видеосвязи или кодом подтверждения."
        )
        step_en = (
            "Enter your SNILS and passport in the profile, then confirm your identity at a "
            "service centre, by video call or with a confirmation code."
        )
    raise Forbidden(
        code="account_not_confirmed",
        detail=Text(
            f"{SEED_RULE}. {step_ru}",
            "Without a confirmed account you cannot enter or change a pupil's data. " + step_en,
        ),
    )


def _not_found() -> NotFound:
    return NotFound(code="child_not_found", detail=Text("Ребёнок не найден", "No such child"))


@dataclass(frozen=True, slots=True)
class _Certificate:
    series_number: str
    issued_at: date


def _snils_aad(child_id: uuid.UUID) -> str:
    return f"children.snils:{child_id}"


def _certificate_aad(child_id: uuid.UUID) -> str:
    return f"children.birth_certificate:{child_id}"


def _read_certificate(child_id: uuid.UUID, certificate_enc: bytes) -> _Certificate:
    data = json.loads(decrypt(certificate_enc, aad=_certificate_aad(child_id)))
    return _Certificate(data["series_number"], date.fromisoformat(data["issued_at"]))


def mask_certificate(series_number: str) -> str:
    """``IV-МЮ 123456`` → ``IV-МЮ ***456``."""
    series, _, number = series_number.rpartition(" ")
    return f"{series} ***{number[-3:]}"


OUT_COLUMNS = (
    Child.id,
    Child.last_name,
    Child.first_name,
    Child.middle_name,
    Child.birth_date,
    Child.snils_enc,
    Child.birth_certificate_enc,
    Child.student_id,
    Child.created_at,
    Child.updated_at,
)
"""What ``child_view`` reads: a single statement selects these (``statements.py``)."""


def masked_documents(
    child_id: uuid.UUID, snils_enc: bytes, certificate_enc: bytes
) -> tuple[str, str, date]:
    """The child's SNILS and birth certificate as shown (masked), and the certificate's
    date of issue: decrypted here, never in SQL."""
    certificate = _read_certificate(child_id, certificate_enc)
    return (
        accounts.mask_snils(decrypt(snils_enc, aad=_snils_aad(child_id))),
        mask_certificate(certificate.series_number),
        certificate.issued_at,
    )


def child_view(row: Row) -> ChildOut:
    """``ChildOut`` from a row of ``OUT_COLUMNS``."""
    snils, certificate, issued_at = masked_documents(
        row["id"], row["snils_enc"], row["birth_certificate_enc"]
    )
    return ChildOut(
        id=row["id"],
        last_name=row["last_name"],
        first_name=row["first_name"],
        middle_name=row["middle_name"],
        birth_date=row["birth_date"],
        snils=snils,
        birth_certificate=certificate,
        birth_certificate_issued_at=issued_at,
        student_id=row["student_id"],
        created_at=row["created_at"],
        updated_at=row["updated_at"],
    )


def child_out(child: Child) -> ChildOut:
    return child_view({column.key: getattr(child, column.key) for column in OUT_COLUMNS})


def _date_errors(birth_date: date, issued_at: date) -> list[FieldError]:
    today = clock.latest_russian_date()
    errors = [
        FieldError("birth_date", p.code, Text(p.message_ru, p.message_en))
        for p in check_birth_date(birth_date, today=today).errors
    ]
    errors += [
        FieldError("birth_certificate.issued_at", p.code, Text(p.message_ru, p.message_en))
        for p in check_date_not_future(issued_at, today=today, field="issued_at").errors
    ]
    if not errors and issued_at < birth_date:
        errors.append(
            FieldError(
                "birth_certificate.issued_at",
                "birth_certificate_before_birth",
                Text(
                    "Дата выдачи свидетельства о рождении не может быть раньше даты рождения",
                    "The birth certificate cannot be issued before the date of birth",
                ),
            )
        )
    return errors


async def _own_snils_hash(session: AsyncSession, principal: Principal) -> str | None:
    identity = await session.get(AccountIdentity, principal.account_id)
    return identity.snils_hash if identity else None


async def _validate(
    session: AsyncSession, principal: Principal, child: Child, snils_hash: str, issued_at: date
) -> None:
    errors = _date_errors(child.birth_date, issued_at)
    if snils_hash == await _own_snils_hash(session, principal):
        errors.append(
            FieldError(
                "snils",
                "snils_is_guardians",
                Text(
                    "СНИЛС: это СНИЛС вашей учётной записи — укажите СНИЛС ребёнка",
                    "SNILS: this is your own SNILS — enter the child's",
                ),
            )
        )
    if errors:
        raise ValidationFailed(
            code="child_invalid",
            detail=Text("Проверьте данные ребёнка", "Please check the child's details"),
            errors=errors,
        )


def _already_added() -> Conflict:
    text = Text(
        "Ребёнок с этим СНИЛС уже добавлен в вашу учётную запись",
        "A child with this SNILS is already in your account",
    )
    return Conflict(
        code="child_already_added",
        detail=text,
        errors=[FieldError("snils", "child_already_added", text)],
    )


def _set_snils(child: Child, snils: str) -> str:
    child.snils_enc = encrypt(snils, aad=_snils_aad(child.id))
    child.snils_hash = accounts.snils_hash(snils)
    return child.snils_hash


def _set_certificate(child: Child, certificate: BirthCertificateIn) -> None:
    assert certificate.series_number is not None  # the schema fills it in
    payload = {
        "series_number": certificate.series_number,
        "issued_at": certificate.issued_at.isoformat(),
    }
    child.birth_certificate_enc = encrypt(json.dumps(payload), aad=_certificate_aad(child.id))
    child.birth_certificate_hash = keyed_hash(
        certificate.series_number, purpose="birth_certificate"
    )


async def _save(session: AsyncSession) -> None:
    try:
        async with session.begin_nested():
            await session.flush()
    except IntegrityError:
        raise _already_added() from None


async def _snils_in_family(
    session: AsyncSession, principal: Principal, digest: str, other_than: uuid.UUID | None
) -> bool:
    query = readable_children(principal).where(Child.snils_hash == digest)
    if other_than is not None:
        query = query.where(Child.id != other_than)
    return (await session.scalar(query.with_only_columns(Child.id))) is not None


async def create(session: AsyncSession, principal: Principal, body: ChildIn) -> Child:
    require_confirmed(principal)
    child = Child(
        id=uuid.uuid4(),
        guardian_id=principal.account_id,
        last_name=body.last_name,
        first_name=body.first_name,
        middle_name=body.middle_name,
        birth_date=body.birth_date,
    )
    digest = _set_snils(child, body.snils)
    _set_certificate(child, body.birth_certificate)
    await _validate(session, principal, child, digest, body.birth_certificate.issued_at)
    if await _snils_in_family(session, principal, digest, None):
        raise _already_added()
    session.add(child)
    await _save(session)
    await session.refresh(child)
    return child


async def get(session: AsyncSession, principal: Principal, child_id: uuid.UUID) -> Child:
    child = await session.scalar(readable_children(principal).where(Child.id == child_id))
    if child is None:
        raise _not_found()
    return child


async def update(
    session: AsyncSession, principal: Principal, child_id: uuid.UUID, body: ChildPatch
) -> Child:
    require_confirmed(principal)
    child = await get(session, principal, child_id)
    sent = body.model_fields_set
    for name in ("last_name", "first_name", "birth_date"):
        value = getattr(body, name)
        if name in sent and value is not None:
            setattr(child, name, value)
    if "middle_name" in sent:
        child.middle_name = body.middle_name
    if body.snils is not None:
        _set_snils(child, body.snils)
    if body.birth_certificate is not None:
        _set_certificate(child, body.birth_certificate)
    issued_at = _read_certificate(child.id, child.birth_certificate_enc).issued_at
    await _validate(session, principal, child, child.snils_hash, issued_at)
    if await _snils_in_family(session, principal, child.snils_hash, child.id):
        raise _already_added()
    await _save(session)
    await session.refresh(child)
    return child


async def delete(session: AsyncSession, principal: Principal, child_id: uuid.UUID) -> None:
    """Refused while an application references the child: its history must stay."""
    require_confirmed(principal)
    child = await get(session, principal, child_id)
    # Applications depend on children, not the other way round, so the database says it:
    # ``applications.child_id`` is the one RESTRICT reference to a child, and a refused
    # delete inside a savepoint leaves the request's transaction usable.
    try:
        async with session.begin_nested():
            await session.delete(child)
            await session.flush()
    except IntegrityError:
        raise Conflict(
            code="child_has_applications",
            detail=Text(
                "Профиль ребёнка нельзя удалить: по нему есть заявления. Отзовите заявление "
                "или обратитесь в поддержку, если данные ребёнка нужно исправить",
                "The child's profile cannot be deleted while it has applications",
            ),
        ) from None
