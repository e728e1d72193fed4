"""``seed-demo``'s diary step: a realistic current term and demo accounts, idempotent."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest
from sqlalchemy import and_, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from api.demo.seed import DemoData
from api.diary import demo
from api.diary.attendance.models import AttendanceMark
from api.diary.demo.school import CURRICULUM
from api.diary.demo.timetable import weekly_plan
from api.diary.grades.models import Grade
from api.diary.homework.models import Homework
from api.diary.lessons.models import Lesson
from api.diary.structure.models import Guardianship, Student, TeachingAssignment
from api.identity import clock
from api.identity.models import Account
from api.schools import demo as schools_demo
from api.schools import service as schools_service


async def run(session: AsyncSession) -> DemoData:
    data = DemoData()
    for school, _ in await schools_demo.seed_demo_schools(session):
        data.schools.append(
            {"id": str(school.id), "short_name": school.short_name, "timezone": school.timezone}
        )
    await demo.seed_diary(session, data)
    return data


@pytest.fixture
def mid_second_quarter(monkeypatch: pytest.MonkeyPatch) -> None:
    """The term has lessons held (with grades) and lessons to come."""
    now = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
    monkeypatch.setattr(clock, "now", lambda: now)
    monkeypatch.setattr(schools_service, "now", lambda: now)


@pytest.mark.usefixtures("mid_second_quarter")
async def test_demo_diary_is_realistic_and_idempotent(session: AsyncSession) -> None:
    first = await run(session)
    counts = [
        await session.scalar(select(func.count()).select_from(t)) for t in (Lesson, Grade, Student)
    ]
    second = await run(session)

    assert [
        await session.scalar(select(func.count()).select_from(t)) for t in (Lesson, Grade, Student)
    ] == counts
    assert first.accounts == second.accounts
    roles = {a["role"]: a for a in first.accounts}
    assert set(roles) == {
        "teacher",
        "class_teacher",
        "school_admin",
        "operator",
        "parent",
        "student",
    }
    assert all(
        a["login"].startswith("+7") and a["password"] == demo.PASSWORD for a in first.accounts
    )
    assert counts[2] == 75
    assert (counts[1] or 0) > 0
    # The parent's child is in a class the demo teacher teaches every week.
    child_id = uuid.UUID(roles["parent"]["student_ids"][0])
    child = await session.get(Student, child_id)
    teacher = await session.scalar(
        select(Account).where(Account.phone == roles["teacher"]["login"])
    )
    assert child is not None
    assert teacher is not None
    assert await session.scalar(
        select(TeachingAssignment.id).where(
            TeachingAssignment.teacher_id == teacher.id,
            TeachingAssignment.class_id == child.class_id,
        )
    )
    weekly = await session.scalar(
        select(func.count()).where(
            Lesson.teacher_id == teacher.id, Lesson.class_id == child.class_id
        )
    )
    assert weekly is not None
    assert weekly >= 4
    parent = await session.scalar(select(Account).where(Account.phone == roles["parent"]["login"]))
    assert parent is not None
    assert parent.level == "confirmed"
    assert parent.mfa_sms_enabled
    assert await session.scalar(
        select(Guardianship.id).where(
            Guardianship.account_id == parent.id, Guardianship.student_id == child_id
        )
    )
    assert roles["student"]["student_ids"]


@pytest.mark.usefixtures("mid_second_quarter")
async def test_no_demo_teacher_or_room_has_two_lessons_at_once(session: AsyncSession) -> None:
    data = await run(session)
    school_id = uuid.UUID(data.schools[0]["id"])
    other = aliased(Lesson)
    overlap = and_(other.starts_at < Lesson.ends_at, Lesson.starts_at < other.ends_at)
    lessons = select(func.count()).where(Lesson.school_id == school_id)
    clashes = select(func.count()).where(
        Lesson.school_id == school_id, other.school_id == school_id, Lesson.id < other.id, overlap
    )

    assert (await session.scalar(lessons) or 0) > 500
    assert await session.scalar(clashes.where(Lesson.teacher_id == other.teacher_id)) == 0
    assert await session.scalar(clashes.where(Lesson.room == other.room)) == 0
    assert await session.scalar(clashes.where(Lesson.class_id == other.class_id)) == 0


@pytest.mark.usefixtures("mid_second_quarter")
async def test_demo_journal_looks_like_a_real_class(session: AsyncSession) -> None:
    await run(session)
    sick = await session.scalar(
        select(func.count()).where(
            AttendanceMark.status == "excused", AttendanceMark.reason.is_not(None)
        )
    )
    late = await session.scalar(
        select(func.count()).where(AttendanceMark.status == "late", AttendanceMark.minutes_late > 0)
    )
    homework = (await session.execute(select(Homework.due_date, Lesson.date).join(Lesson))).all()

    assert sick
    assert late
    assert homework
    # Homework is due by a later lesson of the subject, never on the day it is set.
    assert all(due > held for due, held in homework)


def test_weekly_plan_gives_every_class_its_curriculum_without_clashes() -> None:
    curricula = {"5-А": CURRICULUM[5], "9-А": CURRICULUM[9], "9-Б": CURRICULUM[9]}

    plan = weekly_plan(curricula)

    taken: set[tuple[int, int, str]] = set()
    for name, placements in plan.items():
        per_subject = {c.subject: 0 for c in curricula[name]}
        days: dict[int, list[int]] = {}
        for p in placements:
            assert (p.weekday, p.number, p.course.teacher) not in taken
            taken.add((p.weekday, p.number, p.course.teacher))
            per_subject[p.course.subject] += 1
            days.setdefault(p.weekday, []).append(p.number)
        assert per_subject == {c.subject: c.per_week for c in curricula[name]}
        # Five school days, lessons from the first bell without gaps («окна»).
        assert sorted(days) == [1, 2, 3, 4, 5]
        assert all(sorted(n) == list(range(1, len(n) + 1)) for n in days.values())
    assert weekly_plan(curricula) == plan
