"""The whole who-may-write-to-whom table (COMMUNICATION §1): every pair of the world's
people, allowed or refused; a refusal names the recipient and stores nothing."""

from __future__ import annotations

import pytest
from httpx import AsyncClient
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.messaging.models import Conversation, ConversationMessage
from api.notifications.models import Notification
from tests.messaging.conftest import School

PEOPLE = [
    "parent",  # guardian of «Иванов Пётр», 9-Б
    "other_parent",  # guardian of «Петров Илья», 9-А
    "classmate_parent",  # guardian of «Алексеева Вера», 9-Б
    "student",  # «Смирнов Егор», 9-Б, own account
    "classmate_student",  # «Алексеева Вера», 9-Б, own account
    "teacher",  # algebra in 9-Б
    "other_teacher",  # algebra in 9-А, PE in 9-Б
    "class_teacher",  # class teacher of 9-Б
    "admin",  # school admin
    "foreign_admin",  # admin of another school
]

# Who may start a conversation with whom; every other pair is refused.
ALLOWED: dict[str, set[str]] = {
    "parent": {"teacher", "other_teacher", "class_teacher", "admin"},
    "other_parent": {"other_teacher", "admin"},
    "classmate_parent": {"teacher", "other_teacher", "class_teacher", "admin"},
    "student": {"teacher", "other_teacher", "class_teacher", "admin"},
    "classmate_student": {"teacher", "other_teacher", "class_teacher", "admin"},
    # Staff: families of their classes, colleagues of the same school.
    "teacher": {
        "parent",
        "classmate_parent",
        "student",
        "classmate_student",
        "other_teacher",
        "class_teacher",
        "admin",
    },
    "other_teacher": {
        "parent",
        "other_parent",
        "classmate_parent",
        "student",
        "classmate_student",
        "teacher",
        "class_teacher",
        "admin",
    },
    "class_teacher": {
        "parent",
        "classmate_parent",
        "student",
        "classmate_student",
        "teacher",
        "other_teacher",
        "admin",
    },
    "admin": {
        "parent",
        "other_parent",
        "classmate_parent",
        "student",
        "classmate_student",
        "teacher",
        "other_teacher",
        "class_teacher",
    },
    "foreign_admin": set(),
}
PAIRS = [
    (sender, recipient, recipient in ALLOWED[sender])
    for sender in PEOPLE
    for recipient in PEOPLE
    if sender != recipient
]


async def _stored(session: AsyncSession) -> tuple[int, int, int]:
    return (
        int(await session.scalar(select(func.count()).select_from(Conversation)) or 0),
        int(await session.scalar(select(func.count()).select_from(ConversationMessage)) or 0),
        int(await session.scalar(select(func.count()).select_from(Notification)) or 0),
    )


@pytest.mark.parametrize(("sender", "recipient", "allowed"), PAIRS)
async def test_who_may_write_to_whom(
    client: AsyncClient,
    session: AsyncSession,
    school: School,
    sender: str,
    recipient: str,
    allowed: bool,
) -> None:
    people = school.people()
    writer, reader = people[sender], people[recipient]
    before = await _stored(session)

    answer = await client.post(
        "/api/v1/conversations",
        json={"recipient_ids": [str(reader.id)], "text": "Здравствуйте! Вопрос по учёбе."},
        headers=writer.headers,
    )
    contacts = await client.get("/api/v1/me/contacts", headers=writer.headers)
    listed = {c["account_id"] for c in contacts.json()["items"]}

    if allowed:
        assert answer.status_code == 201, answer.text
        body = answer.json()
        assert {p["account_id"] for p in body["participants"]} == {str(writer.id), str(reader.id)}
        assert body["last_message"]["text"] == "Здравствуйте! Вопрос по учёбе."
        assert await _stored(session) == (before[0] + 1, before[1] + 1, before[2] + 1)
        assert str(reader.id) in listed
    else:
        assert answer.status_code == 403, answer.text
        problem = answer.json()
        assert problem["code"] == "messaging_not_allowed"
        assert str(reader.id) in problem["detail"]
        assert problem["errors"][0]["field"] == "recipient_ids.0"
        assert await _stored(session) == before
        assert str(reader.id) not in listed


async def test_one_refused_recipient_among_allowed_stores_nothing(
    client: AsyncClient, session: AsyncSession, school: School
) -> None:
    w = school.world
    before = await _stored(session)
    answer = await client.post(
        "/api/v1/conversations",
        json={
            "recipient_ids": [str(w.teacher.id), str(w.other_parent.id)],
            "text": "Родительский чат",
        },
        headers=w.parent.headers,
    )
    assert answer.status_code == 403
    assert answer.json()["errors"][0]["field"] == "recipient_ids.1"
    assert str(w.other_parent.id) in answer.json()["detail"]
    assert await _stored(session) == before


async def test_parent_contacts_are_per_child(client: AsyncClient, school: School) -> None:
    w = school.world
    answer = await client.get(
        f"/api/v1/me/contacts?student_id={w.pupil.id}", headers=w.parent.headers
    )
    assert answer.status_code == 200
    items = {c["account_id"]: c for c in answer.json()["items"]}
    assert set(items) == {str(p.id) for p in (w.teacher, w.other_teacher, w.class_teacher, w.admin)}
    assert items[str(w.teacher.id)]["subjects"] == ["Алгебра"]
    assert items[str(w.other_teacher.id)]["subjects"] == ["Физическая культура"]
    assert "class_teacher" in items[str(w.class_teacher.id)]["roles"]
    assert all(c["student_id"] == str(w.pupil.id) for c in items.values())
    assert answer.json()["items"][0]["account_id"] == str(w.admin.id)  # administration first

    other_family = await client.get(
        f"/api/v1/me/contacts?student_id={w.stranger.id}", headers=w.parent.headers
    )
    assert other_family.status_code == 404
    assert other_family.json()["code"] == "student_not_found"


async def test_a_conversation_about_another_familys_child_is_404(
    client: AsyncClient, session: AsyncSession, school: School
) -> None:
    w = school.world
    before = await _stored(session)
    answer = await client.post(
        "/api/v1/conversations",
        json={
            "recipient_ids": [str(w.other_teacher.id)],
            "text": "?",
            "student_id": str(w.stranger.id),
        },
        headers=w.parent.headers,
    )
    assert answer.status_code == 404
    assert await _stored(session) == before
