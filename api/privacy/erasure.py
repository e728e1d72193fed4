"""Erasure of a person's account at their request (ст. 21 ч. 3–4 152-ФЗ).

The request waits out a grace period (``GRACE``) and is carried out by the retention
pass (``execute_due``, called with the pass's own ``now``). What happens then:

- deleted: SNILS and passport, document scans, the children's data the person entered,
  sessions, push devices, the notification feed and settings, saved reports and files,
  the calendar feed, the guardianship links (the diary access) — only theirs: another
  guardian of the same child keeps theirs;
- depersonalised: the account row itself stays (grades, absence notes, messages and
  audit rows point at it by id) with no name, phone, e-mail or password: it reads as
  «Удалённый пользователь» wherever its messages or notes are shown;
- open applications are withdrawn (the school sees why), their contact phone removed;
- deleted too: support tickets with their conversations (free text in the person's own
  words; nothing obliges the service to keep it);
- kept, because the school must keep them: the child's journal (grades, attendance) —
  it is the child's record, held by the school under 273-ФЗ, not the parent's;
  absence notes the school relied on; messages to teachers; signatures (by SMS code) of
  learning plans and reports (the signer reads «Удалённый пользователь»); the audit
  log, which holds ids and outcomes only and is append-only (its hash chain stays whole).

The person is told all this twice: when they ask (on screen, in the feed, by SMS and
e-mail) and when it is done (by SMS and e-mail to the addresses they had — sent before
the addresses are wiped).
"""

from __future__ import annotations

import json
import secrets
import uuid
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from api.applications import history as application_history
from api.applications import workflow as application_workflow
from api.applications.models import OPEN_STATUSES, Application
from api.applications.notices import ru_date
from api.audit import service as audit
from api.children.models import Child
from api.delivery import service as delivery
from api.diary.calendar.models import CalendarFeed
from api.diary.events.models import ReminderTime
from api.diary.structure.models import Guardianship
from api.documents.models import Document
from api.errors import Conflict, FieldError, NotFound, TooManyRequests, ValidationFailed
from api.i18n import Text
from api.identity import clock, passwords, throttle
from api.identity.deps import Principal
from api.identity.models import (
    Account,
    AccountIdentity,
    AccountLevel,
    AccountStatus,
    LoginChallenge,
    OneTimeCode,
    RefreshSession,
)
from api.learning_plans.models import LearningPlan
from api.messaging.models import ConversationParticipant
from api.notifications import service as notifications
from api.notifications.models import Notification, NotificationPreference, NotificationSchedule
from api.privacy import statement
from api.privacy.models import ErasureRequest, ErasureStatus
from api.push.models import Device, PushMessage, PushSubscription
from api.reports.models import ReportExport, SavedReport
from api.security.crypto import encrypt
from api.signatures.models import FamilySignature, SignatureChallenge
from api.support.models import SupportTicket

GRACE = timedelta(days=14)
# A password tried for erasure: a stolen session must not guess its way to deleting the
# account. Five tries an hour, then 429.
PASSWORD_TRIES = throttle.Window(limit=5, period=timedelta(hours=1))
ERASED_LAST_NAME = "Удалённый"
ERASED_FIRST_NAME = "пользователь"
ERASED_NAME = f"{ERASED_LAST_NAME} {ERASED_FIRST_NAME}"


def _not_found() -> NotFound:
    return NotFound(
        code="erasure_not_found",
        detail=Text("Запроса на удаление учётной записи нет", "No erasure request"),
    )


async def current(session: AsyncSession, principal: Principal) -> ErasureRequest:
    """The caller's latest request (scheduled, cancelled or — for the record — done)."""
    found = await session.scalar(
        select(ErasureRequest)
        .where(ErasureRequest.account_id == principal.account_id)
        .order_by(ErasureRequest.requested_at.desc())
        .limit(1)
    )
    if found is None or principal.is_client:
        raise _not_found()
    return found


async def _check_password(session: AsyncSession, account: Account, password: str) -> None:
    key = throttle.bucket("erasure-password", str(account.id))
    wait = await throttle.retry_after(session, key, PASSWORD_TRIES)
    if wait is not None:
        raise TooManyRequests(
            code="too_many_attempts",
            detail=Text(
                "Слишком много неверных паролей. Повторите позже.",
                "Too many wrong passwords. Try again later.",
            ),
            headers={"Retry-After": str(wait)},
        )
    ok, _ = await passwords.verify_password(password, account.password_hash)
    if not ok:
        await throttle.record(session, key, keep=PASSWORD_TRIES.period)
        text = Text("Неверный пароль", "Wrong password")
        raise ValidationFailed(
            code="password_incorrect",
            detail=Text(
                "Неверный пароль: удаление учётной записи не запрошено",
                "Wrong password: the account erasure was not requested",
            ),
            errors=[FieldError("password", "password_incorrect", text)],
        )


async def request(session: AsyncSession, principal: Principal, password: str) -> ErasureRequest:
    """Schedule the erasure after the grace period; a scheduled one is returned as is.

    The caller runs this through ``committing``: a wrong password must still count."""
    if principal.is_client:
        raise _not_found()
    account = await session.get(Account, principal.account_id, with_for_update=True)
    assert account is not None
    if account.is_staff:
        raise Conflict(
            code="erasure_staff_account",
            detail=Text(
                "Учётную запись сотрудника удаляет школа: обратитесь к администратору школы",
                "A staff account is removed by the school: ask the school's administrator",
            ),
        )
    await _check_password(session, account, password)
    scheduled = await session.scalar(
        select(ErasureRequest).where(
            ErasureRequest.account_id == account.id,
            ErasureRequest.status == ErasureStatus.scheduled.value,
        )
    )
    if scheduled is not None:
        return scheduled
    now = clock.now()
    row = ErasureRequest(
        id=uuid.uuid4(),
        account_id=account.id,
        status=ErasureStatus.scheduled.value,
        requested_at=now,
        execute_after=now + GRACE,
        statement=await statement.build(session, account.id),
    )
    session.add(row)
    await session.flush()
    await audit.record(
        session, principal, "personal_data.erasure_requested", "account", account.id,
        {"erasure_id": row.id},
    )  # fmt: skip
    day = ru_date(row.execute_after.date())
    await notifications.notify(
        session,
        [
            (
                account.id,
                notifications.Message(
                    kind="privacy",
                    title="Запрошено удаление учётной записи",
                    body=(
                        f"Учётная запись будет удалена {day}; до этого дня удаление можно "
                        "отменить в профиле, в разделе «Мои данные»."
                    ),
                    link="/profile/data",
                ),
            )
        ],
    )
    await _tell(session, account, row, done=False)
    return row


async def _tell(
    session: AsyncSession, account: Account, row: ErasureRequest, *, done: bool
) -> None:
    """SMS (short) and e-mail (the whole statement) to the addresses the person has."""
    day = ru_date(row.execute_after.date())
    if done:
        sms = "Электронный дневник: ваша учётная запись удалена. Что сохранено и почему — в письме."
        subject = "Учётная запись удалена"
    else:
        sms = (
            f"Электронный дневник: учётная запись будет удалена {day} "
            "Если это не вы — войдите и отмените в профиле."
        )
        subject = f"Удаление учётной записи {day}"
    await delivery.send_sms(session, to=account.phone, text=sms, purpose="erasure")
    if account.email and account.email_confirmed_at is not None:
        await delivery.send_email(
            session,
            to=account.email,
            subject=f"Электронный дневник: {subject}",
            body=statement.as_text(row.statement, day=day, done=done),
            purpose="erasure",
        )


async def cancel(session: AsyncSession, principal: Principal) -> ErasureRequest:
    row = await current(session, principal)
    if row.status != ErasureStatus.scheduled.value:
        raise _not_found()
    row.status = ErasureStatus.cancelled.value
    row.cancelled_at = clock.now()
    await audit.record(
        session, principal, "personal_data.erasure_cancelled", "account", row.account_id,
        {"erasure_id": row.id},
    )  # fmt: skip
    await session.flush()
    return row


async def execute_due(session: AsyncSession, now: datetime) -> int:
    """Carry out every request whose grace period is over; the caller commits."""
    due = list(
        await session.scalars(
            select(ErasureRequest)
            .where(
                ErasureRequest.status == ErasureStatus.scheduled.value,
                ErasureRequest.execute_after <= now,
            )
            .order_by(ErasureRequest.execute_after)
            .with_for_update(skip_locked=True)
        )
    )
    for row in due:
        await execute(session, row, now)
    return len(due)


async def _withdraw_open_applications(session: AsyncSession, account_id: uuid.UUID) -> None:
    open_ones = await session.scalars(
        select(Application)
        .where(Application.applicant_id == account_id, Application.status.in_(OPEN_STATUSES))
        .with_for_update()
    )
    for application in open_ones:
        await application_history.transition(
            session,
            application,
            application_workflow.Action.withdraw,
            principal=None,
            at=clock.now(),
            tz=None,
            comment="Заявитель удалил учётную запись",
        )
    await session.execute(
        update(Application)
        .where(Application.applicant_id == account_id)
        .values(contact_phone=None)
        .execution_options(synchronize_session=False)
    )


async def _erase_children(session: AsyncSession, account_id: uuid.UUID) -> None:
    """Children the person entered: deleted, or — when an application's history still
    names the row (it may not be deleted) — emptied of the child's data."""
    children = list(await session.scalars(select(Child).where(Child.guardian_id == account_id)))
    referenced = set(
        await session.scalars(
            select(Application.child_id).where(Application.child_id.in_([c.id for c in children]))
        )
    )
    for child in children:
        if child.id not in referenced:
            await session.delete(child)
            continue
        child.last_name, child.first_name, child.middle_name = "Удалено", "Удалено", None
        marker = f"erased:{child.id.hex}"
        child.snils_enc = encrypt("", aad=f"children.snils:{child.id}")
        child.snils_hash = marker
        certificate = {"series_number": "", "issued_at": child.birth_date.isoformat()}
        child.birth_certificate_enc = encrypt(
            json.dumps(certificate), aad=f"children.birth_certificate:{child.id}"
        )
        child.birth_certificate_hash = marker


async def _anonymise_signatures(session: AsyncSession, account_id: uuid.UUID) -> None:
    """The person's signatures stay: each is the school's evidence that a guardian agreed
    to an individual learning plan or read a report, and the plan itself is a record the
    school keeps. The signer shows as «Удалённый пользователь» — on the signature and on
    the plan that copied the name. The signed text and its SHA-256 are left as signed
    (they name the pupil and the document, not the signer), so a check of the signature
    against the document still holds. Challenges never completed are only pending codes."""
    await session.execute(
        update(FamilySignature)
        .where(FamilySignature.account_id == account_id)
        .values(signer_name=ERASED_NAME)
        .execution_options(synchronize_session=False)
    )
    await session.execute(
        update(LearningPlan)
        .where(
            LearningPlan.signature_id.in_(
                select(FamilySignature.id).where(FamilySignature.account_id == account_id)
            )
        )
        .values(signer_name=ERASED_NAME)
        .execution_options(synchronize_session=False)
    )
    await session.execute(
        delete(SignatureChallenge)
        .where(
            SignatureChallenge.account_id == account_id,
            SignatureChallenge.completed_at.is_(None),  # a completed one is its signature's
        )
        .execution_options(synchronize_session=False)
    )


async def _depersonalise(account: Account) -> None:
    account.last_name = ERASED_LAST_NAME
    account.first_name = ERASED_FIRST_NAME
    account.middle_name = None
    # Unique and never a phone number: log-in by the old number finds nothing, and the
    # number is free for a new account.
    account.phone = f"-{account.id.hex[:15]}"
    account.phone_confirmed_at = None
    account.email = None
    account.email_confirmed_at = None
    account.password_hash = await passwords.hash_password(secrets.token_urlsafe(32))
    account.totp_secret_enc = None
    account.totp_enabled_at = None
    account.level = AccountLevel.simplified
    account.status = AccountStatus.blocked
    account.roles = []
    account.school_id = None


async def execute(session: AsyncSession, row: ErasureRequest, now: datetime) -> None:
    account = await session.get(Account, row.account_id, with_for_update=True)
    assert account is not None
    row.status = ErasureStatus.done.value
    row.done_at = now
    await _tell(session, account, row, done=True)  # to the addresses, before they go
    await _withdraw_open_applications(session, account.id)
    await _erase_children(session, account.id)
    owned = account.id
    for model, column in (
        (AccountIdentity, AccountIdentity.account_id),
        (Document, Document.account_id),  # their blobs and application links cascade
        (RefreshSession, RefreshSession.account_id),  # with their refresh tokens
        (LoginChallenge, LoginChallenge.account_id),
        (OneTimeCode, OneTimeCode.account_id),
        (Device, Device.account_id),
        (PushSubscription, PushSubscription.account_id),
        (PushMessage, PushMessage.account_id),
        (Notification, Notification.account_id),
        (NotificationPreference, NotificationPreference.account_id),
        (NotificationSchedule, NotificationSchedule.account_id),
        (ReminderTime, ReminderTime.account_id),
        (CalendarFeed, CalendarFeed.account_id),
        (SavedReport, SavedReport.created_by),
        (ReportExport, ReportExport.requested_by),
        (ConversationParticipant, ConversationParticipant.account_id),
        (Guardianship, Guardianship.account_id),
        # Support tickets with their whole conversation, open or closed: the person wrote
        # them in their own words (children's names, health, numbers) and no law makes the
        # service keep them; an open one has nobody left to answer.
        (SupportTicket, SupportTicket.account_id),
    ):
        await session.execute(
            delete(model).where(column == owned).execution_options(synchronize_session=False)
        )
    await _anonymise_signatures(session, owned)
    await _depersonalise(account)
    await session.flush()
    await audit.record(
        session, None, "personal_data.erased", "account", account.id, {"erasure_id": row.id}
    )


async def count_due(session: AsyncSession, now: datetime) -> int:
    found = await session.scalar(
        select(func.count())
        .select_from(ErasureRequest)
        .where(
            ErasureRequest.status == ErasureStatus.scheduled.value,
            ErasureRequest.execute_after <= now,
        )
    )
    return int(found or 0)


def out(row: ErasureRequest) -> dict[str, Any]:
    return {
        "id": row.id,
        "status": row.status,
        "requested_at": row.requested_at,
        "execute_after": row.execute_after,
        "cancelled_at": row.cancelled_at,
        "done_at": row.done_at,
        "statement": row.statement,
    }
