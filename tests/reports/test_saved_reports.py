"""Saved reports are frozen copies; two of them compare subject by subject (§3)."""

from __future__ import annotations

from httpx import AsyncClient
from sqlalchemy.ext.asyncio import AsyncSession

from api.diary.attendance.models import AttendanceStatus
from tests.diary.world import World
from tests.reports.journal import mark, put_grade
from tests.reports.test_reports import d


async def save(client: AsyncClient, world: World, title: str) -> dict[str, object]:
    response = await client.post(
        f"/api/v1/students/{world.pupil.id}/saved-reports",
        json={"term_id": str(world.term.id), "title": title},
        headers=world.parent.headers,
    )
    assert response.status_code == 201, response.text
    body: dict[str, object] = response.json()
    return body


async def test_saved_report_stays_as_it_was(
    client: AsyncClient, session: AsyncSession, world: World
) -> None:
    await put_grade(session, world, world.pupil, world.algebra, d(10), 5)
    first = await save(client, world, "После первой недели")
    await put_grade(session, world, world.pupil, world.algebra, d(17), 2, "test")

    listed = await client.get(
        f"/api/v1/students/{world.pupil.id}/saved-reports", headers=world.parent.headers
    )
    assert listed.status_code == 200
    page = listed.json()
    assert page["total"] == 1
    frozen = page["items"][0]
    assert frozen["id"] == first["id"]
    assert frozen["title"] == "После первой недели"
    algebra = next(s for s in frozen["report"]["subjects"] if s["name"] == "Алгебра")
    assert algebra["average"] == 5.0
    assert len(algebra["grades"]) == 1

    live = (
        await client.get(
            f"/api/v1/students/{world.pupil.id}/report",
            params={"term_id": str(world.term.id)},
            headers=world.parent.headers,
        )
    ).json()
    assert next(s for s in live["subjects"] if s["name"] == "Алгебра")["average"] == 3.0


async def test_compare_two_saved_reports(
    client: AsyncClient, session: AsyncSession, world: World
) -> None:
    await put_grade(session, world, world.pupil, world.algebra, d(10), 5)
    await put_grade(session, world, world.pupil, world.algebra, d(11), 4)
    a = await save(client, world, "A")  # algebra 4.50; attendance 30/30 = 100.0
    await put_grade(session, world, world.pupil, world.algebra, d(12), 3)
    await mark(session, world.pupil, world.pe, d(12), AttendanceStatus.absent)
    await mark(session, world.pupil, world.pe, d(13), AttendanceStatus.absent)
    b = await save(client, world, "B")  # algebra 4.00; attendance 28/30 = 93.3

    response = await client.get(
        f"/api/v1/students/{world.pupil.id}/saved-reports/compare",
        params={"a": str(a["id"]), "b": str(b["id"])},
        headers=world.parent.headers,
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["a"] == {"id": a["id"], "title": "A"}
    algebra = next(s for s in body["subjects"] if s["name"] == "Алгебра")
    assert (algebra["a_average"], algebra["b_average"], algebra["delta"]) == (4.5, 4.0, -0.5)
    assert body["attendance"] == {"a_rate": 100.0, "b_rate": 93.3, "delta": -6.7}

    listed = (
        await client.get(
            f"/api/v1/students/{world.pupil.id}/saved-reports", headers=world.parent.headers
        )
    ).json()
    assert [r["title"] for r in listed["items"]] == ["B", "A"]  # newest first


async def test_saved_reports_are_the_savers_own(client: AsyncClient, world: World) -> None:
    saved = await save(client, world, "Мой")
    other = await client.get(
        f"/api/v1/students/{world.pupil.id}/saved-reports", headers=world.other_parent.headers
    )
    assert other.status_code == 404
    teacher = await client.get(
        f"/api/v1/students/{world.pupil.id}/saved-reports/compare",
        params={"a": str(saved["id"]), "b": str(saved["id"])},
        headers=world.class_teacher.headers,
    )
    assert teacher.status_code == 404
    assert teacher.json()["code"] == "saved_report_not_found"


async def test_saved_report_needs_one_period(client: AsyncClient, world: World) -> None:
    response = await client.post(
        f"/api/v1/students/{world.pupil.id}/saved-reports",
        json={"term_id": str(world.term.id), "from": "2026-11-01", "to": "2026-11-30"},
        headers=world.parent.headers,
    )
    assert response.status_code == 422


async def test_saved_report_without_a_period_is_the_current_term(
    client: AsyncClient, world: World
) -> None:
    response = await client.post(
        f"/api/v1/students/{world.pupil.id}/saved-reports",
        json={},
        headers=world.parent.headers,
    )
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["title"] == "Отчёт: 2-я четверть 2026/2027"
    assert body["report"]["period"]["term_id"] == str(world.term.id)
