"""«Вопросы по технической поддержке»: a ticket with the application number, the description
and a screenshot; support answers, closes; the user's message reopens it."""

from __future__ import annotations

import re

from httpx import AsyncClient
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from api.audit.models import AuditEvent
from api.config import Settings
from api.identity.models import AccountLevel
from api.notifications.models import Notification
from tests.applications.world import Family, add_document, submitted
from tests.factories import make_operator, make_person


async def test_a_ticket_from_question_to_answer_close_and_reopen(
    client: AsyncClient,
    session: AsyncSession,
    data_settings: Settings,
    family: Family,
) -> None:
    application = await submitted(client, family)
    screenshot = await add_document(session, data_settings, family.parent)
    operator = await make_operator(session, data_settings)

    created = await client.post(
        "/api/v1/support/tickets",
        json={
            "subject": "Статус не меняется больше недели",
            "description": "Заявление отправлено, статус «Отправлено» не меняется.",
            "application_number": application["number"],
            "screenshot_document_id": str(screenshot.id),
        },
        headers=family.parent.headers,
    )

    assert created.status_code == 201, created.text
    ticket = created.json()
    assert re.fullmatch(r"ОБ-\d{4}-\d{6}", ticket["number"])
    assert ticket["status"] == "open"
    assert ticket["status_label"] == "Ждёт ответа поддержки"
    assert ticket["application_number"] == application["number"]
    assert ticket["screenshot_document_id"] == str(screenshot.id)
    assert ticket["messages"] == []

    queue = await client.get("/api/v1/admin/support/tickets?status=open", headers=operator.headers)
    assert ticket["id"] in [t["id"] for t in queue.json()["items"]]
    answer = await client.post(
        f"/api/v1/admin/support/tickets/{ticket['id']}/messages",
        json={"text": "Школа получила напоминание; решение будет до 4 декабря."},
        headers=operator.headers,
    )
    assert answer.status_code == 200, answer.text
    assert answer.json()["status"] == "answered"
    note = await session.scalar(
        select(Notification).where(
            Notification.account_id == family.parent.id, Notification.kind == "support"
        )
    )
    assert note is not None
    assert note.title == f"Ответ поддержки по обращению {ticket['number']}"
    assert note.link == f"/support/tickets/{ticket['id']}"

    closed = await client.post(
        f"/api/v1/admin/support/tickets/{ticket['id']}/close", headers=operator.headers
    )
    assert closed.json()["status"] == "closed"
    assert closed.json()["closed_at"] is not None
    twice = await client.post(
        f"/api/v1/admin/support/tickets/{ticket['id']}/close", headers=operator.headers
    )
    assert twice.status_code == 409

    reopened = await client.post(
        f"/api/v1/support/tickets/{ticket['id']}/messages",
        json={"text": "Статус так и не изменился"},
        headers=family.parent.headers,
    )
    assert reopened.status_code == 200
    body = reopened.json()
    assert body["status"] == "open"
    assert body["closed_at"] is None
    assert [(m["from_staff"], m["author_name"]) for m in body["messages"]] == [
        (True, "Поддержка: Ольга"),
        (False, "Вы"),
    ]
    mine = await client.get("/api/v1/support/tickets", headers=family.parent.headers)
    assert mine.json()["total"] == 1
    read = await client.get(
        f"/api/v1/admin/support/tickets/{ticket['id']}", headers=operator.headers
    )
    assert read.status_code == 200
    audited = await session.scalars(
        select(AuditEvent.action).where(AuditEvent.actor_id == operator.id)
    )
    assert set(audited) == {"support_ticket.answer", "support_ticket.view"}


async def test_ticket_details_are_checked_and_tickets_are_private(
    client: AsyncClient, session: AsyncSession, data_settings: Settings, family: Family
) -> None:
    stranger = await make_person(session, data_settings, level=AccountLevel.simplified)
    wrong_number = await client.post(
        "/api/v1/support/tickets",
        json={
            "subject": "Ошибка",
            "description": "Не работает",
            "application_number": "ЭД-2026-999999",
        },
        headers=family.parent.headers,
    )
    assert wrong_number.status_code == 422
    assert wrong_number.json()["errors"][0]["field"] == "application_number"

    created = await client.post(
        "/api/v1/support/tickets",
        json={"subject": "Не отображается список классов", "description": "Пусто"},
        headers=family.parent.headers,
    )
    assert created.status_code == 201
    ticket_id = created.json()["id"]
    assert (
        await client.get(f"/api/v1/support/tickets/{ticket_id}", headers=stranger.headers)
    ).status_code == 404
    assert (
        await client.post(
            f"/api/v1/support/tickets/{ticket_id}/messages",
            json={"text": "чужое"},
            headers=stranger.headers,
        )
    ).status_code == 404
    assert (
        await client.get("/api/v1/admin/support/tickets", headers=family.parent.headers)
    ).status_code == 403
    closed = await client.post(
        f"/api/v1/support/tickets/{ticket_id}/close", headers=family.parent.headers
    )
    assert closed.json()["status"] == "closed"
    assert not await session.scalar(
        select(Notification.id).where(
            Notification.account_id == family.parent.id, Notification.kind == "support"
        )
    )


async def test_support_downloads_the_tickets_screenshot_and_the_read_is_audited(
    client: AsyncClient,
    session: AsyncSession,
    data_settings: Settings,
    family: Family,
) -> None:
    screenshot = await add_document(session, data_settings, family.parent, content=b"%PDF-1.4 s")
    operator = await make_operator(session, data_settings)
    with_shot = await client.post(
        "/api/v1/support/tickets",
        json={
            "subject": "Не открывается дневник",
            "description": "Пустая страница после входа.",
            "screenshot_document_id": str(screenshot.id),
        },
        headers=family.parent.headers,
    )
    without = await client.post(
        "/api/v1/support/tickets",
        json={"subject": "Вопрос", "description": "Как сменить телефон?"},
        headers=family.parent.headers,
    )
    path = "/api/v1/admin/support/tickets/{}/screenshot"

    shot = await client.get(path.format(with_shot.json()["id"]), headers=operator.headers)
    none = await client.get(path.format(without.json()["id"]), headers=operator.headers)
    parent = await client.get(path.format(with_shot.json()["id"]), headers=family.parent.headers)

    assert shot.status_code == 200, shot.text
    assert shot.content == b"%PDF-1.4 s"
    assert shot.headers["content-type"] == "application/pdf"
    assert none.status_code == 404
    assert none.json()["code"] == "screenshot_not_found"
    assert parent.status_code == 403
    read = await session.scalar(
        select(AuditEvent).where(
            AuditEvent.action == "document.read", AuditEvent.object_id == screenshot.id
        )
    )
    assert read is not None
