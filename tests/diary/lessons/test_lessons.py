"""Schedule changes: cancelled, moved and substituted lessons notify the class's families."""

from __future__ import annotations

from httpx import AsyncClient
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from api.delivery.models import OutboundMessage
from api.notifications.models import Notification
from tests.diary.world import MONDAY, World, lesson_on


async def bodies(session: AsyncSession, account_id: object) -> list[str]:
    rows = await session.scalars(
        select(Notification.body).where(
            Notification.account_id == account_id, Notification.kind == "schedule"
        )
    )
    return list(rows)


async def test_cancellation_notifies_families_of_the_class(
    client: AsyncClient, session: AsyncSession, world: World
) -> None:
    lesson = await lesson_on(client, world.teacher, MONDAY)

    response = await client.patch(
        f"/api/v1/lessons/{lesson['id']}",
        json={"status": "cancelled", "change_note": "Болезнь учителя"},
        headers=world.admin.headers,
    )

    assert response.status_code == 200, response.text
    assert response.json()["status"] == "cancelled"
    expected = ["Алгебра, 23.11 в 08:30: урок отменён. Болезнь учителя"]
    assert await bodies(session, world.parent.id) == expected
    assert await bodies(session, world.student.id) == expected
    assert await bodies(session, world.other_parent.id) == []  # 9-А is not affected
    sms = await session.scalars(
        select(OutboundMessage.body).where(OutboundMessage.recipient == world.parent.account.phone)
    )
    assert list(sms) == ["Изменение расписания. " + expected[0]]


async def test_move_and_substitute(
    client: AsyncClient, session: AsyncSession, world: World
) -> None:
    lesson = await lesson_on(client, world.teacher, MONDAY)
    url = f"/api/v1/lessons/{lesson['id']}"

    moved = await client.patch(
        url, json={"date": "2026-11-27", "number": 2}, headers=world.admin.headers
    )
    substituted = await client.patch(
        url,
        json={"substitute_teacher_id": str(world.class_teacher.id)},
        headers=world.admin.headers,
    )
    topic = await client.patch(url, json={"topic": "Теорема Виета"}, headers=world.teacher.headers)

    assert moved.status_code == 200, moved.text
    assert (moved.json()["status"], moved.json()["date"], moved.json()["original_date"]) == (
        "moved",
        "2026-11-27",
        "2026-11-23",
    )
    assert moved.json()["starts_at"] == "2026-11-27T09:25:00+03:00"
    assert substituted.json()["substitute_teacher"]["id"] == str(world.class_teacher.id)
    assert topic.status_code == 200
    assert await bodies(session, world.parent.id) == [
        "Алгебра, 27.11 в 09:25: урок перенесён.",
        "Алгебра, 27.11 в 09:25: замена учителя.",
    ]
    # The substitute now keeps the lesson's journal.
    graded = await client.post(
        f"{url}/grades",
        json=[{"student_id": str(world.pupil.id), "value": 5}],
        headers=world.class_teacher.headers,
    )
    assert graded.status_code == 201, graded.text


async def test_moving_to_a_missing_bell_is_refused(client: AsyncClient, world: World) -> None:
    lesson = await lesson_on(client, world.teacher, MONDAY)

    response = await client.patch(
        f"/api/v1/lessons/{lesson['id']}", json={"number": 9}, headers=world.admin.headers
    )

    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "number"


async def test_a_family_or_pupil_reads_the_lesson_but_cannot_change_its_topic_or_room(
    client: AsyncClient, world: World, session: AsyncSession
) -> None:
    lesson = await lesson_on(client, world.teacher, MONDAY)
    url = f"/api/v1/lessons/{lesson['id']}"

    for person in (world.student, world.parent, world.class_teacher):
        read = await client.get(url, headers=person.headers)
        changed = await client.patch(
            url, json={"topic": "Взлом", "room": "000", "change_note": "x"}, headers=person.headers
        )
        assert read.status_code == 200, read.text
        assert changed.status_code == 403, changed.text
        assert changed.json()["code"] == "lesson_change_forbidden"
    by_teacher = await client.patch(url, json={"room": "215"}, headers=world.teacher.headers)

    assert by_teacher.status_code == 200
    after = (await client.get(url, headers=world.teacher.headers)).json()
    assert (after["topic"], after["room"], after.get("change_note")) == (None, "215", None)
