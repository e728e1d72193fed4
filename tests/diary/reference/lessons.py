"""The ORM reading of a lesson and of a teacher's lessons (``api/diary/lessons/statements.py``)."""

from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from api.diary.grades.models import WorkType
from api.diary.lessons.access import teaches_lesson
from api.diary.lessons.models import Lesson
from api.diary.lessons.schemas import LessonOut, LessonSummary
from api.diary.schemas import Ref, WorkTypeRef, account_ref
from api.diary.structure import students as structure_students
from api.diary.structure.models import Subject
from api.diary.structure.schemas import RosterStudent
from api.diary.structure.viewer import (
    Viewer,
    runs_class,
)
from api.identity.deps import Principal
from api.identity.models import Account
from api.schools.models import School, SchoolClass


async def lesson_summaries(session: AsyncSession, query: Select[Lesson]) -> list[LessonSummary]:
    """``query`` (scoped lessons) with class, subject, teachers and local times (the ORM
    reading of ``api/diary/lessons/statements.py``)."""
    lessons = query.subquery()
    substitute = aliased(Account)
    rows = await session.execute(
        select(
            aliased(Lesson, lessons),
            SchoolClass,
            Subject,
            Account,
            substitute,
            School.timezone,
            WorkType,
        )
        .join(SchoolClass, SchoolClass.id == lessons.c.class_id)
        .join(Subject, Subject.id == lessons.c.subject_id)
        .join(Account, Account.id == lessons.c.teacher_id)
        .outerjoin(substitute, substitute.id == lessons.c.substitute_teacher_id)
        .join(School, School.id == lessons.c.school_id)
        .outerjoin(WorkType, WorkType.id == lessons.c.planned_work_type_id)
        .order_by(lessons.c.starts_at, lessons.c.number, lessons.c.id)
    )
    result = []
    for lesson, school_class, subject, teacher, sub, timezone, planned in rows:
        zone = ZoneInfo(timezone)
        result.append(
            LessonSummary(
                id=lesson.id,
                date=lesson.date,
                number=lesson.number,
                starts_at=lesson.starts_at.astimezone(zone),
                ends_at=lesson.ends_at.astimezone(zone),
                status=lesson.status,
                topic=lesson.topic,
                room=lesson.room,
                change_note=lesson.change_note,
                school_class=Ref(id=school_class.id, name=school_class.name),
                subject=Ref(id=subject.id, name=subject.name),
                teacher=account_ref(teacher),
                substitute_teacher=account_ref(sub) if sub is not None else None,
                original_date=lesson.original_date,
                planned_work=WorkTypeRef(
                    code=planned.code, name=planned.name, weight=float(planned.weight)
                )
                if planned is not None
                else None,
            )
        )
    return result


async def lesson_detail(session: AsyncSession, principal: Principal, lesson: Lesson) -> LessonOut:
    (summary,) = await lesson_summaries(session, select(Lesson).where(Lesson.id == lesson.id))
    viewer = Viewer.of(principal)
    staff = await session.scalar(
        select(
            teaches_lesson(viewer) | runs_class(viewer, Lesson.class_id, Lesson.school_id)
        ).where(Lesson.id == lesson.id)
    )
    roster = await structure_students.class_roster(session, lesson.class_id) if staff else []
    return LessonOut(
        **summary.model_dump(),
        students=[RosterStudent.model_validate(s, from_attributes=True) for s in roster],
    )


async def my_lessons(
    session: AsyncSession, principal: Principal, start: date, end: date
) -> list[LessonSummary]:
    me = principal.account_id
    query = select(Lesson).where(
        (Lesson.teacher_id == me) | (Lesson.substitute_teacher_id == me),
        Lesson.date >= start,
        Lesson.date <= end,
    )
    return await lesson_summaries(session, query)
