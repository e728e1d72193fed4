"""A student's meetings come from one statement (``api/diary/meetings/statements.py``):
each page equals, field by field, what the ORM code (``service.for_student`` for a
student ``readable_students`` lets the caller see) builds — for every person of the world
and every pupil, in a world with meetings of two classes, one wholly past, one half past,
slots booked by this child and by another, a time with a fraction of a second and the
school's own time zone."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from httpx import AsyncClient
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from api.diary.meetings import service
from api.diary.meetings.models import MeetingSlot
from api.diary.meetings.schemas import Meeting, MeetingSchedule
from api.diary.schemas import Page
from api.diary.structure.access import readable_students
from api.diary.structure.models import Student
from api.identity.deps import STAFF, Principal
from api.identity.models import Role
from tests.diary.world import World
from tests.factories import Person

SOON = (datetime.now(UTC) + timedelta(days=3)).replace(hour=15, minute=0, second=0, microsecond=0)


def _principal(person: Person) -> Principal:
    account = person.account
    roles = frozenset(Role(r) for r in account.roles)
    return Principal(account.id, roles, str(account.level), account.school_id, None)


async def _publish(
    client: AsyncClient,
    world: World,
    class_id: uuid.UUID,
    title: str,
    start: datetime,
    n: int,
    by: Person | None = None,
) -> dict[str, Any]:
    slots = [
        {
            "starts_at": (start + timedelta(minutes=15 * i)).isoformat(),
            "ends_at": (start + timedelta(minutes=15 * i + 15)).isoformat(),
        }
        for i in range(n)
    ]
    answer = await client.post(
        "/api/v1/meetings",
        json={"class_id": str(class_id), "title": title, "place": "Кабинет 214", "slots": slots},
        headers=(by or world.admin).headers,
    )
    assert answer.status_code == 201, answer.text
    meeting: dict[str, Any] = answer.json()
    return meeting


async def _book(client: AsyncClient, person: Person, slot_id: str, student: Student) -> None:
    answer = await client.post(
        f"/api/v1/meeting-slots/{slot_id}/booking",
        json={"student_id": str(student.id)},
        headers=person.headers,
    )
    assert answer.status_code == 201, answer.text


async def _orm_page(
    session: AsyncSession, person: Person, student_id: uuid.UUID, *, limit: int, offset: int
) -> dict[str, Any] | None:
    """What ``GET /students/{id}/meetings`` answered before the statement."""
    student = await session.scalar(
        readable_students(_principal(person)).where(Student.id == student_id)
    )
    if student is None:
        return None
    items, total = await service.for_student(session, student, limit=limit, offset=offset)
    return Page[Meeting](items=items, total=total, limit=limit, offset=offset).model_dump(
        mode="json"
    )


async def _meetings(client: AsyncClient, session: AsyncSession, world: World) -> list[str]:
    """Four meetings of 9-Б (one wholly past, one half past, slots booked by two
    children, a fractional second) and one of 9-А, by the admin and the class teacher."""
    later = await _publish(client, world, world.class_b.id, "Собрание", SOON + timedelta(days=2), 3)
    sooner = await _publish(
        client, world, world.class_b.id, "Консультация", SOON, 2, world.class_teacher
    )
    past = await _publish(client, world, world.class_b.id, "Прошедшая", SOON, 2)
    half = await _publish(client, world, world.class_b.id, "Наполовину", SOON, 2)
    other = await _publish(client, world, world.class_a.id, "9-А", SOON, 2)
    await _book(client, world.parent, later["slots"][0]["id"], world.pupil)
    await _book(client, world.student, later["slots"][1]["id"], world.own)
    await _book(client, world.other_parent, other["slots"][0]["id"], world.stranger)
    # Past meetings: wholly (not listed) and half (listed with both slots); a fraction
    # of a second, which both writers drop.
    gone = datetime.now(UTC) - timedelta(days=1)
    for slot, starts in (
        (past["slots"][0], gone),
        (past["slots"][1], gone + timedelta(minutes=15)),
        (half["slots"][0], gone),
    ):
        await session.execute(
            update(MeetingSlot)
            .where(MeetingSlot.id == uuid.UUID(slot["id"]))
            .values(starts_at=starts, ends_at=starts + timedelta(minutes=15))
        )
    await session.execute(
        update(MeetingSlot)
        .where(MeetingSlot.id == uuid.UUID(sooner["slots"][1]["id"]))
        .values(starts_at=SOON + timedelta(minutes=15, seconds=7, microseconds=250_000))
    )
    await session.commit()
    return [m["id"] for m in (later, sooner, past, half, other)]


async def test_student_meetings_equal_the_orm_rendering(
    client: AsyncClient,
    session: AsyncSession,
    sessionmaker: async_sessionmaker[AsyncSession],
    world: World,
) -> None:
    await _meetings(client, session, world)

    students = [world.pupil, world.own, world.classmate, world.stranger]
    compared = 0
    for name, person in world.people().items():
        for student_id in [*(s.id for s in students), uuid.uuid4()]:
            for limit, offset in ((50, 0), (1, 1), (50, 7)):
                answer = await client.get(
                    f"/api/v1/students/{student_id}/meetings",
                    params={"limit": limit, "offset": offset},
                    headers=person.headers,
                )
                async with sessionmaker() as fresh:
                    expected = await _orm_page(
                        fresh, person, student_id, limit=limit, offset=offset
                    )
                if expected is None:
                    assert answer.status_code == 404, (name, answer.text)
                    assert answer.json()["code"] == "student_not_found"
                else:
                    assert answer.status_code == 200, (name, answer.text)
                    assert answer.json() == expected, (name, student_id, limit, offset)
                    compared += len(expected["items"])
    assert compared > 20

    # The world is what the comparison needs: order, the half-past meeting's two slots,
    # «mine» and «taken» told apart, the school's offset, no fraction of a second.
    mine = await client.get(
        f"/api/v1/students/{world.pupil.id}/meetings", headers=world.parent.headers
    )
    items = mine.json()["items"]
    assert [m["title"] for m in items] == ["Наполовину", "Консультация", "Собрание"]
    assert len(items[0]["slots"]) == 2
    assert [(s["booked"], s["booked_by_me"]) for s in items[2]["slots"]] == [
        (True, True),
        (True, False),
        (False, False),
    ]
    assert items[1]["slots"][1]["starts_at"].endswith(":15:07+03:00")  # Moscow


async def test_schedules_equal_the_orm_rendering_and_refusals(
    client: AsyncClient,
    session: AsyncSession,
    sessionmaker: async_sessionmaker[AsyncSession],
    world: World,
) -> None:
    ids = await _meetings(client, session, world)
    classes = [None, world.class_b.id, world.class_a.id, uuid.uuid4()]
    statuses: dict[str, set[int]] = {}
    compared = 0
    for name, person in world.people().items():
        principal = _principal(person)
        staff = principal.has_any(*STAFF)
        for class_id in classes:
            for limit, offset in ((50, 0), (2, 1)):
                params: dict[str, Any] = {"limit": limit, "offset": offset}
                if class_id is not None:
                    params["class_id"] = str(class_id)
                answer = await client.get("/api/v1/meetings", params=params, headers=person.headers)
                statuses.setdefault(name, set()).add(answer.status_code)
                if not staff:
                    assert answer.status_code == 403, (name, answer.text)
                    assert answer.json()["code"] == "role_required"
                    continue
                async with sessionmaker() as fresh:  # what GET /meetings answered
                    every = await service.schedules(fresh, principal, class_id=class_id)
                expected = Page[MeetingSchedule](
                    items=every[offset : offset + limit],
                    total=len(every),
                    limit=limit,
                    offset=offset,
                ).model_dump(mode="json")
                assert answer.status_code == 200, (name, answer.text)
                assert answer.json() == expected, (name, class_id, limit, offset)
                compared += len(expected["items"])
        for meeting_id in [*ids, str(uuid.uuid4())]:
            answer = await client.get(f"/api/v1/meetings/{meeting_id}", headers=person.headers)
            if not staff:
                assert answer.status_code == 403, (name, answer.text)
                continue
            async with sessionmaker() as fresh:  # what GET /meetings/{id} answered
                found = await service.schedules(
                    fresh, principal, class_id=None, meeting_id=uuid.UUID(meeting_id)
                )
            if not found:
                assert answer.status_code == 404, (name, answer.text)
                assert answer.json()["code"] == "meeting_not_found"
            else:
                assert answer.status_code == 200, (name, answer.text)
                assert answer.json() == found[0].model_dump(mode="json"), (name, meeting_id)
                compared += 1
    assert compared > 20
    # Organisers see their classes' meetings; other staff an empty list, families 403.
    assert statuses["parent"] == {403}
    assert statuses["teacher"] == {200}
    admin = await client.get("/api/v1/meetings", headers=world.admin.headers)
    assert admin.json()["total"] == 5
    booked = [s for m in admin.json()["items"] for s in m["slots"] if s["student"]]
    assert {s["student"]["name"] for s in booked} == {"Иванов Пётр", "Смирнов Егор", "Петров Илья"}
    assert all(s["booked_at"].endswith("Z") for s in booked)
    lead = await client.get("/api/v1/meetings", headers=world.class_teacher.headers)
    assert lead.json()["total"] == 4  # 9-Б's, whoever published them
