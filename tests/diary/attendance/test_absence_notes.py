"""The class teacher's list of absence notes: their class only, pages, status filter."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

from httpx import AsyncClient
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from api.config import Settings
from api.diary.attendance.models import AbsenceNote
from api.diary.structure.models import ClassTeacher
from api.identity.models import Account, Role
from tests.diary.world import World
from tests.factories import Person, make_person


async def file_note(
    client: AsyncClient, parent: Person, student_id: uuid.UUID, day: str, reason: str
) -> dict[str, Any]:
    response = await client.post(
        f"/api/v1/students/{student_id}/absence-notes",
        json={"from": day, "to": day, "reason": reason},
        headers=parent.headers,
    )
    assert response.status_code == 201, response.text
    note: dict[str, Any] = response.json()
    return note


async def class_notes(
    client: AsyncClient, person: Person, class_id: uuid.UUID, **params: Any
) -> Any:
    return await client.get(
        f"/api/v1/classes/{class_id}/absence-notes", params=params, headers=person.headers
    )


async def test_class_teacher_sees_their_class_notes_newest_first(
    client: AsyncClient, session: AsyncSession, world: World
) -> None:
    first = await file_note(client, world.parent, world.pupil.id, "2026-11-25", "ОРВИ")
    second = await file_note(client, world.parent, world.pupil.id, "2026-11-23", "Стоматолог")
    await file_note(client, world.other_parent, world.stranger.id, "2026-11-23", "Соревнования")
    # A test is one transaction (one now()): file the first note a day earlier.
    await session.execute(
        update(AbsenceNote)
        .where(AbsenceNote.id == uuid.UUID(first["id"]))
        .values(created_at=AbsenceNote.created_at - timedelta(days=1))
    )
    await session.commit()

    response = await class_notes(client, world.class_teacher, world.class_b.id)

    assert response.status_code == 200, response.text
    page = response.json()
    assert (page["total"], page["limit"], page["offset"]) == (2, 20, 0)
    assert [n["id"] for n in page["items"]] == [second["id"], first["id"]]
    item = page["items"][0]
    assert item["student"] == {"id": str(world.pupil.id), "name": "Иванов Пётр"}
    assert (item["from"], item["to"], item["reason"]) == ("2026-11-23", "2026-11-23", "Стоматолог")
    assert item["status"] == "filed"
    assert item["filed_by"] == {"id": str(world.parent.id), "name": "Иванова Мария Петровна"}
    assert item["created_at"].endswith("Z")
    school_admin = await class_notes(client, world.admin, world.class_a.id)
    assert [n["reason"] for n in school_admin.json()["items"]] == ["Соревнования"]


async def test_notes_list_is_hidden_from_others(
    client: AsyncClient, session: AsyncSession, settings: Settings, world: World
) -> None:
    await file_note(client, world.parent, world.pupil.id, "2026-11-23", "ОРВИ")
    other_class_teacher = await make_person(
        session, settings, roles=(Role.class_teacher,), last_name="Белова", first_name="Ольга"
    )
    other_class_teacher.account.school_id = world.school.id
    session.add(ClassTeacher(class_id=world.class_a.id, teacher_id=other_class_teacher.id))
    await session.commit()

    answers = [
        await class_notes(client, person, world.class_b.id)
        for person in (
            other_class_teacher,
            world.teacher,
            world.parent,
            world.student,
            world.foreign_admin,
        )
    ]

    assert [a.status_code for a in answers] == [404] * 5
    assert {a.json()["code"] for a in answers} == {"class_not_found"}
    own = await class_notes(client, other_class_teacher, world.class_a.id)
    assert own.json()["total"] == 0


async def test_pages_and_status_filter(client: AsyncClient, world: World) -> None:
    notes = [
        await file_note(client, world.parent, world.pupil.id, f"2026-11-{day}", f"Причина {day}")
        for day in range(16, 21)
    ]
    acknowledged = await client.post(
        f"/api/v1/absence-notes/{notes[0]['id']}/acknowledge",
        headers=world.class_teacher.headers,
    )
    assert acknowledged.status_code == 200, acknowledged.text

    first = (await class_notes(client, world.class_teacher, world.class_b.id, limit=2)).json()
    rest = (
        await class_notes(client, world.class_teacher, world.class_b.id, limit=2, offset=2)
    ).json()
    last = (
        await class_notes(client, world.class_teacher, world.class_b.id, limit=2, offset=4)
    ).json()
    pending = (
        await class_notes(client, world.class_teacher, world.class_b.id, status="filed")
    ).json()
    done = (
        await class_notes(client, world.class_teacher, world.class_b.id, status="acknowledged")
    ).json()
    wrong = await class_notes(client, world.class_teacher, world.class_b.id, status="pending")

    assert (first["total"], rest["total"], last["total"]) == (5, 5, 5)
    assert [len(p["items"]) for p in (first, rest, last)] == [2, 2, 1]
    seen = [n["id"] for p in (first, rest, last) for n in p["items"]]
    assert sorted(seen) == sorted(n["id"] for n in notes)
    assert pending["total"] == 4
    assert {n["status"] for n in pending["items"]} == {"filed"}
    assert [n["id"] for n in done["items"]] == [notes[0]["id"]]
    assert done["items"][0]["acknowledged_by"]["id"] == str(world.class_teacher.id)
    assert wrong.status_code == 422


async def test_my_classes_name_the_classes_one_runs(client: AsyncClient, world: World) -> None:
    class_teacher = await client.get("/api/v1/me/classes", headers=world.class_teacher.headers)
    admin = await client.get("/api/v1/me/classes", headers=world.admin.headers)
    teacher = await client.get("/api/v1/me/classes", headers=world.teacher.headers)
    parent = await client.get("/api/v1/me/classes", headers=world.parent.headers)

    assert [c["id"] for c in class_teacher.json()] == [str(world.class_b.id)]
    assert [c["name"] for c in admin.json()] == ["9-А", "9-Б"]
    assert (teacher.json(), parent.json()) == ([], [])


async def test_the_class_list_shows_each_note_as_the_family_sees_it(
    client: AsyncClient, world: World
) -> None:
    rejected = await file_note(client, world.parent, world.pupil.id, "2026-11-24", "Проспал")
    accepted = await file_note(client, world.parent, world.pupil.id, "2026-11-25", "ОРВИ")
    for note, action, body in (
        (rejected, "reject", {"reason": "Нужна справка"}),
        (accepted, "acknowledge", None),
    ):
        answer = await client.post(
            f"/api/v1/absence-notes/{note['id']}/{action}",
            json=body,
            headers=world.class_teacher.headers,
        )
        assert answer.status_code == 200, answer.text

    listed = (await class_notes(client, world.class_teacher, world.class_b.id)).json()
    family = await client.get(
        f"/api/v1/students/{world.pupil.id}/absence-notes", headers=world.parent.headers
    )

    by_id = {n["id"]: n for n in family.json()}
    for item in listed["items"]:
        student = item.pop("student")
        assert student == {"id": str(world.pupil.id), "name": "Иванов Пётр"}
        assert item == by_id[item["id"]]
    statuses = {n["id"]: n for n in listed["items"]}
    refused = statuses[rejected["id"]]
    assert (refused["status"], refused["acknowledged_by"], refused["acknowledged_at"]) == (
        "rejected",
        None,
        None,
    )
    assert refused["rejection"]["reason"] == "Нужна справка"
    assert refused["rejection"]["by"]["id"] == str(world.class_teacher.id)
    taken = statuses[accepted["id"]]
    assert (taken["status"], taken["rejection"]) == ("acknowledged", None)
    assert taken["acknowledged_by"]["id"] == str(world.class_teacher.id)


async def test_a_filer_with_an_empty_middle_name_is_named_without_a_stray_space(
    client: AsyncClient, session: AsyncSession, world: World
) -> None:
    # An account may hold "" rather than NULL (older rows, imports): the name is the
    # non-empty parts, as the diary's Python views write it.
    await session.execute(
        update(Account).where(Account.id == world.parent.id).values(middle_name="")
    )
    await session.commit()
    await file_note(client, world.parent, world.pupil.id, "2026-11-23", "ОРВИ")

    page = (await class_notes(client, world.class_teacher, world.class_b.id)).json()

    assert page["items"][0]["filed_by"]["name"] == "Иванова Мария"
