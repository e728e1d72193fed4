"""What the holder sees of their verification, and what to do next."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from api.documents import service as documents_service
from api.documents.models import DocumentKind
from api.i18n import Text
from api.identity.models import Account, AccountLevel, RegistryStatus
from api.verification import confirmation, service
from api.verification.models import ConfirmationMethod
from api.verification.schemas import VerificationOut

_CONFIRM_STEP = Text(
    "Подтвердите личность одним из способов: посетите центр обслуживания с паспортом, "
    "пройдите видеоверификацию с оператором или введите код подтверждения, полученный у "
    "оператора, в разделе «Подтверждение учётной записи».",
    "Confirm your identity in one of the ways: visit a service centre with your passport, "
    "take a video call with an operator, or enter a confirmation code from an operator.",
)


def next_steps(
    level: AccountLevel, identity: service.IdentityFields | None, kinds: set[DocumentKind]
) -> list[Text]:
    if level == AccountLevel.confirmed:
        return []
    if level == AccountLevel.standard:
        steps = []
        if DocumentKind.passport not in kinds:
            steps.append(
                Text(
                    "Загрузите скан паспорта: PDF, JPEG или PNG, не менее 300 dpi, не больше 5 МБ.",
                    "Upload a scan of your passport: PDF, JPEG or PNG, at least 300 dpi, "
                    "at most 5 MB.",
                )
            )
        return [*steps, _CONFIRM_STEP]
    steps = []
    if identity is None or identity.snils_enc is None:
        steps.append(
            Text(
                "Укажите СНИЛС: 11 цифр, например 112-233-445 95.",
                "Enter your SNILS: 11 digits, e.g. 112-233-445 95.",
            )
        )
    if identity is None or identity.passport_enc is None:
        steps.append(
            Text(
                "Укажите паспортные данные: серию и номер, дату выдачи, код и название "
                "подразделения, выдавшего паспорт.",
                "Enter your passport details: series and number, date of issue, issuer code "
                "and issuer name.",
            )
        )
    if identity is not None and identity.registry_status == RegistryStatus.mismatch:
        steps.append(
            Text(
                "Исправьте СНИЛС или паспортные данные: они не прошли проверку "
                "(подробности — в сообщении проверки).",
                "Correct your SNILS or passport details: they did not pass the check "
                "(see the check's message).",
            )
        )
    steps.append(
        Text(
            "После успешной проверки СНИЛС и паспорта учётная запись станет стандартной; "
            "затем её нужно подтвердить лично, по видеосвязи или кодом.",
            "Once the SNILS and passport pass the check, the account becomes standard; "
            "then it is confirmed in person, by video call or with a code.",
        )
    )
    return steps


def verification_view(
    level: AccountLevel,
    identity: service.IdentityFields | None,
    confirmation: tuple[datetime, ConfirmationMethod] | None,
    kinds: set[DocumentKind],
) -> VerificationOut:
    """The holder's view from what ``verification_out`` or the single statement
    (``statements.py``) read: ``confirmation`` is the latest one's time and method."""
    return VerificationOut(
        level=level,
        snils=service.masked_snils(identity),
        passport=service.masked_passport(identity),
        registry_status=identity.registry_status if identity else RegistryStatus.pending,
        registry_message=service.registry_message(identity),
        registry_checked_at=identity.registry_checked_at if identity else None,
        confirmed_at=confirmation[0] if confirmation else None,
        confirmation_method=confirmation[1] if confirmation else None,
        next_steps=[step.render() for step in next_steps(level, identity, kinds)],
    )


async def verification_out(session: AsyncSession, account: Account) -> VerificationOut:
    identity = await service.get_identity(session, account.id)
    history = await confirmation.history(session, account.id)
    kinds = await documents_service.kinds_of(session, account.id)
    latest = (history[0].created_at, history[0].method) if history else None
    return verification_view(account.level, identity, latest, kinds)
