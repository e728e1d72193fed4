"""Homework already set: corrected, withdrawn and listed per lesson, each by whom it may be."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from typing import Any

from httpx import AsyncClient
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.delivery.models import OutboundMessage
from api.diary.homework import service
from api.diary.homework.models import Homework, HomeworkComment, HomeworkCompletion
from api.notifications.models import Notification
from tests.diary.homework.test_homework import assign
from tests.diary.world import MONDAY, WEEK, World, lesson_on
from tests.factories import Person

CHANGED = "Домашнее задание изменено: Алгебра"


async def stored(session: AsyncSession, homework_id: object) -> Homework | None:
    """The row as the database has it now (not the session's cached copy)."""
    return await session.scalar(
        select(Homework)
        .where(Homework.id == uuid.UUID(str(homework_id)))
        .execution_options(populate_existing=True)
    )


async def change_notices(session: AsyncSession) -> list[tuple[uuid.UUID, str, str]]:
    rows = await session.execute(
        select(Notification.account_id, Notification.body, Notification.kind)
        .where(Notification.title == CHANGED)
        .order_by(Notification.account_id)
    )
    return [(a, b, k) for a, b, k in rows]


async def patch(
    client: AsyncClient, person: Person, homework_id: object, body: dict[str, object]
) -> tuple[int, dict[str, Any]]:
    response = await client.patch(
        f"/api/v1/homework/{homework_id}", json=body, headers=person.headers
    )
    payload: dict[str, Any] = response.json()
    return response.status_code, payload


async def test_teacher_corrects_text_and_due_date(
    client: AsyncClient, session: AsyncSession, world: World
) -> None:
    homework = await assign(client, world)

    status, body = await patch(
        client, world.teacher, homework["id"], {"text": "§ 12, № 214–217", "due_date": "2026-11-26"}
    )

    assert status == 200, body
    assert (body["text"], body["due_date"]) == ("§ 12, № 214–217", "2026-11-26")
    assert body["attachments"] == homework["attachments"]  # not sent, kept
    row = await stored(session, homework["id"])
    assert row is not None
    assert (row.text, row.due_date) == ("§ 12, № 214–217", date(2026, 11, 26))
    assert row.attachments == [{"name": "Учебник", "url": "https://example.org/b.pdf"}]


async def test_correction_notifies_the_class_families(
    client: AsyncClient, session: AsyncSession, world: World
) -> None:
    homework = await assign(client, world)
    await client.put(
        "/api/v1/notifications/settings",
        json={"sms": ["homework"], "email": []},
        headers=world.parent.headers,
    )

    status, _ = await patch(
        client, world.teacher, homework["id"], {"text": "§ 13", "due_date": "2026-11-27"}
    )

    assert status == 200
    body = "Новый срок — к 27.11 (было к 25.11): § 13"
    # The guardian of 9-Б's pupil and 9-Б's student with an account; not 9-А's family.
    assert await change_notices(session) == sorted(
        [(world.parent.id, body, "homework"), (world.student.id, body, "homework")]
    )
    # The parent asked for homework by SMS; the student kept the defaults (in-app only).
    sms = await session.scalars(
        select(OutboundMessage.body).where(OutboundMessage.body.startswith(CHANGED))
    )
    assert list(sms) == [f"{CHANGED}. {body}"]


async def test_unchanged_text_or_new_attachments_alone_notify_nobody(
    client: AsyncClient, session: AsyncSession, world: World
) -> None:
    homework = await assign(client, world)

    same, _ = await patch(client, world.teacher, homework["id"], {"text": "§ 12"})
    files, body = await patch(client, world.teacher, homework["id"], {"attachments": []})

    assert (same, files) == (200, 200)
    assert body["attachments"] == []
    assert await change_notices(session) == []


async def test_correction_is_validated_as_setting_is(
    client: AsyncClient, session: AsyncSession, world: World
) -> None:
    homework = await assign(client, world)

    early, early_body = await patch(
        client, world.teacher, homework["id"], {"due_date": "2026-11-20"}
    )
    empty, empty_body = await patch(client, world.teacher, homework["id"], {"text": None})
    link, link_body = await patch(
        client, world.teacher, homework["id"], {"attachments": [{"name": "a", "url": "ftp://x"}]}
    )

    assert (early, empty, link) == (422, 422, 422)
    assert early_body["code"] == "due_date_before_lesson"
    assert [e["field"] for e in early_body["errors"]] == ["due_date"]
    assert [e["field"] for e in empty_body["errors"]] == ["text"]
    assert [e["field"] for e in link_body["errors"]] == ["attachments.0.url"]
    row = await stored(session, homework["id"])
    assert row is not None
    assert (row.text, row.due_date) == ("§ 12", date(2026, 11, 25))


async def test_another_teacher_or_school_does_not_see_the_homework(
    client: AsyncClient, world: World
) -> None:
    homework = await assign(client, world)

    # Teaches PE in 9-Б, algebra in 9-А; runs 9-Б; administers another school.
    outsiders = [world.other_teacher, world.class_teacher, world.foreign_admin]
    for person in outsiders:
        status, body = await patch(client, person, homework["id"], {"text": "чужое"})
        assert (status, body["code"]) == (404, "homework_not_found")
        deleted = await client.delete(f"/api/v1/homework/{homework['id']}", headers=person.headers)
        assert deleted.status_code == 404
    unknown, _ = await patch(client, world.teacher, uuid.uuid4(), {"text": "x"})
    assert unknown == 404


async def test_school_admin_and_substitute_may_correct(
    client: AsyncClient, session: AsyncSession, world: World
) -> None:
    homework = await assign(client, world)
    lesson = await lesson_on(client, world.teacher, MONDAY)
    substituted = await client.patch(
        f"/api/v1/lessons/{lesson['id']}",
        json={"substitute_teacher_id": str(world.class_teacher.id)},
        headers=world.admin.headers,
    )
    assert substituted.status_code == 200, substituted.text

    by_admin, _ = await patch(client, world.admin, homework["id"], {"text": "§ 14"})
    by_substitute, body = await patch(client, world.class_teacher, homework["id"], {"text": "§ 15"})

    assert (by_admin, by_substitute) == (200, 200)
    assert body["teacher"] == homework["teacher"]  # still the teacher who set it
    row = await stored(session, homework["id"])
    assert row is not None
    assert row.text == "§ 15"


async def test_families_cannot_change_homework(client: AsyncClient, world: World) -> None:
    homework = await assign(client, world)
    lesson = await lesson_on(client, world.teacher, MONDAY)

    # As with setting homework: a family account is refused for its role.
    create = await client.post(
        f"/api/v1/lessons/{lesson['id']}/homework",
        json={"text": "§ 1", "due_date": "2026-11-25"},
        headers=world.parent.headers,
    )
    edit, body = await patch(client, world.parent, homework["id"], {"text": "Не задано"})
    remove = await client.delete(
        f"/api/v1/homework/{homework['id']}", headers=world.student.headers
    )

    assert (create.status_code, edit, remove.status_code) == (403, 403, 403)
    assert body["code"] == create.json()["code"] == "role_required"


async def test_delete_takes_done_marks_and_comments_and_leaves_the_diary(
    client: AsyncClient, session: AsyncSession, world: World
) -> None:
    homework = await assign(client, world)
    hid = homework["id"]
    done = await client.put(
        f"/api/v1/students/{world.own.id}/homework/{hid}/done",
        json={"done": True},
        headers=world.student.headers,
    )
    comment = await client.post(
        f"/api/v1/students/{world.pupil.id}/homework/{hid}/comments",
        json={"body": "Какой номер?"},
        headers=world.parent.headers,
    )
    assert (done.status_code, comment.status_code) == (200, 201)

    deleted = await client.delete(f"/api/v1/homework/{hid}", headers=world.teacher.headers)
    again = await client.delete(f"/api/v1/homework/{hid}", headers=world.teacher.headers)

    assert (deleted.status_code, deleted.content) == (204, b"")
    assert again.status_code == 404
    assert await stored(session, hid) is None
    key = uuid.UUID(str(hid))
    for table in (HomeworkCompletion, HomeworkComment):
        count = await session.scalar(
            select(func.count()).select_from(table).where(table.homework_id == key)
        )
        assert count == 0, table
    diary = await client.get(
        f"/api/v1/students/{world.pupil.id}/diary",
        params={"week": WEEK},
        headers=world.parent.headers,
    )
    assert diary.status_code == 200
    assert diary.json()["days"][0]["lessons"][0]["homework"] == []
    listed = await client.get(
        f"/api/v1/students/{world.own.id}/homework", headers=world.student.headers
    )
    assert listed.json()["total"] == 0


async def test_lesson_homework_is_read_by_whoever_reads_the_lesson(
    client: AsyncClient, world: World
) -> None:
    first = await assign(client, world)
    second = await assign(client, world, due="2026-11-27")
    lesson = await lesson_on(client, world.teacher, MONDAY)
    url = f"/api/v1/lessons/{lesson['id']}/homework"
    both = sorted([str(first["id"]), str(second["id"])])

    readers = [world.teacher, world.parent, world.student, world.class_teacher, world.admin]
    for person in readers:
        response = await client.get(url, headers=person.headers)
        assert response.status_code == 200, (person.account.last_name, response.text)
        page = response.json()
        # Both set in the test's one transaction: the same created_at, so no order to assert.
        assert sorted(h["id"] for h in page["items"]) == both
        assert (page["total"], page["limit"], page["offset"]) == (2, 50, 0)
        assert first in page["items"]  # the shape setting it answered with
    # 9-А's parent, another class's teacher, another school: no such lesson for them.
    for person in [world.other_parent, world.other_teacher, world.foreign_admin]:
        response = await client.get(url, headers=person.headers)
        assert (response.status_code, response.json()["code"]) == (404, "lesson_not_found")
    pages = [
        (
            await client.get(url, params={"limit": 1, "offset": n}, headers=world.parent.headers)
        ).json()["items"][0]["id"]
        for n in (0, 1)
    ]
    assert sorted(pages) == both


async def test_a_new_due_date_is_reminded_of_again(
    client: AsyncClient, session: AsyncSession, world: World
) -> None:
    homework = await assign(client, world)
    sent = await service.send_reminders(session, datetime(2026, 11, 24, 13, 0, tzinfo=UTC))
    await session.commit()
    assert sent == 2  # the parent and the student, the day before the 25th

    status, _ = await patch(client, world.teacher, homework["id"], {"due_date": "2026-11-27"})

    assert status == 200
    row = await stored(session, homework["id"])
    assert row is not None
    assert row.reminded_at is None
    again = await service.send_reminders(session, datetime(2026, 11, 26, 13, 0, tzinfo=UTC))
    assert again == 2
