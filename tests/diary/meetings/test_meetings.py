"""Meetings: the class teacher (or the administration) publishes slots; families book one
per child and cancel; the organiser sees who booked what; families never do."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from httpx import AsyncClient

from tests.diary.world import World

SOON = (datetime.now(UTC) + timedelta(days=3)).replace(hour=15, minute=0, second=0, microsecond=0)


def slots(n: int) -> list[dict[str, str]]:
    return [
        {
            "starts_at": (SOON + timedelta(minutes=15 * i)).isoformat(),
            "ends_at": (SOON + timedelta(minutes=15 * i + 15)).isoformat(),
        }
        for i in range(n)
    ]


async def publish(
    client: AsyncClient, world: World, person: Any = None, n: int = 3
) -> dict[str, Any]:
    response = await client.post(
        "/api/v1/meetings",
        json={
            "class_id": str(world.class_b.id),
            "title": "Встреча с классным руководителем",
            "place": "Кабинет 214",
            "slots": slots(n),
        },
        headers=(person or world.class_teacher).headers,
    )
    assert response.status_code == 201, response.text
    meeting: dict[str, Any] = response.json()
    return meeting


async def test_family_books_cancels_and_never_sees_who_else_booked(
    client: AsyncClient, world: World
) -> None:
    meeting = await publish(client, world)
    assert [s["booked"] for s in meeting["slots"]] == [False, False, False]
    first, second = meeting["slots"][0]["id"], meeting["slots"][1]["id"]

    booked = await client.post(
        f"/api/v1/meeting-slots/{first}/booking",
        json={"student_id": str(world.pupil.id)},
        headers=world.parent.headers,
    )
    assert booked.status_code == 201, booked.text
    assert booked.json()["booked"] is True
    assert booked.json()["booked_by_me"] is True

    # One slot per student and meeting.
    again = await client.post(
        f"/api/v1/meeting-slots/{second}/booking",
        json={"student_id": str(world.pupil.id)},
        headers=world.parent.headers,
    )
    assert again.status_code == 409
    assert again.json()["code"] == "already_booked"

    # The classmate's family (the student himself here) finds the first slot taken.
    taken = await client.post(
        f"/api/v1/meeting-slots/{first}/booking",
        json={"student_id": str(world.own.id)},
        headers=world.student.headers,
    )
    assert taken.status_code == 409
    assert taken.json()["code"] == "slot_taken"

    seen = await client.get(
        f"/api/v1/students/{world.own.id}/meetings", headers=world.student.headers
    )
    assert seen.status_code == 200, seen.text
    [view] = seen.json()["items"]
    assert [(s["booked"], s["booked_by_me"]) for s in view["slots"]] == [
        (True, False),
        (False, False),
        (False, False),
    ]
    assert "student" not in str(view), "families never learn who booked"

    # The organiser sees the schedule.
    schedule = await client.get(
        f"/api/v1/meetings/{meeting['id']}", headers=world.class_teacher.headers
    )
    assert schedule.status_code == 200, schedule.text
    assert [s["student"] and s["student"]["name"] for s in schedule.json()["slots"]] == [
        "Иванов Пётр",
        None,
        None,
    ]
    listed = await client.get(
        "/api/v1/meetings", params={"class_id": str(world.class_b.id)}, headers=world.admin.headers
    )
    assert [m["id"] for m in listed.json()["items"]] == [meeting["id"]]
    # Families and other teachers do not get the schedule.
    for person in (world.parent, world.teacher):
        hidden = await client.get(f"/api/v1/meetings/{meeting['id']}", headers=person.headers)
        assert hidden.status_code in (403, 404)

    # Someone else cannot cancel the booking; the family can.
    other = await client.delete(
        f"/api/v1/meeting-slots/{first}/booking", headers=world.student.headers
    )
    assert other.status_code == 404
    cancelled = await client.delete(
        f"/api/v1/meeting-slots/{first}/booking", headers=world.parent.headers
    )
    assert cancelled.status_code == 204
    rebooked = await client.post(
        f"/api/v1/meeting-slots/{second}/booking",
        json={"student_id": str(world.pupil.id)},
        headers=world.parent.headers,
    )
    assert rebooked.status_code == 201, rebooked.text
    # The organiser may free a slot too.
    freed = await client.delete(
        f"/api/v1/meeting-slots/{second}/booking", headers=world.class_teacher.headers
    )
    assert freed.status_code == 204
    schedule = await client.get(f"/api/v1/meetings/{meeting['id']}", headers=world.admin.headers)
    assert all(s["student"] is None for s in schedule.json()["slots"])


async def test_only_the_class_teacher_or_admin_publish_meetings(
    client: AsyncClient, world: World
) -> None:
    body = {
        "class_id": str(world.class_b.id),
        "title": "Встреча",
        "place": "214",
        "slots": slots(1),
    }
    for person, status in (
        (world.teacher, 403),
        (world.parent, 403),
        (world.foreign_admin, 404),
    ):
        refused = await client.post("/api/v1/meetings", json=body, headers=person.headers)
        assert refused.status_code == status, (person, refused.text)
    # The class teacher of 9-Б does not run 9-А.
    other_class = await client.post(
        "/api/v1/meetings",
        json={**body, "class_id": str(world.class_a.id)},
        headers=world.class_teacher.headers,
    )
    assert other_class.status_code == 404
    assert (await client.get("/api/v1/meetings", headers=world.class_teacher.headers)).json()[
        "total"
    ] == 0
    admin = await publish(client, world, world.admin, n=1)
    assert admin["class_id"] == str(world.class_b.id)
    past = await client.post(
        "/api/v1/meetings",
        json={
            **body,
            "slots": [
                {"starts_at": "2020-01-01T10:00:00+03:00", "ends_at": "2020-01-01T10:15:00+03:00"}
            ],
        },
        headers=world.admin.headers,
    )
    assert past.status_code == 422


async def test_other_classes_and_families_cannot_book(client: AsyncClient, world: World) -> None:
    meeting = await publish(client, world, n=1)
    slot = meeting["slots"][0]["id"]
    # 9-А's family: not their class's meeting.
    stranger = await client.post(
        f"/api/v1/meeting-slots/{slot}/booking",
        json={"student_id": str(world.stranger.id)},
        headers=world.other_parent.headers,
    )
    assert stranger.status_code == 404
    # Someone else's child.
    not_mine = await client.post(
        f"/api/v1/meeting-slots/{slot}/booking",
        json={"student_id": str(world.classmate.id)},
        headers=world.parent.headers,
    )
    assert not_mine.status_code == 404
    listed = await client.get(
        f"/api/v1/students/{world.stranger.id}/meetings", headers=world.other_parent.headers
    )
    assert listed.json()["items"] == []
    foreign = await client.get(
        f"/api/v1/students/{world.pupil.id}/meetings", headers=world.other_parent.headers
    )
    assert foreign.status_code == 404
