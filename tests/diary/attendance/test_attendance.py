"""Attendance: alerts, excused absences, absence notes acknowledged by the class teacher."""

from __future__ import annotations

from datetime import date

from httpx import AsyncClient
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from api.diary.attendance.models import AttendanceMark
from api.notifications.models import Notification
from tests.diary.world import MONDAY, World, lesson_on


async def kinds(session: AsyncSession, account_id: object) -> list[str]:
    rows = await session.scalars(
        select(Notification.kind).where(Notification.account_id == account_id)
    )
    return sorted(rows)


async def test_late_alerts_with_minutes(
    client: AsyncClient, session: AsyncSession, world: World
) -> None:
    lesson = await lesson_on(client, world.teacher, MONDAY)

    response = await client.put(
        f"/api/v1/lessons/{lesson['id']}/attendance",
        json=[
            {"student_id": str(world.pupil.id), "status": "late", "minutes_late": 7},
            {"student_id": str(world.own.id), "status": "present"},
        ],
        headers=world.teacher.headers,
    )

    assert response.status_code == 200, response.text
    assert {m["status"] for m in response.json()} == {"late", "present"}
    body = (
        await session.scalars(
            select(Notification.body).where(Notification.account_id == world.parent.id)
        )
    ).one()
    assert body == "Пётр опоздал(а) на 7 мин на урок «Алгебра», 23.11 в 08:30."


async def test_excused_absence_does_not_alarm(
    client: AsyncClient, session: AsyncSession, world: World
) -> None:
    lesson = await lesson_on(client, world.teacher, MONDAY)

    await client.put(
        f"/api/v1/lessons/{lesson['id']}/attendance",
        json=[{"student_id": str(world.pupil.id), "status": "excused", "reason": "Олимпиада"}],
        headers=world.teacher.headers,
    )

    assert await kinds(session, world.parent.id) == []


async def test_absence_note_flow(client: AsyncClient, session: AsyncSession, world: World) -> None:
    note = await client.post(
        f"/api/v1/students/{world.pupil.id}/absence-notes",
        json={"from": "2026-11-23", "to": "2026-11-24", "reason": "ОРВИ, справка будет"},
        headers=world.parent.headers,
    )
    assert note.status_code == 201, note.text
    assert note.json()["from"] == "2026-11-23"
    assert note.json()["status"] == "filed"
    assert await kinds(session, world.class_teacher.id) == ["absence_note"]

    # A noted absence does not alarm the family who told the school.
    lesson = await lesson_on(client, world.teacher, MONDAY)
    await client.put(
        f"/api/v1/lessons/{lesson['id']}/attendance",
        json=[{"student_id": str(world.pupil.id), "status": "absent"}],
        headers=world.teacher.headers,
    )
    assert await kinds(session, world.parent.id) == []

    teacher_try = await client.post(
        f"/api/v1/absence-notes/{note.json()['id']}/acknowledge", headers=world.teacher.headers
    )
    ack = await client.post(
        f"/api/v1/absence-notes/{note.json()['id']}/acknowledge",
        headers=world.class_teacher.headers,
    )

    assert teacher_try.status_code == 404
    assert ack.status_code == 200, ack.text
    assert ack.json()["status"] == "acknowledged"
    assert ack.json()["acknowledged_by"]["id"] == str(world.class_teacher.id)
    mark = await session.scalar(
        select(AttendanceMark).where(AttendanceMark.student_id == world.pupil.id)
    )
    assert mark is not None
    assert (mark.status, mark.reason) == ("excused", "ОРВИ, справка будет")
    assert await kinds(session, world.parent.id) == ["absence_note"]
    # After acknowledgement a new absence in the range is stored as excused.
    tuesday = await lesson_on(client, world.teacher, date(2026, 11, 24))
    marked = await client.put(
        f"/api/v1/lessons/{tuesday['id']}/attendance",
        json=[{"student_id": str(world.pupil.id), "status": "absent"}],
        headers=world.teacher.headers,
    )
    assert marked.json()[0]["status"] == "excused"


async def test_only_guardians_file_notes(client: AsyncClient, world: World) -> None:
    body = {"from": "2026-11-23", "to": "2026-11-24", "reason": "Семейные обстоятельства"}
    teacher = await client.post(
        f"/api/v1/students/{world.pupil.id}/absence-notes", json=body, headers=world.teacher.headers
    )
    stranger = await client.post(
        f"/api/v1/students/{world.pupil.id}/absence-notes",
        json=body,
        headers=world.other_parent.headers,
    )

    assert teacher.status_code == 403
    assert stranger.status_code == 404


async def test_attendance_validation(client: AsyncClient, world: World) -> None:
    lesson = await lesson_on(client, world.teacher, MONDAY)

    response = await client.put(
        f"/api/v1/lessons/{lesson['id']}/attendance",
        json=[
            {"student_id": str(world.stranger.id), "status": "absent"},
            {"student_id": str(world.pupil.id), "status": "present", "minutes_late": 5},
            {"student_id": str(world.own.id), "status": "sleeping"},
        ],
        headers=world.teacher.headers,
    )

    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["2.status"]
    response = await client.put(
        f"/api/v1/lessons/{lesson['id']}/attendance",
        json=[
            {"student_id": str(world.stranger.id), "status": "absent"},
            {"student_id": str(world.pupil.id), "status": "present", "minutes_late": 5},
        ],
        headers=world.teacher.headers,
    )
    assert [e["field"] for e in response.json()["errors"]] == ["0.student_id", "1.minutes_late"]


async def test_student_attendance_list(client: AsyncClient, world: World) -> None:
    lesson = await lesson_on(client, world.teacher, MONDAY)
    await client.put(
        f"/api/v1/lessons/{lesson['id']}/attendance",
        json=[{"student_id": str(world.pupil.id), "status": "absent"}],
        headers=world.teacher.headers,
    )

    mine = await client.get(
        f"/api/v1/students/{world.pupil.id}/attendance", headers=world.parent.headers
    )
    pe_teacher = await client.get(
        f"/api/v1/students/{world.pupil.id}/attendance", headers=world.other_teacher.headers
    )

    assert mine.json()["total"] == 1
    assert mine.json()["items"][0]["subject"]["name"] == "Алгебра"
    assert pe_teacher.json()["total"] == 0  # not their subject
