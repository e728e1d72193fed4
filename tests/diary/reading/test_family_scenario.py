"""Done when: a teacher's grade, absence and homework reach the parent's week diary and
notifications (in-app, and the absence also by SMS, enqueued in the same transaction)."""

from __future__ import annotations

from httpx import AsyncClient
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from api.delivery.models import OutboundMessage
from tests.diary.world import MONDAY, WEEK, World, lesson_on


async def test_grade_absence_and_homework_reach_the_parent(
    client: AsyncClient, session: AsyncSession, world: World
) -> None:
    lesson = await lesson_on(client, world.teacher, MONDAY)
    url = f"/api/v1/lessons/{lesson['id']}"
    headers = world.teacher.headers

    grade = await client.post(
        f"{url}/grades", json=[{"student_id": str(world.pupil.id), "value": 4}], headers=headers
    )
    absence = await client.put(
        f"{url}/attendance",
        json=[{"student_id": str(world.pupil.id), "status": "absent"}],
        headers=headers,
    )
    homework = await client.post(
        f"{url}/homework",
        json={"text": "§ 12, № 214–216", "due_date": "2026-11-25"},
        headers=headers,
    )

    assert (grade.status_code, absence.status_code, homework.status_code) == (201, 200, 201), (
        grade.text,
        absence.text,
        homework.text,
    )
    diary = await client.get(
        f"/api/v1/students/{world.pupil.id}/diary",
        params={"week": WEEK},
        headers=world.parent.headers,
    )
    monday = diary.json()["days"][0]["lessons"][0]
    assert [g["value"] for g in monday["grades"]] == [4]
    assert monday["attendance"]["status"] == "absent"
    wednesday = diary.json()["days"][2]["lessons"][0]
    assert wednesday["homework"][0]["text"] == "§ 12, № 214–216", "shown on the day it is due"
    feed = (await client.get("/api/v1/notifications", headers=world.parent.headers)).json()
    assert sorted(n["kind"] for n in feed["items"]) == ["attendance", "grade", "homework"]
    assert feed["unread"] == 3
    absence_item = next(n for n in feed["items"] if n["kind"] == "attendance")
    assert absence_item["body"] == "Пётр отсутствует на уроке «Алгебра», 23.11 в 08:30."
    sms = (
        await session.scalars(
            select(OutboundMessage).where(OutboundMessage.recipient == world.parent.account.phone)
        )
    ).all()
    assert [m.body for m in sms] == [
        "Пропуск урока. Пётр отсутствует на уроке «Алгебра», 23.11 в 08:30."
    ]
    # Marking the same absence again does not alarm twice.
    again = await client.put(
        f"{url}/attendance",
        json=[{"student_id": str(world.pupil.id), "status": "absent"}],
        headers=headers,
    )
    assert again.status_code == 200
    assert (await client.get("/api/v1/notifications", headers=world.parent.headers)).json()[
        "total"
    ] == 3


async def test_reading_a_notification(client: AsyncClient, world: World) -> None:
    lesson = await lesson_on(client, world.teacher, MONDAY)
    await client.post(
        f"/api/v1/lessons/{lesson['id']}/grades",
        json=[{"student_id": str(world.pupil.id), "value": 5}],
        headers=world.teacher.headers,
    )
    item = (await client.get("/api/v1/notifications", headers=world.parent.headers)).json()[
        "items"
    ][0]

    foreign = await client.post(
        f"/api/v1/notifications/{item['id']}/read", headers=world.other_parent.headers
    )
    read = await client.post(
        f"/api/v1/notifications/{item['id']}/read", headers=world.parent.headers
    )

    assert foreign.status_code == 404
    assert read.status_code == 200
    assert read.json()["read_at"] is not None
    assert (await client.get("/api/v1/notifications", headers=world.parent.headers)).json()[
        "unread"
    ] == 0
