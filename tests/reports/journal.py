"""Writing a hand-made journal straight into the database, for exact report fixtures."""

from __future__ import annotations

import uuid
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from api.diary.attendance.models import AttendanceMark, AttendanceStatus
from api.diary.grades import service as grades_service
from api.diary.grades.models import Grade, GradePeriod, TermGrade
from api.diary.lessons.models import Lesson
from api.diary.structure.models import Student, Subject
from tests.diary.world import World


async def lesson(session: AsyncSession, student: Student, subject: Subject, day: date) -> Lesson:
    found = await session.scalar(
        select(Lesson).where(
            Lesson.class_id == student.class_id, Lesson.subject_id == subject.id, Lesson.date == day
        )
    )
    assert found is not None, (subject.name, day)
    return found


async def put_grade(
    session: AsyncSession,
    world: World,
    student: Student,
    subject: Subject,
    day: date,
    value: int | str,
    work_type: str = "answer",
    *,
    entered_days_later: int = 0,
) -> None:
    types = {w.code: w for w in await grades_service.ensure_work_types(session, world.school.id)}
    at = await lesson(session, student, subject, day)
    entered = datetime.combine(
        day + timedelta(days=entered_days_later), time(12), ZoneInfo("Europe/Moscow")
    )
    session.add(
        Grade(
            id=uuid.uuid4(),
            lesson_id=at.id,
            student_id=student.id,
            subject_id=subject.id,
            date=day,
            work_type_id=types[work_type].id,
            score=value if isinstance(value, int) else None,
            passed=None if isinstance(value, int) else value == "pass",
            teacher_id=at.teacher_id,
            created_at=entered,
        )
    )
    await session.flush()
    await session.commit()


async def mark(
    session: AsyncSession, student: Student, subject: Subject, day: date, status: AttendanceStatus
) -> None:
    at = await lesson(session, student, subject, day)
    session.add(
        AttendanceMark(
            id=uuid.uuid4(),
            lesson_id=at.id,
            student_id=student.id,
            date=day,
            status=status,
            marked_by=at.teacher_id,
        )
    )
    await session.flush()
    await session.commit()


async def close_term(
    session: AsyncSession, world: World, student: Student, subject: Subject, value: int | str
) -> None:
    session.add(
        TermGrade(
            id=uuid.uuid4(),
            student_id=student.id,
            subject_id=subject.id,
            academic_year=2026,
            term_id=world.term.id,
            period=GradePeriod.term,
            score=value if isinstance(value, int) else None,
            passed=None if isinstance(value, int) else value == "pass",
            set_by=world.teacher.id,
        )
    )
    await session.flush()
    await session.commit()
