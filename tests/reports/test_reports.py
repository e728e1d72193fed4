"""Reports over the API: the student report, class and school analytics, journal
completeness, and who may see which (REPORTS.md §2)."""

from __future__ import annotations

from datetime import date

from httpx import AsyncClient
from sqlalchemy.ext.asyncio import AsyncSession

from api.diary.attendance.models import AttendanceStatus
from tests.diary.world import World
from tests.reports.journal import close_term, mark, put_grade

NOV = 11


def d(day: int) -> date:
    return date(2026, NOV, day)


async def class_b_journal(session: AsyncSession, world: World) -> None:
    """Algebra: Иванов 5 (test) + 4 → 14/3 = 4.67 → 5; Смирнов 4, 4, 3 → 3.67 → 4;
    Алексеева 2, 3 → 2.50 → 3. PE: Иванов зачёт, Смирнов незачёт, Алексеева ungraded."""
    a, pe = world.algebra, world.pe
    await put_grade(session, world, world.pupil, a, d(10), 5, "test")
    await put_grade(session, world, world.pupil, a, d(11), 4)
    for day, value in ((10, 4), (11, 4), (12, 3)):
        await put_grade(session, world, world.own, a, d(day), value)
    await put_grade(session, world, world.classmate, a, d(10), 2)
    await put_grade(session, world, world.classmate, a, d(11), 3)
    await put_grade(session, world, world.pupil, pe, d(10), "pass")
    await put_grade(session, world, world.own, pe, d(10), "fail")


async def test_class_analytics_hand_computed(
    client: AsyncClient, session: AsyncSession, world: World
) -> None:
    await class_b_journal(session, world)
    response = await client.get(
        f"/api/v1/classes/{world.class_b.id}/analytics",
        params={"term_id": str(world.term.id)},
        headers=world.class_teacher.headers,
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["class_name"] == "9-Б"
    assert body["students_count"] == 3
    by_name = {s["name"]: s for s in body["subjects"]}
    algebra = by_name["Алгебра"]
    assert algebra["teacher_name"] == "Соколова Анна Петровна"
    assert algebra["students_graded"] == 3
    assert (algebra["success_rate"], algebra["quality_rate"], algebra["sou"]) == (
        100.0,
        66.7,
        66.7,
    )
    assert algebra["average"] == 3.6  # (4.67 + 3.67 + 2.50) / 3 = 3.613…
    assert algebra["distribution"] == {"5": 1, "4": 1, "3": 1, "2": 0, "1": 0}
    pe = by_name["Физическая культура"]
    assert pe["students_graded"] == 2
    assert pe["success_rate"] == 50.0
    assert (pe["quality_rate"], pe["sou"], pe["average"]) == (None, None, None)


async def test_closed_term_grade_counts_instead_of_the_average(
    client: AsyncClient, session: AsyncSession, world: World
) -> None:
    await class_b_journal(session, world)
    await close_term(session, world, world.classmate, world.algebra, 2)
    body = (
        await client.get(
            f"/api/v1/classes/{world.class_b.id}/analytics", headers=world.admin.headers
        )
    ).json()
    algebra = next(s for s in body["subjects"] if s["name"] == "Алгебра")
    assert algebra["success_rate"] == 66.7
    assert algebra["sou"] == 60.0  # (100 + 64 + 16) / 3
    assert algebra["distribution"] == {"5": 1, "4": 1, "3": 0, "2": 1, "1": 0}


async def test_school_analytics_pool_classes_and_empty_class(
    client: AsyncClient, session: AsyncSession, world: World
) -> None:
    await class_b_journal(session, world)
    response = await client.get(
        f"/api/v1/schools/{world.school.id}/analytics", headers=world.admin.headers
    )
    assert response.status_code == 200, response.text
    body = response.json()
    classes = {c["class_name"]: c for c in body["classes"]}
    assert set(classes) == {"9-А", "9-Б"}
    empty = classes["9-А"]["subjects"][0]  # 9-А: one pupil, no grades
    assert empty["students_graded"] == 0
    assert (empty["success_rate"], empty["quality_rate"], empty["sou"], empty["average"]) == (
        None,
        None,
        None,
        None,
    )
    school = body["school"]
    assert school["students_count"] == 4
    assert school["students_graded"] == 3
    # Algebra 5, 4, 3 and PE pass, fail: success (3 + 1) / 5 = 80.0; quality over algebra.
    assert school["success_rate"] == 80.0
    assert school["quality_rate"] == 66.7
    assert school["average"] == 3.6


async def test_student_report_for_a_term_with_attendance(
    client: AsyncClient, session: AsyncSession, world: World
) -> None:
    await class_b_journal(session, world)
    await close_term(session, world, world.pupil, world.algebra, 5)
    await mark(session, world.pupil, world.algebra, d(16), AttendanceStatus.absent)
    await mark(session, world.pupil, world.pe, d(16), AttendanceStatus.excused)
    await mark(session, world.pupil, world.algebra, d(17), AttendanceStatus.late)
    response = await client.get(
        f"/api/v1/students/{world.pupil.id}/report",
        params={"term_id": str(world.term.id)},
        headers=world.parent.headers,
    )
    assert response.status_code == 200, response.text
    report = response.json()
    assert report["student"]["name"] == "Иванов Пётр"
    assert report["student"]["class_name"] == "9-Б"
    assert report["period"]["from"] == "2026-11-09"
    assert report["period"]["to"] == "2026-11-29"
    assert report["period"]["title"] == "2-я четверть 2026/2027"
    algebra = next(s for s in report["subjects"] if s["name"] == "Алгебра")
    assert algebra["average"] == 4.67
    assert algebra["term_grade"] == "5"
    assert [(g["value"], g["weight"], g["date"]) for g in algebra["grades"]] == [
        (5, 2.0, "2026-11-10"),
        (4, 1.0, "2026-11-11"),
    ]
    assert [p["average"] for p in algebra["trend"]] == [5.0, 4.67]
    pe = next(s for s in report["subjects"] if s["name"] == "Физическая культура")
    assert pe["average"] is None
    assert pe["term_grade"] is None
    assert [g["value"] for g in pe["grades"]] == ["pass"]
    attendance = report["attendance"]
    # 15 school days × (algebra + PE) = 30 lessons; 1 absent, 1 excused, 1 late → 28/30.
    assert attendance["lessons_held"] == 30
    assert (attendance["absent"], attendance["absent_excused"], attendance["late"]) == (1, 1, 1)
    assert attendance["attendance_rate"] == 93.3
    assert [m["month"] for m in attendance["months"]] == ["2026-11"]
    # Families never see other students' names or grades in their report.
    assert "Алексеева" not in response.text
    assert "Смирнов" not in response.text


async def test_gaps_say_in_words_where_the_average_fell(
    client: AsyncClient, session: AsyncSession, world: World
) -> None:
    await put_grade(session, world, world.pupil, world.algebra, d(10), 5)
    await put_grade(session, world, world.pupil, world.algebra, d(24), 2, "test")
    report = (
        await client.get(
            f"/api/v1/students/{world.pupil.id}/report",
            params={"from": "2026-11-09", "to": "2026-11-29"},
            headers=world.parent.headers,
        )
    ).json()
    assert report["period"]["title"] == "с 9 ноября 2026\u00a0г. по 29 ноября 2026\u00a0г."
    assert report["period"]["term_id"] is None
    gaps = [g for g in report["gaps"] if g["kind"] == "average_fell"]
    assert [g["text"] for g in gaps] == [
        "Алгебра: средний балл снизился с 5,00 до 3,00 во второй половине периода"
    ]


async def test_parent_never_sees_another_child(client: AsyncClient, world: World) -> None:
    response = await client.get(
        f"/api/v1/students/{world.stranger.id}/report", headers=world.parent.headers
    )
    assert response.status_code == 404
    assert response.json()["code"] == "student_not_found"
    for path in (
        f"/api/v1/classes/{world.class_b.id}/analytics",
        f"/api/v1/schools/{world.school.id}/analytics",
    ):
        refused = await client.get(path, headers=world.parent.headers)
        assert refused.status_code == 403, path


async def test_teacher_sees_only_their_classes_and_subjects(
    client: AsyncClient, session: AsyncSession, world: World
) -> None:
    await class_b_journal(session, world)
    other_class = await client.get(
        f"/api/v1/classes/{world.class_a.id}/analytics", headers=world.teacher.headers
    )
    assert other_class.status_code == 404
    assert other_class.json()["code"] == "class_not_found"
    report = await client.get(
        f"/api/v1/students/{world.pupil.id}/report", headers=world.teacher.headers
    )
    assert report.status_code == 200
    assert [s["name"] for s in report.json()["subjects"]] == ["Алгебра"]
    school = await client.get(
        f"/api/v1/schools/{world.school.id}/analytics", headers=world.teacher.headers
    )
    assert school.status_code == 403
    foreign = await client.get(
        f"/api/v1/schools/{world.school.id}/analytics", headers=world.foreign_admin.headers
    )
    assert foreign.status_code == 404


async def test_journal_completeness_per_teacher(
    client: AsyncClient, session: AsyncSession, world: World
) -> None:
    await mark(session, world.pupil, world.algebra, d(10), AttendanceStatus.present)
    await put_grade(session, world, world.pupil, world.algebra, d(11), 5, entered_days_later=3)
    await put_grade(session, world, world.own, world.algebra, d(11), 4, entered_days_later=4)
    response = await client.get(
        f"/api/v1/schools/{world.school.id}/journal-completeness",
        params={"from": "2026-11-09", "to": "2026-11-13"},
        headers=world.admin.headers,
    )
    assert response.status_code == 200, response.text
    items = {i["name"]: i for i in response.json()["items"]}
    sokolova = items["Соколова Анна Петровна"]  # algebra 9-Б, Mon–Fri
    assert sokolova["lessons_held"] == 5
    assert sokolova["without_topic"] == 5
    assert sokolova["without_attendance"] == 4
    assert sokolova["late_grades"] == 1  # 4 days later is late; 3 days is not
    volkov = items["Волков Игорь Петровна"]  # algebra 9-А and PE 9-Б
    assert volkov["lessons_held"] == 10
    assert volkov["late_grades"] == 0
