"""Clearing an attendance mark set by mistake: the mark is gone, an alerted family is told."""

from __future__ import annotations

from httpx import AsyncClient
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from api.diary.attendance.models import AttendanceMark
from api.notifications.models import Notification
from tests.diary.world import MONDAY, WEEK, World, lesson_on


async def mark(client: AsyncClient, world: World, lesson_id: object, status: str) -> None:
    response = await client.put(
        f"/api/v1/lessons/{lesson_id}/attendance",
        json=[{"student_id": str(world.pupil.id), "status": status}],
        headers=world.teacher.headers,
    )
    assert response.status_code == 200, response.text


async def parent_feed(session: AsyncSession, world: World) -> list[tuple[str, str]]:
    """(title, body) of the parent's notifications, sorted by title: a test is one
    transaction, so they all share one ``created_at``."""
    rows = await session.execute(
        select(Notification.title, Notification.body)
        .where(Notification.account_id == world.parent.id)
        .order_by(Notification.title)
    )
    return [(title, body) for title, body in rows]


async def test_teacher_clears_an_absence_and_the_family_is_told(
    client: AsyncClient, session: AsyncSession, world: World
) -> None:
    lesson = await lesson_on(client, world.teacher, MONDAY)
    await mark(client, world, lesson["id"], "absent")

    response = await client.delete(
        f"/api/v1/lessons/{lesson['id']}/attendance/{world.pupil.id}",
        headers=world.teacher.headers,
    )

    assert response.status_code == 204, response.text
    assert response.content == b""
    marks = await session.scalars(
        select(AttendanceMark).where(AttendanceMark.student_id == world.pupil.id)
    )
    assert marks.all() == []
    diary = await client.get(
        f"/api/v1/students/{world.pupil.id}/diary",
        params={"week": WEEK},
        headers=world.parent.headers,
    )
    assert diary.json()["days"][0]["lessons"][0]["attendance"] is None
    assert await parent_feed(session, world) == [
        (
            "Отметка об отсутствии снята",
            "Пётр: отметка об отсутствии на уроке «Алгебра», 23.11 в 08:30 снята.",
        ),
        ("Пропуск урока", "Пётр отсутствует на уроке «Алгебра», 23.11 в 08:30."),
    ]
    withdrawn = await session.scalar(
        select(Notification).where(
            Notification.account_id == world.parent.id,
            Notification.title == "Отметка об отсутствии снята",
        )
    )
    assert withdrawn is not None
    assert (withdrawn.kind, withdrawn.link) == (
        "attendance",
        f"/students/{world.pupil.id}/diary?week={WEEK}",
    )


async def test_clearing_an_unalerted_mark_tells_nobody(
    client: AsyncClient, session: AsyncSession, world: World
) -> None:
    lesson = await lesson_on(client, world.teacher, MONDAY)
    await mark(client, world, lesson["id"], "excused")
    # Absent, then present: the absence no longer stands, there is nothing to withdraw.
    tuesday = await lesson_on(client, world.teacher, MONDAY.replace(day=24))
    await mark(client, world, tuesday["id"], "absent")
    await mark(client, world, tuesday["id"], "present")
    before = await parent_feed(session, world)

    for lesson_id in (lesson["id"], tuesday["id"]):
        response = await client.delete(
            f"/api/v1/lessons/{lesson_id}/attendance/{world.pupil.id}",
            headers=world.teacher.headers,
        )
        assert response.status_code == 204, response.text

    assert await parent_feed(session, world) == before
    assert [title for title, _ in before] == ["Пропуск урока"]


async def test_clearing_a_lateness_names_it(
    client: AsyncClient, session: AsyncSession, world: World
) -> None:
    lesson = await lesson_on(client, world.teacher, MONDAY)
    await mark(client, world, lesson["id"], "late")

    response = await client.delete(
        f"/api/v1/lessons/{lesson['id']}/attendance/{world.pupil.id}",
        headers=world.admin.headers,
    )

    assert response.status_code == 204, response.text
    assert await parent_feed(session, world) == [
        ("Опоздание", "Пётр опоздал(а) на урок «Алгебра», 23.11 в 08:30."),
        (
            "Отметка об опоздании снята",
            "Пётр: отметка об опоздании на урок «Алгебра», 23.11 в 08:30 снята.",
        ),
    ]


async def test_others_cannot_clear_marks(
    client: AsyncClient, session: AsyncSession, world: World
) -> None:
    lesson = await lesson_on(client, world.teacher, MONDAY)
    await mark(client, world, lesson["id"], "absent")
    url = f"/api/v1/lessons/{lesson['id']}/attendance/{world.pupil.id}"

    foreign_teacher = await client.delete(url, headers=world.other_teacher.headers)
    foreign_admin = await client.delete(url, headers=world.foreign_admin.headers)
    parent = await client.delete(url, headers=world.parent.headers)

    assert [r.status_code for r in (foreign_teacher, foreign_admin, parent)] == [404, 404, 404]
    assert foreign_teacher.json()["code"] == "lesson_not_found"
    remaining = await session.scalar(
        select(AttendanceMark.status).where(AttendanceMark.student_id == world.pupil.id)
    )
    assert remaining == "absent"


async def test_clearing_a_missing_mark_is_404(client: AsyncClient, world: World) -> None:
    lesson = await lesson_on(client, world.teacher, MONDAY)

    response = await client.delete(
        f"/api/v1/lessons/{lesson['id']}/attendance/{world.pupil.id}",
        headers=world.teacher.headers_en(),
    )

    assert response.status_code == 404
    assert response.json()["code"] == "attendance_mark_not_found"
    assert response.json()["detail"] == "The student has no attendance mark for this lesson"
