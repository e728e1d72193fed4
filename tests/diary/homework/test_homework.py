"""Homework: set, done mark, family–teacher comments, reminders the day before."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from httpx import AsyncClient
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from api.diary.homework import service
from api.diary.homework.models import HomeworkCompletion
from api.notifications.models import Notification
from tests.diary.world import MONDAY, World, lesson_on


async def assign(client: AsyncClient, world: World, due: str = "2026-11-25") -> dict[str, object]:
    lesson = await lesson_on(client, world.teacher, MONDAY)
    response = await client.post(
        f"/api/v1/lessons/{lesson['id']}/homework",
        json={
            "text": "§ 12",
            "due_date": due,
            "attachments": [{"name": "Учебник", "url": "https://example.org/b.pdf"}],
        },
        headers=world.teacher.headers,
    )
    assert response.status_code == 201, response.text
    body: dict[str, object] = response.json()
    return body


async def test_due_date_cannot_precede_the_lesson(client: AsyncClient, world: World) -> None:
    lesson = await lesson_on(client, world.teacher, MONDAY)

    response = await client.post(
        f"/api/v1/lessons/{lesson['id']}/homework",
        json={"text": "§ 1", "due_date": "2026-11-20"},
        headers=world.teacher.headers,
    )

    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "due_date"


async def test_student_marks_done_and_parent_sees_it(client: AsyncClient, world: World) -> None:
    homework = await assign(client, world)
    url = f"/api/v1/students/{world.own.id}/homework/{homework['id']}/done"

    done = await client.put(url, json={"done": True}, headers=world.student.headers)
    teacher = await client.put(url, json={"done": True}, headers=world.teacher.headers)
    listed = await client.get(
        f"/api/v1/students/{world.own.id}/homework", headers=world.student.headers
    )
    other = await client.get(
        f"/api/v1/students/{world.pupil.id}/homework", headers=world.parent.headers
    )

    assert done.status_code == 200, done.text
    assert done.json()["done"] is True
    assert teacher.status_code == 403
    assert listed.json()["items"][0]["done"] is True
    assert other.json()["items"][0]["done"] is False


async def test_no_done_mark_for_a_pupil_who_left(
    client: AsyncClient, session: AsyncSession, world: World
) -> None:
    homework = await assign(client, world)
    url = f"/api/v1/students/{world.own.id}/homework/{homework['id']}/done"
    assert (await client.put(url, json={"done": True}, headers=world.student.headers)).is_success
    world.own.archived_at = datetime(2026, 12, 7, tzinfo=UTC)
    await session.commit()

    undone = await client.put(url, json={"done": False}, headers=world.student.headers)

    assert (undone.status_code, undone.json()["code"]) == (409, "student_archived"), undone.text
    kept = await session.scalar(
        select(HomeworkCompletion.student_id).where(
            HomeworkCompletion.homework_id == uuid.UUID(str(homework["id"]))
        )
    )
    assert kept == world.own.id


async def test_comments_between_family_and_teacher(
    client: AsyncClient, session: AsyncSession, world: World
) -> None:
    homework = await assign(client, world)
    url = f"/api/v1/students/{world.pupil.id}/homework/{homework['id']}/comments"

    question = await client.post(
        url, json={"body": "Какой номер задачи?"}, headers=world.parent.headers
    )
    answer = await client.post(url, json={"body": "№ 214"}, headers=world.teacher.headers)
    outsider = await client.get(url, headers=world.other_parent.headers)
    thread = await client.get(url, headers=world.parent.headers)

    assert (question.status_code, answer.status_code, outsider.status_code) == (201, 201, 404)
    assert [c["body"] for c in thread.json()] == ["Какой номер задачи?", "№ 214"]
    teacher_kinds = await session.scalars(
        select(Notification.kind).where(Notification.account_id == world.teacher.id)
    )
    assert list(teacher_kinds) == ["homework_comment"]
    parent_kinds = await session.scalars(
        select(Notification.kind).where(Notification.account_id == world.parent.id)
    )
    assert sorted(parent_kinds) == ["homework", "homework_comment"]


async def test_reminders_the_day_before_once(
    client: AsyncClient, session: AsyncSession, world: World
) -> None:
    homework = await assign(client, world)
    await client.put(
        f"/api/v1/students/{world.own.id}/homework/{homework['id']}/done",
        json={"done": True},
        headers=world.student.headers,
    )

    early = await service.send_reminders(
        session, datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
    )  # 12:00 Moscow
    sent = await service.send_reminders(
        session, datetime(2026, 11, 24, 13, 0, tzinfo=UTC)
    )  # 16:00 Moscow
    again = await service.send_reminders(session, datetime(2026, 11, 24, 14, 0, tzinfo=UTC))

    assert (early, again) == (0, 0)
    # The parent of the pupil who has not done it; not the student who has.
    assert sent == 1
    reminded = await session.scalars(
        select(Notification.account_id).where(Notification.kind == "homework_reminder")
    )
    assert list(reminded) == [world.parent.id]
