"""The conversation list and a conversation's messages come from single statements
(``api/messaging/statements.py``): each page equals, field by field, what the ORM code
(``service.render``, ``service.messages_page``) builds for the same caller — in a world
of several conversations, unread counts, receipts, attachments, a reported one and
conversations the caller is not in — and the statements refuse what the ORM path refused."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from httpx import AsyncClient
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from api.identity.deps import Principal
from api.messaging import access, service
from api.messaging.models import Conversation, ConversationMessage
from api.messaging.schemas import ConversationPage, MessagePage
from tests.factories import Person, revoke_sessions
from tests.messaging.conftest import School

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def _principal(person: Person) -> Principal:
    # The ORM reads below use the caller's account only.
    return Principal(person.id, frozenset(), "", None, None)


async def _orm_conversations(
    session: AsyncSession, person: Person, *, unread: bool, limit: int, offset: int
) -> dict[str, Any]:
    """What ``GET /conversations`` answered before the statement: the ORM route's code."""
    principal = _principal(person)
    query = access.readable_conversations(principal)
    if unread:
        query = query.where(service.unread_condition(principal.account_id))
    rows, total = await service.page(session, query, limit=limit, offset=offset)
    items = await service.render(session, principal, rows)
    page = ConversationPage(items=items, total=total, limit=limit, offset=offset)
    return page.model_dump(mode="json")


async def _orm_messages(
    session: AsyncSession, person: Person, conversation_id: uuid.UUID, *, limit: int, offset: int
) -> dict[str, Any] | None:
    principal = _principal(person)
    found = await session.scalar(
        access.readable_conversations(principal).where(Conversation.id == conversation_id)
    )
    if found is None:
        return None
    items, total = await service.messages_page(session, found, limit=limit, offset=offset)
    return MessagePage(items=items, total=total, limit=limit, offset=offset).model_dump(mode="json")


async def _post(client: AsyncClient, person: Person, path: str, body: dict[str, Any]) -> Any:
    answer = await client.post(path, json=body, headers=person.headers)
    assert answer.status_code in (201, 204), answer.text
    return answer.json() if answer.status_code == 201 else None


async def _world(client: AsyncClient, session: AsyncSession, school: School) -> list[str]:
    """Five conversations: parent ↔ teacher about Пётр (replies, receipts, a file, a
    whole-second timestamp), parent → teacher + class teacher (three people, unread for
    both staff), teacher → parent with no child named (two unread, reported), teacher ↔
    class teacher (the parent is not in it), and another family's."""
    w = school.world
    upload = await client.post(
        "/api/v1/attachments",
        files={"file": ("справка.pdf", PDF, "application/pdf")},
        headers=w.parent.headers,
    )
    assert upload.status_code == 201, upload.text
    about_petr = await _post(
        client,
        w.parent,
        "/api/v1/conversations",
        {
            "recipient_ids": [str(w.teacher.id)],
            "subject": "Контрольная",
            "text": "Здравствуйте!\nПётр болел.",
            "student_id": str(w.pupil.id),
            "attachment_ids": [upload.json()["id"]],
        },
    )
    first = about_petr["last_message"]["id"]
    await _post(
        client,
        w.teacher,
        f"/api/v1/conversations/{about_petr['id']}/read",
        {"up_to": first},
    )
    reply = await _post(
        client,
        w.teacher,
        f"/api/v1/conversations/{about_petr['id']}/messages",
        {"text": 'Поправляйтесь. <b>"Кавычки"</b> \\ и слэш'},
    )
    await _post(
        client, w.parent, f"/api/v1/conversations/{about_petr['id']}/messages", {"text": "Спасибо"}
    )
    # Pydantic writes a whole second without a fraction: the statement must too.
    await session.execute(
        update(ConversationMessage)
        .where(ConversationMessage.id == uuid.UUID(reply["id"]))
        .values(created_at=datetime(2026, 12, 1, 9, 30, tzinfo=UTC))
    )
    await session.commit()

    three = await _post(
        client,
        w.parent,
        "/api/v1/conversations",
        {"recipient_ids": [str(w.teacher.id), str(w.class_teacher.id)], "text": "Всем"},
    )
    reported = await _post(
        client,
        w.teacher,
        "/api/v1/conversations",
        {"recipient_ids": [str(w.parent.id)], "subject": "Поведение", "text": "Прошу зайти"},
    )
    await _post(
        client,
        w.teacher,
        f"/api/v1/conversations/{reported['id']}/messages",
        {"text": "Жду ответа"},
    )
    await _post(
        client,
        w.parent,
        f"/api/v1/conversations/{reported['id']}/report",
        {"reason": "Грубый тон"},
    )
    colleagues = await _post(
        client,
        w.teacher,
        "/api/v1/conversations",
        {"recipient_ids": [str(w.class_teacher.id)], "text": "Коллеге"},
    )
    contacts = await client.get("/api/v1/me/contacts", headers=w.other_parent.headers)
    other = contacts.json()["items"][0]["account_id"]
    others = await _post(
        client, w.other_parent, "/api/v1/conversations", {"recipient_ids": [other], "text": "Чужое"}
    )
    return [c["id"] for c in (about_petr, three, reported, colleagues, others)]


async def test_conversation_list_equals_the_orm_rendering(
    client: AsyncClient,
    session: AsyncSession,
    sessionmaker: async_sessionmaker[AsyncSession],
    school: School,
) -> None:
    ids = await _world(client, session, school)
    w = school.world
    cases = [(False, 50, 0), (True, 50, 0), (False, 2, 1), (False, 50, 10)]
    seen: set[str] = set()
    for person in (w.parent, w.teacher, w.class_teacher, w.other_parent, w.admin, w.student):
        for case in cases:
            unread, limit, offset = case
            params = {"unread": str(unread).lower(), "limit": str(limit), "offset": str(offset)}
            answer = await client.get(
                "/api/v1/conversations", params=params, headers=person.headers
            )
            assert answer.status_code == 200, answer.text
            assert answer.headers["content-type"] == "application/json"
            async with sessionmaker() as fresh:  # nothing cached from the writes above
                expected = await _orm_conversations(
                    fresh, person, unread=unread, limit=limit, offset=offset
                )
            assert answer.json() == expected, (person.account.last_name, case)
            seen |= {c["id"] for c in answer.json()["items"]}
    assert seen == set(ids)

    # The world is what the comparison needs: unread counts, a receipt, a file, a
    # whole-second time, a reported conversation, a third participant; nobody else's.
    parent = (await client.get("/api/v1/conversations", headers=w.parent.headers)).json()
    assert [c["id"] for c in parent["items"]] == [ids[2], ids[1], ids[0]]
    assert [c["unread_count"] for c in parent["items"]] == [2, 0, 0]
    assert [c["reported"] for c in parent["items"]] == [True, False, False]
    assert parent["items"][2]["student_name"] == "Иванов Пётр"
    assert len(parent["items"][1]["participants"]) == 3
    teacher = (await client.get("/api/v1/conversations", headers=w.teacher.headers)).json()
    assert {c["id"]: c["unread_count"] for c in teacher["items"]} == {
        ids[3]: 0,
        ids[2]: 0,
        ids[1]: 1,
        ids[0]: 1,
    }
    messages = await client.get(
        f"/api/v1/conversations/{ids[0]}/messages", headers=w.parent.headers
    )
    first, reply, _ = messages.json()["items"]
    assert first["attachments"][0]["file_name"] == "справка.pdf"
    assert first["read_by"] == [str(w.teacher.id)]
    assert reply["created_at"] == "2026-12-01T09:30:00Z"


async def test_messages_equal_the_orm_rendering_and_outsiders_get_404(
    client: AsyncClient,
    session: AsyncSession,
    sessionmaker: async_sessionmaker[AsyncSession],
    school: School,
) -> None:
    ids = await _world(client, session, school)
    w = school.world
    for person in (w.parent, w.teacher, w.class_teacher, w.other_parent, w.admin):
        for conversation_id in ids:
            for limit, offset in ((50, 0), (1, 1), (50, 5)):
                answer = await client.get(
                    f"/api/v1/conversations/{conversation_id}/messages",
                    params={"limit": limit, "offset": offset},
                    headers=person.headers,
                )
                async with sessionmaker() as fresh:
                    expected = await _orm_messages(
                        fresh, person, uuid.UUID(conversation_id), limit=limit, offset=offset
                    )
                if expected is None:
                    assert answer.status_code == 404, answer.text
                    assert answer.json()["code"] == "conversation_not_found"
                else:
                    assert answer.status_code == 200, answer.text
                    assert answer.json() == expected
    missing = await client.get(
        f"/api/v1/conversations/{uuid.uuid4()}/messages", headers=w.parent.headers
    )
    assert missing.status_code == 404


async def test_one_conversation_equals_the_orm_rendering_and_outsiders_get_404(
    client: AsyncClient,
    session: AsyncSession,
    sessionmaker: async_sessionmaker[AsyncSession],
    school: School,
) -> None:
    ids = await _world(client, session, school)
    w = school.world
    compared = 0
    for person in (w.parent, w.teacher, w.class_teacher, w.other_parent, w.admin, w.student):
        for conversation_id in [*ids, str(uuid.uuid4())]:
            answer = await client.get(
                f"/api/v1/conversations/{conversation_id}", headers=person.headers
            )
            async with sessionmaker() as fresh:  # what GET /conversations/{id} answered
                principal = _principal(person)
                found = await fresh.scalar(
                    access.readable_conversations(principal).where(
                        Conversation.id == uuid.UUID(conversation_id)
                    )
                )
                expected = (
                    None
                    if found is None
                    else (await service.render(fresh, principal, [found]))[0].model_dump(
                        mode="json"
                    )
                )
            if expected is None:
                assert answer.status_code == 404, answer.text
                assert answer.json()["code"] == "conversation_not_found"
            else:
                assert answer.status_code == 200, answer.text
                assert answer.json() == expected
                compared += 1
    assert compared == 11  # every participant of the five conversations (one has three)


async def test_a_revoked_session_is_401_on_both_reads(
    client: AsyncClient, session: AsyncSession, school: School
) -> None:
    ids = await _world(client, session, school)
    w = school.world
    paths = [
        "/api/v1/conversations",
        f"/api/v1/conversations/{ids[0]}",
        f"/api/v1/conversations/{ids[0]}/messages",
    ]
    for path in paths:
        assert (await client.get(path, headers=w.parent.headers)).status_code == 200
    await revoke_sessions(session, w.parent.id)
    await session.commit()
    for path in paths:
        answer = await client.get(path, headers=w.parent.headers)
        assert answer.status_code == 401, path
        assert answer.json()["code"] == "token_invalid"
    assert (await client.get(paths[0])).status_code == 401
