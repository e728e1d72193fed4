"""A parent writes to the algebra teacher about her son; the teacher answers; unread
counters, read receipts, another family's conversation, the report to the admin."""

from __future__ import annotations

from typing import Any

from httpx import AsyncClient
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from api.audit.models import AuditEvent
from api.messaging.models import ConversationMessage
from api.notifications.models import Notification
from tests.factories import Person
from tests.messaging.conftest import School

SCRIPT = '<script>alert("x")</script> & <b>жирный</b>'


async def _start(client: AsyncClient, school: School, text: str = "Здравствуйте!") -> Any:
    w = school.world
    answer = await client.post(
        "/api/v1/conversations",
        json={
            "recipient_ids": [str(w.teacher.id)],
            "subject": "Контрольная по алгебре",
            "text": text,
            "student_id": str(w.pupil.id),
        },
        headers=w.parent.headers,
    )
    assert answer.status_code == 201, answer.text
    return answer.json()


async def _unread(client: AsyncClient, person: Person) -> int:
    page = (await client.get("/api/v1/conversations", headers=person.headers)).json()
    return sum(c["unread_count"] for c in page["items"])


async def test_parent_and_teacher_write_read_and_see_receipts(
    client: AsyncClient, session: AsyncSession, school: School
) -> None:
    w = school.world
    conversation = await _start(client, school)
    assert conversation["student_id"] == str(w.pupil.id)
    assert conversation["student_name"] == "Иванов Пётр"
    assert conversation["subject"] == "Контрольная по алгебре"
    assert conversation["unread_count"] == 0  # the author has read their own message
    first = conversation["last_message"]
    assert first["read_by"] == []

    note = await session.scalar(select(Notification).where(Notification.account_id == w.teacher.id))
    assert note is not None
    assert note.kind == "message"
    assert note.link == f"/messages/{conversation['id']}"
    assert note.title == "Новое сообщение: Иванова Мария Петровна — Контрольная по алгебре"

    assert await _unread(client, w.teacher) == 1
    unread_only = await client.get("/api/v1/conversations?unread=true", headers=w.teacher.headers)
    assert [c["id"] for c in unread_only.json()["items"]] == [conversation["id"]]
    summary = await client.get("/api/v1/me/unread", headers=w.teacher.headers)
    assert summary.json() == {"conversations": 1, "announcements": 0}

    read = await client.post(
        f"/api/v1/conversations/{conversation['id']}/read",
        json={"up_to": first["id"]},
        headers=w.teacher.headers,
    )
    assert read.status_code == 204
    assert await _unread(client, w.teacher) == 0
    messages = await client.get(
        f"/api/v1/conversations/{conversation['id']}/messages", headers=w.parent.headers
    )
    assert messages.json()["items"][0]["read_by"] == [str(w.teacher.id)]

    reply = await client.post(
        f"/api/v1/conversations/{conversation['id']}/messages",
        json={"text": "Добрый день! Контрольная в четверг."},
        headers=w.teacher.headers,
    )
    assert reply.status_code == 201, reply.text
    assert reply.json()["read_by"] == []
    assert await _unread(client, w.parent) == 1
    page = await client.get(
        f"/api/v1/conversations/{conversation['id']}/messages", headers=w.parent.headers
    )
    assert [m["text"] for m in page.json()["items"]] == [
        "Здравствуйте!",
        "Добрый день! Контрольная в четверг.",
    ]
    assert page.json()["total"] == 2

    # Reading never moves back: marking the first message read keeps the second unread.
    await client.post(
        f"/api/v1/conversations/{conversation['id']}/read",
        json={"up_to": reply.json()["id"]},
        headers=w.parent.headers,
    )
    await client.post(
        f"/api/v1/conversations/{conversation['id']}/read",
        json={"up_to": first["id"]},
        headers=w.parent.headers,
    )
    assert await _unread(client, w.parent) == 0
    listed = await client.get("/api/v1/conversations", headers=w.teacher.headers)
    assert listed.json()["items"][0]["last_message"]["read_by"] == [str(w.parent.id)]


async def test_text_is_stored_and_returned_as_written(
    client: AsyncClient, session: AsyncSession, school: School
) -> None:
    conversation = await _start(client, school, SCRIPT)
    assert conversation["last_message"]["text"] == SCRIPT
    stored = await session.scalar(select(ConversationMessage.text))
    assert stored == SCRIPT


async def test_control_characters_and_empty_text_are_refused(
    client: AsyncClient, school: School
) -> None:
    w = school.world
    for text in ("", "   ", "плохо\u0000"):
        answer = await client.post(
            "/api/v1/conversations",
            json={"recipient_ids": [str(w.teacher.id)], "text": text},
            headers=w.parent.headers,
        )
        assert answer.status_code == 422, text


async def test_another_familys_conversation_is_404(client: AsyncClient, school: School) -> None:
    conversation = await _start(client, school)
    w = school.world
    for person in (w.other_parent, w.other_teacher, w.foreign_admin, w.admin):
        for path in ("", "/messages"):
            answer = await client.get(
                f"/api/v1/conversations/{conversation['id']}{path}", headers=person.headers
            )
            assert answer.status_code == 404, (person.account.last_name, path)
        reply = await client.post(
            f"/api/v1/conversations/{conversation['id']}/messages",
            json={"text": "вмешаюсь"},
            headers=person.headers,
        )
        assert reply.status_code == 404
    read = await client.post(
        f"/api/v1/conversations/{conversation['id']}/read",
        json={"up_to": conversation["last_message"]["id"]},
        headers=w.other_parent.headers,
    )
    assert read.status_code == 404


async def test_a_reported_conversation_is_read_by_the_school_admin_and_audited(
    client: AsyncClient, session: AsyncSession, school: School
) -> None:
    w = school.world
    conversation = await _start(client, school, "Грубое сообщение")
    path = f"/api/v1/moderation/conversations/{conversation['id']}/messages"
    assert (await client.get(path, headers=w.admin.headers)).status_code == 404  # not reported

    report = await client.post(
        f"/api/v1/conversations/{conversation['id']}/report",
        json={"reason": "Грубость в переписке"},
        headers=w.teacher.headers,
    )
    assert report.status_code == 204
    queue = await client.get("/api/v1/moderation/conversations", headers=w.admin.headers)
    assert [c["id"] for c in queue.json()["items"]] == [conversation["id"]]
    assert queue.json()["items"][0]["reported"] is True

    read = await client.get(path, headers=w.admin.headers)
    assert read.status_code == 200
    assert [m["text"] for m in read.json()["items"]] == ["Грубое сообщение"]
    event = await session.scalar(
        select(AuditEvent).where(AuditEvent.action == "conversation.moderation_read")
    )
    assert event is not None
    assert event.actor_id == w.admin.id
    assert str(event.object_id) == conversation["id"]

    assert (await client.get(path, headers=w.foreign_admin.headers)).status_code == 404
    assert (await client.get(path, headers=w.teacher.headers)).status_code == 403


async def test_the_list_counts_every_conversation_and_every_unread_one(
    client: AsyncClient, school: School
) -> None:
    """``total`` and the menu's unread count are of the caller's conversations (not 1
    for anybody with any), past the last page too."""
    w = school.world
    started = []
    for i in range(3):
        answer = await client.post(
            "/api/v1/conversations",
            json={"recipient_ids": [str(w.parent.id)], "text": f"Сообщение {i}"},
            headers=w.teacher.headers,
        )
        assert answer.status_code == 201, answer.text
        started.append(answer.json())
    # A conversation the parent is not in: counted for nobody but its own people.
    colleague = await client.post(
        "/api/v1/conversations",
        json={"recipient_ids": [str(w.class_teacher.id)], "text": "Коллеге"},
        headers=w.teacher.headers,
    )
    assert colleague.status_code == 201, colleague.text

    page = (await client.get("/api/v1/conversations?limit=2", headers=w.parent.headers)).json()
    assert (page["total"], len(page["items"])) == (3, 2)
    past = await client.get("/api/v1/conversations?offset=10", headers=w.parent.headers)
    assert (past.json()["total"], past.json()["items"]) == (3, [])
    teacher = await client.get("/api/v1/conversations", headers=w.teacher.headers)
    assert teacher.json()["total"] == 4
    summary = await client.get("/api/v1/me/unread", headers=w.parent.headers)
    assert summary.json()["conversations"] == 3
    unread = await client.get("/api/v1/conversations?unread=true", headers=w.parent.headers)
    assert unread.json()["total"] == 3

    # The oldest one read: newer messages elsewhere do not make it unread again.
    first = started[0]
    read = await client.post(
        f"/api/v1/conversations/{first['id']}/read",
        json={"up_to": first["last_message"]["id"]},
        headers=w.parent.headers,
    )
    assert read.status_code == 204
    summary = await client.get("/api/v1/me/unread", headers=w.parent.headers)
    assert summary.json()["conversations"] == 2
    unread = await client.get("/api/v1/conversations?unread=true", headers=w.parent.headers)
    assert sorted(c["id"] for c in unread.json()["items"]) == sorted(c["id"] for c in started[1:])
    assert unread.json()["total"] == 2
