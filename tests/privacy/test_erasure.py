"""Erasure at the person's request (ст. 21 152-ФЗ): scheduled with a grace period that the
retention pass — on its own clock — carries out; rows depersonalised, the school's journal
and another guardian untouched, the audit chain whole."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta

import pytest
from httpx import AsyncClient
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.applications.models import Application, ApplicationStatus
from api.audit.chain import verify_chain
from api.audit.models import AuditEvent
from api.children.models import Child
from api.config import Settings
from api.delivery.models import OutboundMessage
from api.diary.grades.models import Grade
from api.diary.structure.models import Guardianship
from api.documents.models import Document, DocumentBlob, DocumentKind, DocumentStatus
from api.identity import clock, passwords
from api.identity.models import Account, AccountIdentity, AccountStatus, RefreshSession
from api.learning_plans.models import LearningPlan, PlanOrigin, PlanStatus
from api.messaging.models import Conversation, ConversationMessage
from api.privacy.models import ErasureRequest
from api.push.models import Device, Platform
from api.retention import service as retention
from api.security.crypto import encrypt
from api.signatures.models import FamilySignature, SignatureChallenge, SignatureSubject
from api.support.models import SupportMessage, SupportTicket, SupportTicketStatus
from tests.diary.world import World
from tests.reports.journal import put_grade
from tests.reports.test_reports import d

PASSWORD = "Зима-2026!Снег"


class Clock:
    def __init__(self) -> None:
        # A minute on from the tokens the world's people were given.
        self.current = datetime.now(UTC).replace(microsecond=0) + timedelta(minutes=1)

    def __call__(self) -> datetime:
        return self.current


@pytest.fixture
def frozen(monkeypatch: pytest.MonkeyPatch) -> Clock:
    fake = Clock()
    monkeypatch.setattr(clock, "now", fake)
    return fake


async def with_password(session: AsyncSession, account: Account) -> None:
    account.password_hash = await passwords.hash_password(PASSWORD)
    account.email = f"{account.id.hex[:12]}@example.ru"
    account.email_confirmed_at = clock.now()
    await session.commit()


async def family_data(session: AsyncSession, world: World) -> dict[str, uuid.UUID]:
    """The parent's own data in every kind the erasure touches, and a second guardian."""
    parent = world.parent.account
    second = world.other_parent.account
    session.add(Guardianship(id=uuid.uuid4(), account_id=second.id, student_id=world.pupil.id))
    child = Child(
        id=uuid.uuid4(),
        guardian_id=parent.id,
        last_name="Иванов",
        first_name="Пётр",
        middle_name=None,
        birth_date=date(2011, 5, 4),
        snils_enc=b"",
        snils_hash="h-" + uuid.uuid4().hex,
        birth_certificate_enc=b"",
        birth_certificate_hash="c-" + uuid.uuid4().hex,
        student_id=world.pupil.id,
    )
    child.snils_enc = encrypt("112-233-445 95", aad=f"children.snils:{child.id}")
    child.birth_certificate_enc = encrypt(
        '{"series_number": "IV-МЮ 123456", "issued_at": "2011-05-10"}',
        aad=f"children.birth_certificate:{child.id}",
    )
    session.add(child)
    await session.flush()
    pending = Application(
        id=uuid.uuid4(),
        number="ЭД-2026-" + uuid.uuid4().hex[:6],
        applicant_id=parent.id,
        child_id=child.id,
        school_id=world.school.id,
        class_id=world.class_b.id,
        contact_phone="+79161234567",
        status=ApplicationStatus.submitted,
    )
    document = Document(
        id=uuid.uuid4(),
        account_id=parent.id,
        kind=DocumentKind.passport,
        content_type="application/pdf",
        size=3,
        status=DocumentStatus.uploaded,
        storage_key="k",
    )
    session.add_all([pending, document])
    await session.flush()
    session.add(DocumentBlob(document_id=document.id, content=b"pdf"))
    session.add(AccountIdentity(account_id=parent.id, birth_date=date(1985, 3, 1)))
    session.add(Device(id=uuid.uuid4(), account_id=parent.id, platform=Platform.fcm, token="t"))
    conversation = Conversation(id=uuid.uuid4(), school_id=world.school.id, subject="Вопрос")
    session.add(conversation)
    await session.flush()
    message = ConversationMessage(
        id=uuid.uuid4(), conversation_id=conversation.id, author_id=parent.id, text="Спасибо!"
    )
    session.add(message)
    await put_grade(session, world, world.pupil, world.algebra, d(10), 5)
    await session.commit()
    return {"child": child.id, "application": pending.id, "document": document.id,
            "message": message.id}  # fmt: skip


async def ask(client: AsyncClient, world: World, password: str = PASSWORD) -> dict[str, object]:
    answer = await client.post(
        "/api/v1/me/erasure", json={"password": password}, headers=world.parent.headers
    )
    assert answer.status_code == 202, answer.text
    body: dict[str, object] = answer.json()
    return body


async def test_erasure_waits_out_the_grace_period_then_depersonalises(
    client: AsyncClient, session: AsyncSession, settings: Settings, world: World, frozen: Clock
) -> None:
    await with_password(session, world.parent.account)
    ids = await family_data(session, world)
    asked = await ask(client, world)
    assert asked["status"] == "scheduled"
    due = frozen.current + timedelta(days=14)
    assert asked["execute_after"] == due.isoformat().replace("+00:00", "Z")
    statement = asked["statement"]
    assert isinstance(statement, dict)
    kept = [item["what"] for item in statement["kept"]]
    assert any("Оценки" in what for what in kept)
    assert all(item["why"] and item["period"] for item in statement["kept"])
    told = await session.scalars(
        select(OutboundMessage.channel).where(
            OutboundMessage.recipient.in_([world.parent.account.phone, world.parent.account.email])
        )
    )
    assert sorted(told) == ["email", "sms"]

    # The day before: nothing happens; the person still signs in and could cancel.
    counts = await retention.run(session, due - timedelta(minutes=1))
    await session.commit()
    assert counts[retention.ERASURES] == 0
    still = await client.get("/api/v1/me", headers=world.parent.headers)
    assert still.status_code == 200

    phone, parent_id, pupil_id = world.parent.account.phone, world.parent.id, world.pupil.id
    counts = await retention.run(session, due)
    await session.commit()
    assert counts[retention.ERASURES] == 1

    session.expire_all()
    account = await session.get(Account, parent_id)
    assert account is not None
    assert (account.last_name, account.first_name, account.middle_name) == (
        "Удалённый", "пользователь", None,
    )  # fmt: skip
    assert account.phone != phone
    assert not account.phone.startswith("+")
    assert (account.email, account.status, account.roles) == (None, AccountStatus.blocked, [])
    for model, column in (
        (AccountIdentity, AccountIdentity.account_id),
        (Document, Document.account_id),
        (Device, Device.account_id),
        (Guardianship, Guardianship.account_id),
    ):
        left = await session.scalar(
            select(func.count()).select_from(model).where(column == account.id)
        )
        assert left == 0, model.__tablename__
    assert await session.get(DocumentBlob, ids["document"]) is None
    live = await session.scalar(
        select(func.count())
        .select_from(RefreshSession)
        .where(RefreshSession.account_id == account.id)
    )
    assert live == 0
    # The child row an application names is emptied, not deleted.
    child = await session.get(Child, ids["child"])
    assert child is not None
    assert (child.last_name, child.first_name) == ("Удалено", "Удалено")
    application = await session.get(Application, ids["application"])
    assert application is not None
    assert (application.status, application.contact_phone) == (ApplicationStatus.withdrawn, None)
    # Kept: the school's journal, the other guardian's access, the message (author erased).
    grades = await session.scalar(
        select(func.count()).select_from(Grade).where(Grade.student_id == pupil_id)
    )
    assert grades == 1
    other = await client.get(
        f"/api/v1/students/{pupil_id}/grades", headers=world.other_parent.headers
    )
    assert other.status_code == 200, other.text
    message = await session.get(ConversationMessage, ids["message"])
    assert message is not None
    assert message.author_id == account.id
    # Signed out everywhere; the old token is refused.
    gone = await client.get("/api/v1/me", headers=world.parent.headers)
    assert gone.status_code == 401
    # The audit log keeps ids only, gained an «erased» row, and its chain is whole.
    erased = await session.scalar(
        select(AuditEvent).where(
            AuditEvent.action == "personal_data.erased", AuditEvent.object_id == account.id
        )
    )
    assert erased is not None
    report = await verify_chain(session)
    assert report.intact, report.problems
    row = await session.scalar(
        select(ErasureRequest).where(ErasureRequest.account_id == account.id)
    )
    assert row is not None
    assert row.status == "done"
    assert row.done_at is not None


async def test_cancelled_erasure_is_not_carried_out(
    client: AsyncClient, session: AsyncSession, world: World, frozen: Clock
) -> None:
    await with_password(session, world.parent.account)
    await ask(client, world)
    again = await ask(client, world)  # asking twice returns the same request
    cancelled = await client.delete("/api/v1/me/erasure", headers=world.parent.headers)
    assert cancelled.status_code == 200, cancelled.text
    assert (cancelled.json()["id"], cancelled.json()["status"]) == (again["id"], "cancelled")
    parent_id = world.parent.id
    counts = await retention.run(session, frozen.current + timedelta(days=30))
    await session.commit()
    assert counts[retention.ERASURES] == 0
    session.expire_all()
    account = await session.get(Account, parent_id)
    assert account is not None
    assert account.last_name == "Иванова"
    assert account.status == AccountStatus.active
    twice = await client.delete("/api/v1/me/erasure", headers=world.parent.headers)
    assert twice.status_code == 404
    assert twice.json()["detail"] == "Запроса на удаление учётной записи нет"


async def test_wrong_password_is_refused_in_russian_and_counted(
    client: AsyncClient, session: AsyncSession, world: World, frozen: Clock
) -> None:
    await with_password(session, world.parent.account)
    for _ in range(5):
        wrong = await client.post(
            "/api/v1/me/erasure", json={"password": "не тот"}, headers=world.parent.headers
        )
        assert wrong.status_code == 422
        assert wrong.headers["content-type"].startswith("application/problem+json")
        assert wrong.json()["code"] == "password_incorrect"
        assert wrong.json()["errors"][0] == {
            "field": "password", "code": "password_incorrect", "message": "Неверный пароль",
        }  # fmt: skip
    blocked = await client.post(
        "/api/v1/me/erasure", json={"password": PASSWORD}, headers=world.parent.headers
    )
    assert blocked.status_code == 429
    assert int(blocked.headers["retry-after"]) > 0
    nothing = await session.scalar(
        select(func.count())
        .select_from(ErasureRequest)
        .where(ErasureRequest.account_id == world.parent.id)
    )
    assert nothing == 0
    english = await client.post(
        "/api/v1/me/erasure", json={"password": "x"}, headers=world.parent.headers_en()
    )
    assert english.json()["detail"] == "Too many wrong passwords. Try again later."


async def test_staff_and_strangers_cannot_erase(
    client: AsyncClient, session: AsyncSession, world: World, frozen: Clock
) -> None:
    await with_password(session, world.teacher.account)
    staff = await client.post(
        "/api/v1/me/erasure", json={"password": PASSWORD}, headers=world.teacher.headers
    )
    assert staff.status_code == 409
    assert staff.json()["code"] == "erasure_staff_account"
    await with_password(session, world.parent.account)
    await ask(client, world)
    # Another family sees no request of theirs and cannot cancel the parent's.
    other = await client.get("/api/v1/me/erasure", headers=world.other_parent.headers)
    assert other.status_code == 404
    cancel = await client.delete("/api/v1/me/erasure", headers=world.other_parent.headers)
    assert cancel.status_code == 404
    unsigned = await client.post("/api/v1/me/erasure", json={"password": PASSWORD})
    assert unsigned.status_code == 401
    mine = await client.get("/api/v1/me/erasure", headers=world.parent.headers)
    assert mine.json()["status"] == "scheduled"


async def _signed_plan(session: AsyncSession, world: World) -> tuple[uuid.UUID, uuid.UUID]:
    """The parent signed the pupil's learning plan by SMS code (signature and plan copy)."""
    now = clock.now()
    parent = world.parent.account
    plan = LearningPlan(
        id=uuid.uuid4(), student_id=world.pupil.id, school_id=world.school.id,
        status=PlanStatus.signed, origin=PlanOrigin.family, title="ИУП по алгебре",
        reason="Спортивные сборы", version=1, created_at=now, updated_at=now,
    )  # fmt: skip
    challenge = SignatureChallenge(
        id=uuid.uuid4(), account_id=parent.id, student_id=world.pupil.id,
        subject_type=SignatureSubject.learning_plan, subject_id=plan.id,
        document_sha256="a" * 64, created_at=now, expires_at=now, completed_at=now,
    )  # fmt: skip
    pending = SignatureChallenge(
        id=uuid.uuid4(), account_id=parent.id, student_id=world.pupil.id,
        subject_type=SignatureSubject.report_ack, subject_id=uuid.uuid4(),
        document_sha256="b" * 64, created_at=now, expires_at=now,
    )  # fmt: skip
    session.add_all([plan, challenge, pending])
    await session.flush()
    signature = FamilySignature(
        id=uuid.uuid4(), challenge_id=challenge.id, account_id=parent.id,
        student_id=world.pupil.id, subject_type=SignatureSubject.learning_plan,
        subject_id=plan.id, signer_name="Иванова Анна", document='{"type":"learning_plan"}',
        document_sha256="a" * 64, signed_at=now,
    )  # fmt: skip
    session.add(signature)
    await session.flush()
    plan.signature_id, plan.signed_at, plan.signer_name = signature.id, now, "Иванова Анна"
    plan.signed_sha256 = "a" * 64
    await session.commit()
    return plan.id, signature.id


async def test_erasure_deletes_support_tickets_and_keeps_signatures_anonymised(
    client: AsyncClient, session: AsyncSession, world: World, frozen: Clock
) -> None:
    await with_password(session, world.parent.account)
    parent = world.parent.account
    tickets = []
    for status in (SupportTicketStatus.open, SupportTicketStatus.closed):
        ticket = SupportTicket(
            id=uuid.uuid4(), number="ОБ-2026-" + uuid.uuid4().hex[:6], account_id=parent.id,
            subject="Не вижу оценки сына", description="Иванов Петя, СНИЛС 112-233-445 95",
            status=status,
        )  # fmt: skip
        session.add(ticket)
        tickets.append(ticket.id)
    other = SupportTicket(
        id=uuid.uuid4(), number="ОБ-2026-" + uuid.uuid4().hex[:6],
        account_id=world.other_parent.id, subject="Вход", description="Не приходит код",
    )  # fmt: skip
    session.add(other)
    await session.flush()
    session.add(
        SupportMessage(
            ticket_id=tickets[0], author_id=parent.id, from_staff=False,
            text="Мой телефон +79161234567", created_at=clock.now(),
        )
    )  # fmt: skip
    await session.commit()
    plan_id, signature_id = await _signed_plan(session, world)

    asked = await ask(client, world)
    statement = asked["statement"]
    assert isinstance(statement, dict)
    deleted = {item["what"]: item.get("count") for item in statement["deleted"]}
    assert deleted["Обращения в службу поддержки вместе с перепиской (открытые и закрытые)"] == 2
    signed = [item for item in statement["kept"] if item["what"].startswith("Ваши подписи")]
    assert len(signed) == 1
    assert signed[0]["count"] == 1
    assert "«Удалённый пользователь»" in signed[0]["why"]
    assert signed[0]["period"]

    other_id, parent_id = other.id, parent.id
    counts = await retention.run(session, frozen.current + timedelta(days=14))
    await session.commit()
    assert counts[retention.ERASURES] == 1
    session.expire_all()

    # Tickets gone with their messages, open or closed; another person's stays.
    for ticket_id in tickets:
        assert await session.get(SupportTicket, ticket_id) is None
    messages = await session.scalar(
        select(func.count())
        .select_from(SupportMessage)
        .where(SupportMessage.ticket_id.in_(tickets))
    )
    assert messages == 0
    assert await session.get(SupportTicket, other_id) is not None
    # The signature and the plan stay, signed by «Удалённый пользователь», text untouched.
    signature = await session.get(FamilySignature, signature_id)
    assert signature is not None
    assert (signature.signer_name, signature.account_id) == ("Удалённый пользователь", parent_id)
    assert (signature.document, signature.document_sha256) == ('{"type":"learning_plan"}', "a" * 64)
    plan = await session.get(LearningPlan, plan_id)
    assert plan is not None
    assert (plan.signer_name, plan.signature_id) == ("Удалённый пользователь", signature_id)
    challenges = list(
        await session.scalars(
            select(SignatureChallenge.completed_at).where(
                SignatureChallenge.account_id == parent_id
            )
        )
    )
    assert len(challenges) == 1  # the signature's own; the unanswered one is gone
    assert challenges[0] is not None
    report = await verify_chain(session)
    assert report.intact, report.problems
