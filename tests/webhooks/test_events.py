"""Events (contract §5, §8): thin payloads, one per change, none for a no-op re-post, and
written in the same transaction as the change — a rolled-back change leaves no event."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from httpx import AsyncClient
from sqlalchemy.ext.asyncio import AsyncSession

from api.diary.homework import service as homework_service
from api.diary.homework.schemas import HomeworkIn
from api.diary.lessons.models import Lesson
from tests.diary.world import MONDAY, World, lesson_on, principal_of
from tests.webhooks.conftest import (
    ALL,
    GRADEBOOK,
    MANAGE,
    deliveries_of,
    events_of,
    jobs_for,
    make_client,
    subscribe,
)

URL = "http://127.0.0.1:9/hooks"


async def _subscribed(
    http: AsyncClient, world: World, types: list[str] | None = None
) -> dict[str, Any]:
    made = await make_client(http, world.admin.token, ALL)
    return await subscribe(http, made["client_secret"], URL, types)


async def test_оценки_порождают_события_с_идентификаторами(
    dev_client: AsyncClient, session: AsyncSession, world: World
) -> None:
    hook = await _subscribed(dev_client, world)
    lesson = await lesson_on(dev_client, world.teacher, MONDAY)
    url = f"/api/v1/lessons/{lesson['id']}/grades"
    body = [
        {"student_id": str(world.pupil.id), "value": 4},
        {"student_id": str(world.own.id), "value": 3, "work_type": "test"},
    ]
    posted = await dev_client.post(url, json=body, headers=world.teacher.headers)
    assert posted.status_code == 201, posted.text
    grades = {g["student_id"]: g for g in posted.json()}

    created = await events_of(session, "grade.created")
    assert len(created) == 2
    row = await session.get(Lesson, lesson["id"])
    assert row is not None
    pupil = next(e for e in created if e.data["student_id"] == str(world.pupil.id))
    assert pupil.id.startswith("evt_")
    assert len(pupil.id) == 30
    assert pupil.school_id == world.school.id
    assert set(pupil.data) == {
        "id", "student_id", "lesson_id", "line_item_id", "class_id", "homeroom_id",
        "subject_id", "school_id",
    }  # fmt: skip
    assert pupil.data["id"] == grades[str(world.pupil.id)]["id"]
    assert pupil.data["lesson_id"] == lesson["id"]
    assert pupil.data["line_item_id"].startswith(f"lineItem:{lesson['id']}:")
    assert pupil.data["class_id"] == f"class:{row.class_id}:{row.subject_id}"
    assert pupil.data["homeroom_id"] == str(row.class_id)
    assert pupil.data["school_id"] == str(world.school.id)

    deliveries = await deliveries_of(session)
    assert len(deliveries) == 2
    assert {d.webhook_id for d in deliveries} == {uuid.UUID(hook["id"])}
    assert all(d.message_id.startswith("msg_") and "." not in d.message_id for d in deliveries)
    assert [await jobs_for(session, d.id) for d in deliveries] == [1, 1]

    # The same post again changes nothing: no event.
    again = await dev_client.post(url, json=body, headers=world.teacher.headers)
    assert again.status_code == 201
    assert len(await events_of(session)) == 2

    # A changed value: grade.updated for that grade only.
    body[0]["value"] = 5
    await dev_client.post(url, json=body[:1], headers=world.teacher.headers)
    (updated,) = await events_of(session, "grade.updated")
    assert updated.data["id"] == grades[str(world.pupil.id)]["id"]

    removed = await dev_client.delete(
        f"/api/v1/grades/{grades[str(world.own.id)]['id']}", headers=world.teacher.headers
    )
    assert removed.status_code == 204
    (deleted,) = await events_of(session, "grade.deleted")
    assert deleted.data["id"] == grades[str(world.own.id)]["id"]
    assert deleted.data["student_id"] == str(world.own.id)


async def test_без_подписчиков_событий_нет(
    dev_client: AsyncClient, session: AsyncSession, world: World
) -> None:
    # A subscriber to lessons only, and one of another school to grades.
    await _subscribed(dev_client, world, ["lesson.changed"])
    foreign = await make_client(dev_client, world.foreign_admin.token, [GRADEBOOK, MANAGE])
    await subscribe(dev_client, foreign["client_secret"], URL, ["grade.created"])
    lesson = await lesson_on(dev_client, world.teacher, MONDAY)
    posted = await dev_client.post(
        f"/api/v1/lessons/{lesson['id']}/grades",
        json=[{"student_id": str(world.pupil.id), "value": 4}],
        headers=world.teacher.headers,
    )
    assert posted.status_code == 201
    assert await events_of(session) == []
    assert await deliveries_of(session) == []


async def test_отозванный_клиент_и_суженные_права_не_получают_событий(
    dev_client: AsyncClient, session: AsyncSession, world: World
) -> None:
    made = await make_client(dev_client, world.admin.token, ALL)
    await subscribe(dev_client, made["client_secret"], URL, ["grade.created"])
    admin = {"Authorization": f"Bearer {world.admin.token}"}
    narrowed = await dev_client.patch(
        f"/api/v1/integration-clients/{made['id']}", json={"scopes": [MANAGE]}, headers=admin
    )
    assert narrowed.status_code == 200
    lesson = await lesson_on(dev_client, world.teacher, MONDAY)
    await dev_client.post(
        f"/api/v1/lessons/{lesson['id']}/grades",
        json=[{"student_id": str(world.pupil.id), "value": 4}],
        headers=world.teacher.headers,
    )
    assert await events_of(session) == []


async def test_посещаемость_одно_событие_на_изменение(
    dev_client: AsyncClient, session: AsyncSession, world: World
) -> None:
    await _subscribed(dev_client, world, ["attendance.marked"])
    lesson = await lesson_on(dev_client, world.teacher, MONDAY)
    url = f"/api/v1/lessons/{lesson['id']}/attendance"
    marks = [
        {"student_id": str(world.pupil.id), "status": "absent"},
        {"student_id": str(world.own.id), "status": "present"},
    ]
    assert (await dev_client.put(url, json=marks, headers=world.teacher.headers)).status_code == 200
    (event,) = await events_of(session, "attendance.marked")
    assert event.data["lesson_id"] == lesson["id"]
    assert event.data["date"] == MONDAY.isoformat()
    assert event.data["student_ids"] == sorted([str(world.pupil.id), str(world.own.id)])

    # Re-posted unchanged: nothing; one mark changed: an event naming that student only.
    await dev_client.put(url, json=marks, headers=world.teacher.headers)
    assert len(await events_of(session)) == 1
    marks[0]["status"] = "present"
    await dev_client.put(url, json=marks, headers=world.teacher.headers)
    second = (await events_of(session, "attendance.marked"))[1]
    assert second.data["student_ids"] == [str(world.pupil.id)]


async def test_домашнее_задание_и_изменение_урока(
    dev_client: AsyncClient, session: AsyncSession, world: World
) -> None:
    await _subscribed(dev_client, world, ["homework.assigned", "lesson.changed"])
    lesson = await lesson_on(dev_client, world.teacher, MONDAY)
    assigned = await dev_client.post(
        f"/api/v1/lessons/{lesson['id']}/homework",
        json={"text": "§ 12, № 3–5", "due_date": "2026-11-25"},
        headers=world.teacher.headers,
    )
    assert assigned.status_code == 201, assigned.text
    (homework,) = await events_of(session, "homework.assigned")
    assert homework.data["id"] == assigned.json()["id"]
    assert homework.data["due_date"] == "2026-11-25"
    assert homework.data["lesson_id"] == lesson["id"]

    changed = await dev_client.patch(
        f"/api/v1/lessons/{lesson['id']}",
        json={"status": "cancelled", "change_note": "Болезнь учителя"},
        headers=world.admin.headers,
    )
    assert changed.status_code == 200, changed.text
    (cancelled,) = await events_of(session, "lesson.changed")
    assert cancelled.data["change"] == "cancelled"
    assert cancelled.data["id"] == lesson["id"]
    # Patching the same again is no change.
    await dev_client.patch(
        f"/api/v1/lessons/{lesson['id']}", json={"status": "cancelled"}, headers=world.admin.headers
    )
    assert len(await events_of(session, "lesson.changed")) == 1


async def test_откат_изменения_не_оставляет_события(
    dev_client: AsyncClient, session: AsyncSession, world: World
) -> None:
    """The event is written in the change's transaction: roll the change back and the
    event, its delivery and its job are gone with it."""
    await _subscribed(dev_client, world, ["homework.assigned"])
    lesson_json = await lesson_on(dev_client, world.teacher, MONDAY)
    lesson = await session.get(Lesson, lesson_json["id"])
    assert lesson is not None
    savepoint = await session.begin_nested()
    await homework_service.assign(
        session,
        principal_of(world.teacher),
        lesson,
        HomeworkIn(text="§ 1", due_date=date(2026, 11, 25)),
    )
    assert len(await events_of(session)) == 1
    (delivery,) = await deliveries_of(session)
    assert await jobs_for(session, delivery.id) == 1
    await savepoint.rollback()
    assert await events_of(session) == []
    assert await deliveries_of(session) == []
    assert await jobs_for(session, delivery.id) == 0
