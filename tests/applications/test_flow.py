"""The seed's whole path: a draft, autosave, submit, review, a request for information, the
reply, approval — and the parent then sees the child's diary."""

from __future__ import annotations

import uuid

from httpx import AsyncClient
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from api.applications.models import Application, ApplicationEvent, ApplicationStatus
from api.children.models import Child
from api.config import Settings
from api.diary.structure.models import Guardianship, Student
from api.notifications.models import Notification
from tests.applications.world import Clock, Family, add_document, decide


async def test_a_parent_connects_a_childs_diary_from_draft_to_approval(
    client: AsyncClient,
    session: AsyncSession,
    data_settings: Settings,
    family: Family,
    frozen_clock: Clock,
) -> None:
    parent, admin = family.parent, family.admin

    # Step 1: a draft with the child only, then autosave as the parent types.
    created = await client.post(
        "/api/v1/applications", json={"child_id": family.child_id}, headers=parent.headers
    )
    assert created.status_code == 201, created.text
    draft = created.json()
    assert draft["status"] == "draft"
    assert draft["number"] is None
    assert draft["next_action"]["code"] == "submit"
    assert draft["child"]["last_name"] == "Иванов"
    application_id = draft["id"]

    saved = await client.patch(
        f"/api/v1/applications/{application_id}",
        json={"school_id": str(family.school.id), "class_id": str(family.class_b.id)},
        headers=parent.headers,
    )
    assert saved.status_code == 200, saved.text
    assert saved.json()["class"]["name"] == "9-Б"
    saved = await client.patch(
        f"/api/v1/applications/{application_id}",
        json={"contact_phone": "8 916 123-45-67", "consent": True, "consent_version": 1},
        headers=parent.headers,
    )
    assert saved.status_code == 200, saved.text
    assert saved.json()["consent"]["version"] == 1
    assert saved.json()["school"]["short_name"] == family.school.short_name

    # Step 2: submit — Saturday 28 November, five working days: decision by 4 December.
    answer = await client.post(
        f"/api/v1/applications/{application_id}/submit", headers=parent.headers
    )
    assert answer.status_code == 200, answer.text
    sent = answer.json()
    assert sent["message"] == "Заявление успешно отправлено"
    assert sent["number"].startswith("ЭД-2026-")
    assert len(sent["number"]) == len("ЭД-2026-000123")
    assert sent["status"] == "submitted"
    assert sent["due_at"] == "2026-12-04T23:59:59+03:00"
    assert sent["due_date"] == "2026-12-04"
    assert sent["awaiting"] == "school"
    assert sent["next_action"] is None
    assert sent["contact_phone"] == "+79161234567"
    assert sent["next_steps"] == (
        f"Номер {sent['number']}. Решение — до 4 декабря 2026\u00a0г. "
        "О каждом изменении статуса придёт уведомление."
    )

    # The school starts the review on Monday and asks for the birth certificate.
    frozen_clock.advance(days=2)
    started = await decide(client, admin, application_id, "start_review")
    assert started.status_code == 200, started.text
    assert started.json()["status"] == "under_review"
    assert started.json()["due_date"] == "2026-12-07"
    asked = await decide(
        client,
        admin,
        application_id,
        "request_info",
        reason_code="missing_documents",
        comment="Приложите скан свидетельства о рождении",
    )
    assert asked.status_code == 200, asked.text
    assert asked.json()["status"] == "info_requested"
    assert asked.json()["awaiting"] == "applicant"
    assert asked.json()["due_date"] == "2026-12-03"  # three working days: Tue, Wed, Thu
    assert asked.json()["next_action"]["code"] == "reply"

    # The parent replies with the scan.
    scan = await add_document(session, data_settings, parent, child_id=uuid.UUID(family.child_id))
    frozen_clock.advance(days=1)
    replied = await client.post(
        f"/api/v1/applications/{application_id}/reply",
        json={"comment": "Скан приложен", "attachment_ids": [str(scan.id)]},
        headers=parent.headers,
    )
    assert replied.status_code == 200, replied.text
    body = replied.json()
    assert body["status"] == "under_review"
    assert [a["id"] for a in body["attachments"]] == [str(scan.id)]
    assert body["history"][-1]["attachment_ids"] == [str(scan.id)]
    # The history names what was attached (its kind), so no screen has to show an id.
    assert [(a["id"], a["kind"]) for a in body["history"][-1]["attachments"]] == [
        (str(scan.id), "birth_certificate")
    ]

    approved = await decide(client, admin, application_id, "approve", comment="Добро пожаловать")
    assert approved.status_code == 200, approved.text
    assert approved.json()["status"] == "approved"
    assert approved.json()["due_at"] is None
    student_id = approved.json()["student_id"]
    assert student_id is not None

    # The child is now a student of 9-Б and the parent is its guardian.
    student = await session.get(Student, uuid.UUID(student_id))
    assert student is not None
    assert student.class_id == family.class_b.id
    assert (student.last_name, student.first_name) == ("Иванов", "Пётр")
    child = await session.get(Child, uuid.UUID(family.child_id))
    assert child is not None
    assert student.snils_hash == child.snils_hash
    guardianship = await session.scalar(
        select(Guardianship).where(
            Guardianship.student_id == student.id, Guardianship.account_id == parent.id
        )
    )
    assert guardianship is not None

    children = await client.get("/api/v1/me/children", headers=parent.headers)
    assert children.json()["items"][0]["student_id"] == student_id
    students = await client.get("/api/v1/me/students", headers=parent.headers)
    assert students.status_code == 200, students.text
    assert student_id in [s["id"] for s in students.json()]

    # The history tells the whole story, each step by whom.
    final = await client.get(f"/api/v1/applications/{application_id}", headers=parent.headers)
    history = final.json()["history"]
    assert [(h["action"], h["status_from"], h["status_to"], h["actor_role"]) for h in history] == [
        ("create", None, "draft", "applicant"),
        ("submit", "draft", "submitted", "applicant"),
        ("start_review", "submitted", "under_review", "school_admin"),
        ("request_info", "under_review", "info_requested", "school_admin"),
        ("reply", "info_requested", "under_review", "applicant"),
        ("approve", "under_review", "approved", "school_admin"),
    ]
    assert history[3]["reason_code"] == "missing_documents"
    assert history[3]["reason_label"] == "Отсутствуют подтверждающие документы"
    assert history[3]["comment"] == "Приложите скан свидетельства о рождении"

    # Every status change notified the parent, with a link to the application.
    notes = list(
        await session.scalars(
            select(Notification)
            .where(Notification.account_id == parent.id, Notification.kind == "application")
            .order_by(Notification.created_at)
        )
    )
    assert len(notes) == 5
    assert {n.link for n in notes} == {f"/applications/{application_id}"}
    titles = " | ".join(n.title for n in notes)
    assert "запрошены сведения" in titles
    assert "одобрено" in titles
    request_note = next(n for n in notes if "запрошены сведения" in n.title)
    assert "Приложите скан свидетельства" in request_note.body

    rows = await session.scalars(
        select(ApplicationEvent.status_to).where(
            ApplicationEvent.application_id == uuid.UUID(application_id)
        )
    )
    assert list(rows)[-1] == ApplicationStatus.approved
    row = await session.get(Application, uuid.UUID(application_id))
    assert row is not None
    assert row.decided_at is not None


async def test_my_applications_list_newest_first_with_the_action_to_take(
    client: AsyncClient, session: AsyncSession, family: Family, frozen_clock: Clock
) -> None:
    first = (
        await client.post("/api/v1/applications", json=family.body(), headers=family.parent.headers)
    ).json()
    submitted = await client.post(
        f"/api/v1/applications/{first['id']}/submit", headers=family.parent.headers
    )
    assert submitted.status_code == 200, submitted.text
    frozen_clock.advance(minutes=5)
    from tests.applications.world import add_child, add_school

    other_school = await add_school(session)
    second_child = await add_child(client, family.parent, first_name="Анна")
    second = await client.post(
        "/api/v1/applications",
        json={"child_id": second_child["id"], "school_id": str(other_school.id)},
        headers=family.parent.headers,
    )
    assert second.status_code == 201

    page = await client.get("/api/v1/applications?limit=10", headers=family.parent.headers)

    assert page.status_code == 200
    body = page.json()
    assert body["total"] == 2
    newest, oldest = body["items"]
    assert newest["id"] == second.json()["id"]
    assert newest["child"]["first_name"] == "Анна"
    assert newest["next_action"] == {
        "code": "submit",
        "label": "Заполните и отправьте заявление",
        "due_at": None,
    }
    assert oldest["number"] == submitted.json()["number"]
    assert oldest["status_label"] == "Отправлено"
    assert oldest["school"]["short_name"] == family.school.short_name
    assert oldest["due_date"] == "2026-12-04"


async def test_child_with_an_application_cannot_be_deleted(
    client: AsyncClient, session: AsyncSession, family: Family
) -> None:
    created = await client.post(
        "/api/v1/applications", json=family.body(), headers=family.parent.headers
    )
    assert created.status_code == 201

    refused = await client.delete(
        f"/api/v1/me/children/{family.child_id}", headers=family.parent.headers
    )

    assert refused.status_code == 409
    assert refused.json()["code"] == "child_has_applications"
    assert await session.get(Application, uuid.UUID(created.json()["id"])) is not None
