"""A guardian signs with a one-time SMS code (простая электронная подпись, 63-ФЗ ст. 9).

The code is the identity feature's one-time code (purpose ``signature``): the same
6 digits, 5 minutes, 3 tries, one SMS a minute and ten an hour per phone, the same errors.
A challenge binds the code to the subject and to the text shown (its SHA-256); confirming
checks the subject again *before* spending the code, so a refusal (the plan moved on, the
text changed) leaves the code and stores nothing. What is signed is kept as canonical
JSON with its SHA-256: a later change of the subject no longer matches it.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy import exists, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.audit import service as audit
from api.delivery.service import send_sms
from api.diary.structure.models import Guardianship
from api.errors import Conflict, Forbidden, NotFound
from api.i18n import Text
from api.identity import clock, codes
from api.identity.accounts import mask_phone
from api.identity.deps import Principal
from api.identity.models import Account, CodePurpose, OneTimeCode
from api.learning_plans import service as learning_plans
from api.learning_plans.models import LearningPlan
from api.pagination import fetch_page
from api.reports.models import SavedReport
from api.security.canonical import canonical_json, sha256_hex
from api.signatures.models import FamilySignature, SignatureChallenge, SignatureSubject
from api.signatures.schemas import ChallengeOut, SignatureDetail, SignatureOut

CHALLENGE_TTL = timedelta(minutes=30)

SMS_TEXTS = {
    SignatureSubject.learning_plan: "код {code} для подписания индивидуального учебного плана",
    SignatureSubject.report_ack: (
        "код {code} для подтверждения ознакомления с отчётом об успеваемости"
    ),
}


@dataclass(frozen=True, slots=True)
class Subject:
    student_id: uuid.UUID
    document: dict[str, Any]
    plan: LearningPlan | None = None


def challenge_not_found() -> NotFound:
    return NotFound(
        code="signature_challenge_not_found",
        detail=Text(
            "Запрос подписи не найден. Начните подписание заново.",
            "No such signing request. Please start signing again.",
        ),
    )


def signature_not_found() -> NotFound:
    return NotFound(
        code="signature_not_found", detail=Text("Подпись не найдена", "No such signature")
    )


def _saved_report_not_found() -> NotFound:
    return NotFound(
        code="saved_report_not_found",
        detail=Text("Такого сохранённого отчёта нет", "No such saved report"),
    )


def _already_signed() -> Conflict:
    return Conflict(
        code="already_signed",
        detail=Text(
            "Вы уже подписали ознакомление с этим отчётом", "You have already signed this report"
        ),
    )


def report_document(row: SavedReport) -> dict[str, Any]:
    return {
        "type": "report_ack",
        "saved_report": {
            "id": str(row.id),
            "title": row.title,
            "created_at": row.created_at.isoformat(),
            "student_id": str(row.student_id),
        },
        "report": row.report,
    }


async def _report(
    session: AsyncSession, principal: Principal, report_id: uuid.UUID
) -> SavedReport | None:
    # Saved reports are their saver's own (api/reports/saved.py): nobody else finds them.
    row: SavedReport | None = await session.scalar(
        select(SavedReport).where(
            SavedReport.id == report_id, SavedReport.created_by == principal.account_id
        )
    )
    return row


async def _subject(
    session: AsyncSession,
    principal: Principal,
    subject_type: SignatureSubject,
    subject_id: uuid.UUID,
    *,
    lock: bool,
) -> Subject:
    """What the caller is about to sign, checked as of now (404, 403 or 409 otherwise)."""
    if subject_type is SignatureSubject.learning_plan:
        plan, document = await learning_plans.signable(session, principal, subject_id, lock=lock)
        return Subject(plan.student_id, document, plan)
    row = await _report(session, principal, subject_id)
    if row is None:
        raise _saved_report_not_found()
    guardian = await session.scalar(
        select(
            exists().where(
                Guardianship.student_id == row.student_id,
                Guardianship.account_id == principal.account_id,
            )
        )
    )
    if not guardian:
        raise Forbidden(
            code="role_required",
            detail=Text(
                "Подписать может только родитель (законный представитель) ученика",
                "Only the student's guardian can sign",
            ),
        )
    signed = await session.scalar(
        select(
            exists().where(
                FamilySignature.subject_type == subject_type,
                FamilySignature.subject_id == subject_id,
                FamilySignature.account_id == principal.account_id,
            )
        )
    )
    if signed:
        raise _already_signed()
    return Subject(row.student_id, report_document(row))


async def _send_code(
    session: AsyncSession, account: Account, challenge: SignatureChallenge
) -> ChallengeOut:
    resend_at = await codes.claim_sms_slot(session, account.phone, CodePurpose.signature)
    row, code = await codes.issue(
        session,
        account_id=account.id,
        purpose=CodePurpose.signature,
        channel="sms",
        recipient=account.phone,
    )
    challenge.code_id = row.id
    text = SMS_TEXTS[challenge.subject_type].format(code=code)
    await send_sms(
        session,
        to=account.phone,
        text=f"Электронный дневник: {text}. Никому его не сообщайте.",
        purpose="signature",
    )
    await session.flush()
    return ChallengeOut(
        challenge_id=challenge.id,
        sms_sent_to=mask_phone(account.phone),
        code_expires_at=row.expires_at,
        resend_available_at=resend_at,
        document_sha256=challenge.document_sha256,
    )


async def start(
    session: AsyncSession,
    principal: Principal,
    subject_type: SignatureSubject,
    subject_id: uuid.UUID,
) -> ChallengeOut:
    subject = await _subject(session, principal, subject_type, subject_id, lock=False)
    account = await session.get(Account, principal.account_id)
    assert account is not None
    at = clock.now()
    challenge = SignatureChallenge(
        id=uuid.uuid4(),
        account_id=account.id,
        student_id=subject.student_id,
        subject_type=subject_type,
        subject_id=subject_id,
        document_sha256=sha256_hex(canonical_json(subject.document)),
        created_at=at,
        expires_at=at + CHALLENGE_TTL,
    )
    session.add(challenge)
    await session.flush()
    return await _send_code(session, account, challenge)


async def _own_challenge(
    session: AsyncSession, principal: Principal, challenge_id: uuid.UUID
) -> SignatureChallenge:
    challenge = await session.scalar(
        select(SignatureChallenge)
        .where(
            SignatureChallenge.id == challenge_id,
            SignatureChallenge.account_id == principal.account_id,
        )
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    if challenge is None:
        raise challenge_not_found()
    if challenge.completed_at is not None:
        raise Conflict(
            code="signature_already_confirmed",
            detail=Text(
                "Подпись по этому запросу уже поставлена", "This request has already been signed"
            ),
        )
    if challenge.expires_at <= clock.now():
        raise codes.expired_code()
    return challenge


async def resend(
    session: AsyncSession, principal: Principal, challenge_id: uuid.UUID
) -> ChallengeOut:
    challenge = await _own_challenge(session, principal, challenge_id)
    account = await session.get(Account, principal.account_id)
    assert account is not None
    return await _send_code(session, account, challenge)


async def confirm(
    session: AsyncSession, principal: Principal, challenge_id: uuid.UUID, code: str
) -> SignatureOut:
    """The signature for the right code. The caller commits even when this raises: a wrong
    try must stay counted (everything before ``consume`` only reads)."""
    challenge = await _own_challenge(session, principal, challenge_id)
    subject = await _subject(
        session, principal, challenge.subject_type, challenge.subject_id, lock=True
    )
    document = canonical_json(subject.document)
    digest = sha256_hex(document)
    if digest != challenge.document_sha256:
        raise Conflict(
            code="signature_document_changed",
            detail=Text(
                "Документ изменился после запроса кода. Прочитайте его снова и подпишите заново.",
                "The document changed after the code was sent. Read it again and sign again.",
            ),
        )
    row = await session.get(OneTimeCode, challenge.code_id) if challenge.code_id else None
    await codes.consume(session, row, code)
    account = await session.get(Account, principal.account_id)
    assert account is not None
    at = clock.now()
    signer = " ".join(p for p in (account.last_name, account.first_name, account.middle_name) if p)
    signature = FamilySignature(
        id=uuid.uuid4(),
        challenge_id=challenge.id,
        account_id=account.id,
        student_id=subject.student_id,
        subject_type=challenge.subject_type,
        subject_id=challenge.subject_id,
        signer_name=signer,
        document=document,
        document_sha256=digest,
        signed_at=at,
    )
    session.add(signature)
    challenge.completed_at = at
    await session.flush()
    await audit.record(
        session,
        principal,
        "signature.create",
        "signature",
        signature.id,
        {
            "subject_type": challenge.subject_type.value,
            "subject_id": challenge.subject_id,
            "student_id": subject.student_id,
            "document_sha256": digest,
        },
    )
    if subject.plan is not None:
        await learning_plans.record_signature(
            session,
            principal,
            subject.plan,
            signature_id=signature.id,
            signed_at=at,
            signer_name=signer,
            document_sha256=digest,
        )
    return SignatureOut(id=signature.id, signed_at=at, signer_name=signer, document_sha256=digest)


async def _intact(session: AsyncSession, principal: Principal, row: FamilySignature) -> bool:
    if row.subject_type is SignatureSubject.learning_plan:
        current = await learning_plans.current_document(session, principal, row.subject_id)
    else:
        report = await _report(session, principal, row.subject_id)
        current = report_document(report) if report is not None else None
    return current is not None and sha256_hex(canonical_json(current)) == row.document_sha256


async def detail(
    session: AsyncSession, principal: Principal, row: FamilySignature
) -> SignatureDetail:
    return SignatureDetail(
        id=row.id,
        signed_at=row.signed_at,
        signer_name=row.signer_name,
        document_sha256=row.document_sha256,
        subject_type=row.subject_type,
        subject_id=row.subject_id,
        student_id=row.student_id,
        document=row.document,
        intact=await _intact(session, principal, row),
    )


async def get_own(
    session: AsyncSession, principal: Principal, signature_id: uuid.UUID
) -> FamilySignature:
    row = await session.scalar(
        select(FamilySignature).where(
            FamilySignature.id == signature_id, FamilySignature.account_id == principal.account_id
        )
    )
    if row is None:
        raise signature_not_found()
    return row


async def list_own(
    session: AsyncSession,
    principal: Principal,
    *,
    subject_type: SignatureSubject | None,
    subject_id: uuid.UUID | None,
    limit: int,
    offset: int,
) -> tuple[list[FamilySignature], int]:
    query = select(FamilySignature).where(FamilySignature.account_id == principal.account_id)
    if subject_type is not None:
        query = query.where(FamilySignature.subject_type == subject_type)
    if subject_id is not None:
        query = query.where(FamilySignature.subject_id == subject_id)
    return await fetch_page(
        session,
        query,
        order_by=[FamilySignature.signed_at.desc(), FamilySignature.id.desc()],
        limit=limit,
        offset=offset,
    )
