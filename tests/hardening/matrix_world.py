"""The access matrix's world: objects of «school A / family A», callers from elsewhere.

Owners (school A's teacher and administrator, family A's parent) make their objects
through the API, as a person would: a grade, homework, an absence note, a holiday, an
integration client with a webhook and one of its deliveries, a child and an application
with a document, a support ticket, a connection request, a roster import, a conversation
(reported, with an attachment) and a class announcement. ``ids`` maps a path parameter's
name to the id of A's object of that kind; the callers are each someone with no right to
those objects.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from httpx import AsyncClient
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from api.config import Settings
from api.diary.structure.models import TeachingAssignment
from api.identity.models import AccountLevel, RefreshSession, Role
from api.integrations.scopes import SCOPES
from api.notifications.models import Notification
from api.onboarding.models import RosterImport
from api.webhooks import signing
from api.webhooks.models import Webhook, WebhookDelivery, WebhookEvent
from tests.applications.world import add_document
from tests.diary.world import MONDAY, World, build_world, lesson_on, make_school
from tests.factories import Person, child_body, make_operator, make_person
from tests.hardening.openapi_walk import SCHEMA, example
from tests.identity.conftest import last_code
from tests.integrations.conftest import client_body, client_token
from tests.learning_plans.plans import TEXT as PLAN_TEXT

# A browser's public key (an uncompressed P-256 point) for family A's push subscription.
PUSH_P256DH = (
    "BNcRdreALRFXTkOOUHK1EtK2wtaz5Ry4YfYCA_0QTpQtUbVlUls0VJXg7A8u-Ts1XbjhazAkj7I99e8QcYP7DkM"
)


@dataclass
class Matrix:
    world: World
    ids: dict[str, str] = field(default_factory=dict)
    # caller name → request headers ({} = anonymous)
    callers: dict[str, dict[str, str]] = field(default_factory=dict)

    def id_for(self, name: str) -> str | None:
        return self.ids.get(name)


def body_of(route: str, method: str, matrix: Matrix, **overrides: Any) -> Any:
    schema = SCHEMA["paths"][route][method]["requestBody"]["content"]["application/json"]
    body = example(schema["schema"], matrix.id_for)
    if isinstance(body, dict):
        body.update(overrides)
    return body


async def _made(answer: Any) -> Any:
    assert answer.status_code in (200, 201), answer.text
    return answer.json()


async def _webhook(session: AsyncSession, m: Matrix, a: World, client_id: uuid.UUID) -> None:
    """A webhook of school A's client and one delivery (made as rows: creating one through
    the API resolves its host, which a test has no network for)."""
    webhook_id = uuid.uuid4()
    session.add(
        Webhook(
            id=webhook_id,
            client_id=client_id,
            school_id=a.school.id,
            url="https://lms.example.ru/hooks/edudiary",
            event_types=["grade.created"],
            status="enabled",
            secret_enc=signing.seal(signing.new_secret(), webhook_id),
        )
    )
    event = WebhookEvent(
        id="evt_" + signing.ulid(),
        school_id=a.school.id,
        type="grade.created",
        data={"id": m.ids["grade_id"]},
    )
    session.add(event)
    await session.flush()
    delivery = WebhookDelivery(
        id=uuid.uuid4(),
        message_id="msg_" + signing.ulid(),
        event_id=event.id,
        webhook_id=webhook_id,
        status="failed",
    )
    session.add(delivery)
    await session.commit()
    m.ids["webhook_id"] = str(webhook_id)
    m.ids["delivery_id"] = str(delivery.id)


async def build_matrix(client: AsyncClient, session: AsyncSession, settings: Settings) -> Matrix:
    world = await build_world(session, settings)
    world.parent.account.level = AccountLevel.confirmed
    await session.commit()
    m = Matrix(world)
    a = world
    m.ids.update(
        student_id=str(a.pupil.id),
        class_id=str(a.class_b.id),
        school_id=str(a.school.id),
        term_id=str(a.term.id),
        subject_id=str(a.algebra.id),
        teacher_id=str(a.teacher.id),
        account_id=str(a.parent.id),
    )
    lesson = await lesson_on(client, a.teacher, MONDAY)
    m.ids["lesson_id"] = str(lesson["id"])

    async def post(person: Person, route: str, **overrides: Any) -> Any:
        concrete = route.format(**m.ids)
        body = body_of(route, "post", m, **overrides)
        return await _made(await client.post(concrete, json=body, headers=person.headers))

    grades = await post(a.teacher, "/api/v1/lessons/{lesson_id}/grades")
    m.ids["grade_id"] = str(grades[0]["id"])
    # A signed term record of 9-Б's algebra: every pupil graded, the term closed, signed.
    others = [s for s in (a.own, a.classmate) if str(s.id) != grades[0]["student_id"]]
    if str(a.pupil.id) != grades[0]["student_id"]:
        others.append(a.pupil)
    await _made(
        await client.post(
            f"/api/v1/lessons/{lesson['id']}/grades",
            json=[{"student_id": str(s.id), "value": 4} for s in others],
            headers=a.teacher.headers,
        )
    )
    await _made(
        await client.post(
            f"/api/v1/classes/{a.class_b.id}/term-grades",
            json={"subject_id": str(a.algebra.id), "term_id": str(a.term.id)},
            headers=a.teacher.headers,
        )
    )
    record = await _made(
        await client.post(
            f"/api/v1/classes/{a.class_b.id}/subjects/{a.algebra.id}/terms/{a.term.id}/sign-off",
            headers=a.teacher.headers,
        )
    )
    m.ids["record_id"] = str(record["id"])
    homework = await post(a.teacher, "/api/v1/lessons/{lesson_id}/homework")
    m.ids["homework_id"] = str(homework["id"])
    note = await post(a.parent, "/api/v1/students/{student_id}/absence-notes")
    m.ids["note_id"] = str(note["id"])
    holiday = await post(a.admin, "/api/v1/school-holidays")
    m.ids["holiday_id"] = str(holiday["id"])
    soon = datetime.now(UTC) + timedelta(days=3)
    meeting = await _made(
        await client.post(
            "/api/v1/meetings",
            json={
                "class_id": str(a.class_b.id),
                "title": "Встреча",
                "place": "214",
                "slots": [
                    {
                        "starts_at": soon.isoformat(),
                        "ends_at": (soon + timedelta(minutes=15)).isoformat(),
                    }
                ],
            },
            headers=a.class_teacher.headers,
        )
    )
    m.ids["meeting_id"] = str(meeting["id"])
    m.ids["slot_id"] = str(meeting["slots"][0]["id"])
    await _made(
        await client.post(
            f"/api/v1/meeting-slots/{m.ids['slot_id']}/booking",
            json={"student_id": str(a.pupil.id)},
            headers=a.parent.headers,
        )
    )
    integration = await _made(
        await client.post(
            "/api/v1/integration-clients",
            json=client_body(scopes=list(SCOPES)),
            headers=a.admin.headers,
        )
    )
    m.ids["client_uuid"] = str(integration["id"])
    await _webhook(session, m, a, uuid.UUID(integration["id"]))
    child = await _made(
        await client.post("/api/v1/me/children", json=child_body(), headers=a.parent.headers)
    )
    m.ids["child_id"] = str(child["id"])
    document = await add_document(session, settings, a.parent, child_id=uuid.UUID(child["id"]))
    m.ids["document_id"] = str(document.id)
    application = await post(
        a.parent,
        "/api/v1/applications",
        child_id=child["id"],
        school_id=str(a.school.id),
        class_id=str(a.class_b.id),
        attachment_ids=[str(document.id)],
        contact_phone="+7 (916) 123-45-67",
        consent=True,
    )
    m.ids["application_id"] = str(application["id"])
    # Submitted: the school's staff see it now, so another school's must be refused.
    await _made(
        await client.post(
            f"/api/v1/applications/{application['id']}/submit", headers=a.parent.headers
        )
    )
    # An ИУП proposed by the class teacher and signed by the parent with an SMS code.
    plan = await _made(
        await client.post(
            f"/api/v1/students/{a.pupil.id}/learning-plans",
            json=PLAN_TEXT,
            headers=a.class_teacher.headers,
        )
    )
    m.ids["plan_id"] = str(plan["id"])
    challenge = await _made(
        await client.post(
            "/api/v1/signatures",
            json={"subject_type": "learning_plan", "subject_id": plan["id"]},
            headers=a.parent.headers,
        )
    )
    m.ids["challenge_id"] = str(challenge["challenge_id"])
    signature = await _made(
        await client.post(
            f"/api/v1/signatures/{challenge['challenge_id']}/confirm",
            json={"code": await last_code(session, a.parent.account.phone)},
            headers=a.parent.headers,
        )
    )
    m.ids["signature_id"] = str(signature["id"])
    ticket = await post(a.parent, "/api/v1/support/tickets")
    m.ids["ticket_id"] = str(ticket["id"])
    unconnected = make_school("Europe/Moscow", f"Школа {uuid.uuid4().hex[:6]}")
    unconnected.connected = False
    session.add(unconnected)
    await session.commit()
    request = await post(a.parent, "/api/v1/connection-requests", school_id=str(unconnected.id))
    m.ids["request_id"] = str(request["id"])
    assignment = await session.scalar(
        select(TeachingAssignment.id).where(TeachingAssignment.teacher_id == a.teacher.id)
    )
    m.ids["assignment_id"] = str(assignment)
    parent_session = await session.scalar(
        select(RefreshSession.id).where(RefreshSession.account_id == a.parent.id)
    )
    m.ids["session_id"] = str(parent_session)
    notice = Notification(
        id=uuid.uuid4(), account_id=a.parent.id, kind="grade", title="Новая оценка: 5", body="."
    )
    session.add(notice)
    m.ids["notification_id"] = str(notice.id)
    device = await _made(
        await client.post(
            "/api/v1/me/devices",
            json={"platform": "fcm", "token": f"matrix-{uuid.uuid4().hex}"},
            headers=a.parent.headers,
        )
    )
    m.ids["device_id"] = str(device["id"])
    browser = await _made(
        await client.post(
            "/api/v1/me/push-subscriptions",
            json={
                "endpoint": f"https://push.example.net/{uuid.uuid4().hex}",
                "keys": {"p256dh": PUSH_P256DH, "auth": "AAAAAAAAAAAAAAAAAAAAAA"},
            },
            headers=a.parent.headers,
        )
    )
    m.ids["subscription_id"] = str(browser["id"])
    roster = RosterImport(
        id=uuid.uuid4(),
        school_id=a.school.id,
        created_by=a.admin.id,
        format="oneroster_csv",
        mode="preview",
        status="done",
        progress=100,
        summary={},
        content=b"PK\x05\x06" + bytes(18),
        size=22,
    )
    session.add(roster)
    m.ids["import_id"] = str(roster.id)
    await session.commit()
    upload = await _made(
        await client.post(
            "/api/v1/attachments",
            files={"file": ("spravka.txt", "Справка: болел 1–2 декабря".encode(), "text/plain")},
            headers=a.parent.headers,
        )
    )
    m.ids["attachment_id"] = str(upload["id"])
    conversation = await _made(
        await client.post(
            "/api/v1/conversations",
            json={
                "recipient_ids": [str(a.teacher.id)],
                "text": "Добрый день! Пётр болел, справка во вложении.",
                "student_id": str(a.pupil.id),
                "attachment_ids": [upload["id"]],
            },
            headers=a.parent.headers,
        )
    )
    m.ids["conversation_id"] = str(conversation["id"])
    reported = await client.post(
        f"/api/v1/conversations/{conversation['id']}/report",
        json={"reason": "Проверка матрицы доступа"},
        headers=a.parent.headers,
    )
    assert reported.status_code == 204, reported.text
    announcement = await _made(
        await client.post(
            f"/api/v1/classes/{a.class_b.id}/announcements",
            json={"title": "Собрание", "text": "В четверг в 18:00", "audience": "families"},
            headers=a.class_teacher.headers,
        )
    )
    m.ids["announcement_id"] = str(announcement["id"])
    export = await client.post(
        "/api/v1/exports",
        json={"kind": "student_report", "format": "csv", "student_id": str(a.pupil.id)},
        headers=a.parent.headers,
    )
    assert export.status_code == 202, export.text
    m.ids["export_id"] = str(export.json()["id"])

    # Callers: each has no right to A's objects.
    teacher_9a = await make_person(
        session, settings, roles=(Role.teacher,), last_name="Лебедев", first_name="Олег"
    )
    teacher_9a.account.school_id = a.school.id
    session.add(
        TeachingAssignment(
            id=uuid.uuid4(),
            school_id=a.school.id,
            teacher_id=teacher_9a.id,
            class_id=a.class_a.id,
            subject_id=a.pe.id,
        )
    )
    operator = await make_operator(session, settings)
    platform = await make_person(
        session, settings, roles=(Role.platform_admin,), level=AccountLevel.confirmed
    )
    await session.commit()
    foreign = await _made(
        await client.post(
            "/api/v1/integration-clients",
            json=client_body(scopes=list(SCOPES), name="Библиотека гимназии"),
            headers=a.foreign_admin.headers,
        )
    )
    token = await client_token(client, foreign["client_id"], foreign["client_secret"])
    m.callers = {
        "родитель другой семьи": a.other_parent.headers,
        "ученик (одноклассник)": a.student.headers,
        "учитель другого класса": teacher_9a.headers,
        "администратор другой школы": a.foreign_admin.headers,
        "оператор": operator.headers,
        "администратор платформы": platform.headers,
        "клиент интеграции другой школы": {"Authorization": f"Bearer {token}"},
        "аноним": {},
    }
    return m
