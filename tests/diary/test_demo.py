"""``seed-demo``'s diary step: a realistic current term and demo accounts, idempotent."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.demo.seed import DemoData
from api.diary import demo
from api.diary.grades.models import Grade
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


async def test_demo_diary_is_realistic_and_idempotent(
    session: AsyncSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Mid second quarter: the term has lessons held (with grades) and lessons to come.
    now = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
    monkeypatch.setattr(clock, "now", lambda: now)
    monkeypatch.setattr(schools_service, "now", lambda: now)
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
