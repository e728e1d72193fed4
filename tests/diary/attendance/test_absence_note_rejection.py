"""A class teacher turns an absence note down with a reason: the family sees why (in the
note and a notification), the absences stay unexcused; a note may be accepted later."""

from __future__ import annotations

from typing import Any

from httpx import AsyncClient

from tests.diary.world import MONDAY, World, lesson_on


async def filed_note(client: AsyncClient, world: World) -> dict[str, Any]:
    response = await client.post(
        f"/api/v1/students/{world.pupil.id}/absence-notes",
        json={"from": "2026-11-23", "to": "2026-11-23", "reason": "Плохо себя чувствовал"},
        headers=world.parent.headers,
    )
    assert response.status_code == 201, response.text
    note: dict[str, Any] = response.json()
    return note


async def test_rejected_note_tells_the_family_why(client: AsyncClient, world: World) -> None:
    lesson = await lesson_on(client, world.teacher, MONDAY)
    await client.put(
        f"/api/v1/lessons/{lesson['id']}/attendance",
        json=[{"student_id": str(world.pupil.id), "status": "absent"}],
        headers=world.teacher.headers,
    )
    note = await filed_note(client, world)

    response = await client.post(
        f"/api/v1/absence-notes/{note['id']}/reject",
        json={"reason": "Нужна справка от врача"},
        headers=world.class_teacher.headers,
    )

    assert response.status_code == 200, response.text
    rejected = response.json()
    assert rejected["status"] == "rejected"
    assert rejected["rejection"]["reason"] == "Нужна справка от врача"
    assert rejected["rejection"]["by"]["id"] == str(world.class_teacher.id)
    assert rejected["acknowledged_by"] is None
    family = (
        await client.get(
            f"/api/v1/students/{world.pupil.id}/absence-notes", headers=world.parent.headers
        )
    ).json()
    assert [(n["status"], n["rejection"]["reason"]) for n in family] == [
        ("rejected", "Нужна справка от врача")
    ]
    feed = (await client.get("/api/v1/notifications", headers=world.parent.headers)).json()
    [told] = [n for n in feed["items"] if n["kind"] == "absence_note"]
    assert told["title"] == "Объяснительная не принята"
    assert told["body"] == "Пропуски 23.11–23.11: Нужна справка от врача"
    attendance = (
        await client.get(
            f"/api/v1/students/{world.pupil.id}/attendance", headers=world.parent.headers
        )
    ).json()
    assert [m["status"] for m in attendance["items"]] == ["absent"], "still unexcused"


async def test_rejection_needs_a_reason_and_the_class_teacher(
    client: AsyncClient, world: World
) -> None:
    note = await filed_note(client, world)
    url = f"/api/v1/absence-notes/{note['id']}/reject"

    empty = await client.post(url, json={"reason": " "}, headers=world.class_teacher.headers)
    by_teacher = await client.post(url, json={"reason": "Нет"}, headers=world.teacher.headers)
    by_parent = await client.post(url, json={"reason": "Нет"}, headers=world.parent.headers)

    assert empty.status_code == 422
    assert (by_teacher.status_code, by_parent.status_code) == (404, 404)


async def test_accepted_note_is_not_rejected_but_rejected_may_be_accepted(
    client: AsyncClient, world: World
) -> None:
    note = await filed_note(client, world)
    headers = world.class_teacher.headers
    reject = f"/api/v1/absence-notes/{note['id']}/reject"

    first = await client.post(reject, json={"reason": "Нужна справка"}, headers=headers)
    accepted = await client.post(f"/api/v1/absence-notes/{note['id']}/acknowledge", headers=headers)
    again = await client.post(reject, json={"reason": "Передумал"}, headers=headers)

    assert first.status_code == 200, first.text
    assert accepted.json()["status"] == "acknowledged"
    assert accepted.json()["rejection"] is None
    assert again.status_code == 409
    assert again.json()["code"] == "absence_note_acknowledged"
