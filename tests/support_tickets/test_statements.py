"""A user's tickets, one ticket and support's queue come from single statements
(``api/support/statements.py``): each answer equals, field by field, what the ORM code
(``service.list_items`` / ``service.detail``) builds for the same caller, in Russian and in
English — in a world of an open ticket with an application number and a screenshot, an
answered one, a closed one reopened by the user, and another person's; another person's
ticket is 404, the queue is support's only (403)."""

from __future__ import annotations

import uuid
from typing import Any

from httpx import AsyncClient
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from api.config import Settings
from api.i18n import current_lang
from api.identity.deps import Principal
from api.identity.models import AccountLevel, Role
from api.support import service
from api.support.models import SupportTicket, SupportTicketStatus
from api.support.schemas import TicketPage
from tests.applications.world import Family, add_document, submitted
from tests.factories import Person, make_operator, make_person


def _principal(person: Person) -> Principal:
    account = person.account
    roles = frozenset(Role(r) for r in account.roles)
    return Principal(account.id, roles, str(account.level), account.school_id, None)


async def _post(client: AsyncClient, person: Person, path: str, body: Any = None) -> Any:
    answer = await client.post(path, json=body, headers=person.headers)
    assert answer.status_code in (200, 201), answer.text
    return answer.json()


async def _world(
    client: AsyncClient, session: AsyncSession, settings: Settings, family: Family
) -> tuple[Person, Person, list[str]]:
    application = await submitted(client, family)
    screenshot = await add_document(session, settings, family.parent)
    operator = await make_operator(session, settings)
    stranger = await make_person(session, settings, level=AccountLevel.confirmed)
    await session.commit()
    parent = family.parent
    base = "/api/v1/support/tickets"
    first = await _post(
        client,
        parent,
        base,
        {
            "subject": "Статус не меняется",
            "description": "Заявление отправлено неделю назад.",
            "application_number": application["number"],
            "screenshot_document_id": str(screenshot.id),
        },
    )
    answered = await _post(
        client, parent, base, {"subject": "Нет оценок", "description": "Пустой дневник"}
    )
    await _post(client, parent, f"{base}/{answered['id']}/messages", {"text": "Уточняю: 9-Б"})
    await _post(
        client,
        operator,
        f"/api/v1/admin/support/tickets/{answered['id']}/messages",
        {"text": "Проверяем"},
    )
    reopened = await _post(
        client, parent, base, {"subject": "Вход по СНИЛС", "description": "Не входит"}
    )
    await _post(client, operator, f"/api/v1/admin/support/tickets/{reopened['id']}/close")
    await _post(client, parent, f"{base}/{reopened['id']}/messages", {"text": "Снова не входит"})
    others = await _post(
        client, stranger, base, {"subject": "Чужое обращение", "description": "Текст"}
    )
    return operator, stranger, [t["id"] for t in (first, answered, reopened, others)]


async def test_tickets_equal_the_orm_rendering_in_both_languages(
    client: AsyncClient,
    session: AsyncSession,
    sessionmaker: async_sessionmaker[AsyncSession],
    data_settings: Settings,
    family: Family,
) -> None:
    operator, stranger, ids = await _world(client, session, data_settings, family)
    compared = 0
    for lang in ("ru", "en"):
        token = current_lang.set(lang)  # the ORM rendering's labels
        try:
            for person in (family.parent, stranger, operator):
                headers = {**person.headers, "Accept-Language": lang}
                principal = _principal(person)
                for limit, offset in ((20, 0), (1, 1), (20, 9)):
                    answer = await client.get(
                        "/api/v1/support/tickets",
                        params={"limit": limit, "offset": offset},
                        headers=headers,
                    )
                    async with sessionmaker() as fresh:  # what GET /support/tickets answered
                        rows, total = await service.page(
                            fresh,
                            service.readable_tickets(principal),
                            limit=limit,
                            offset=offset,
                            newest_first=True,
                        )
                        items = await service.list_items(fresh, rows)
                    expected = TicketPage(items=items, total=total, limit=limit, offset=offset)
                    assert answer.status_code == 200, answer.text
                    assert answer.json() == expected.model_dump(mode="json"), (lang, limit)
                    compared += len(items)
                for ticket_id in [*ids, str(uuid.uuid4())]:
                    answer = await client.get(
                        f"/api/v1/support/tickets/{ticket_id}", headers=headers
                    )
                    async with sessionmaker() as fresh:
                        found = await fresh.scalar(
                            service.readable_tickets(principal).where(
                                SupportTicket.id == uuid.UUID(ticket_id)
                            )
                        )
                        if found is None:
                            assert answer.status_code == 404, answer.text
                            assert answer.json()["code"] == "support_ticket_not_found"
                            continue
                        detail = await service.detail(fresh, found, principal)
                    assert answer.status_code == 200, answer.text
                    assert answer.json() == detail.model_dump(mode="json"), (lang, ticket_id)
                    compared += 1
            statuses = [None, *SupportTicketStatus]
            for status in statuses:
                for limit, offset in ((50, 0), (2, 1)):
                    params: dict[str, Any] = {"limit": limit, "offset": offset}
                    if status is not None:
                        params["status"] = status.value
                    headers = {**operator.headers, "Accept-Language": lang}
                    answer = await client.get(
                        "/api/v1/admin/support/tickets", params=params, headers=headers
                    )
                    async with sessionmaker() as fresh:  # what the support queue answered
                        query = service.all_tickets()
                        if status is not None:
                            query = query.where(SupportTicket.status == status)
                        rows, total = await service.page(
                            fresh, query, limit=limit, offset=offset, newest_first=False
                        )
                        items = await service.list_items(fresh, rows)
                    expected = TicketPage(items=items, total=total, limit=limit, offset=offset)
                    assert answer.status_code == 200, answer.text
                    assert answer.json() == expected.model_dump(mode="json"), (lang, status)
                    compared += len(items)
        finally:
            current_lang.reset(token)
    assert compared > 40

    # The world is what the comparison needs: each status, both author names, a number.
    mine = await client.get(f"/api/v1/support/tickets/{ids[1]}", headers=family.parent.headers)
    assert mine.json()["status_label"] == "Получен ответ"
    assert [m["author_name"] for m in mine.json()["messages"]] == ["Вы", "Поддержка: Ольга"]
    first = await client.get(f"/api/v1/support/tickets/{ids[0]}", headers=family.parent.headers)
    assert first.json()["application_number"] is not None
    english = await client.get(
        "/api/v1/support/tickets", headers={**family.parent.headers, "Accept-Language": "en"}
    )
    assert {t["status_label"] for t in english.json()["items"]} == {
        "Waiting for support",
        "Answered",
    }
    queue = await client.get("/api/v1/admin/support/tickets", headers=operator.headers)
    assert queue.json()["total"] == 4  # every ticket, unfiltered (once counted as 1)


async def test_the_queue_is_supports_only(
    client: AsyncClient, session: AsyncSession, data_settings: Settings, family: Family
) -> None:
    await _world(client, session, data_settings, family)
    answer = await client.get("/api/v1/admin/support/tickets", headers=family.parent.headers)
    assert answer.status_code == 403
    assert answer.json()["code"] == "role_required"
