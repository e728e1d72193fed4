"""Journal completeness per teacher (REPORTS.md §2): lessons held, lessons without a
topic, without attendance marks, and grades entered more than three days after the
lesson (in the school's time zone). For the school's administration."""

from __future__ import annotations

import uuid
from collections import defaultdict

from sqlalchemy import exists, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.diary.attendance.models import AttendanceMark
from api.diary.grades import averages
from api.diary.grades.models import Grade
from api.diary.lessons.models import Lesson, LessonStatus
from api.diary.schemas import person_name
from api.identity.models import Account
from api.reports.period import Period
from api.reports.schemas import JournalCompleteness, TeacherCompleteness
from api.schools.models import School

LATE_AFTER_DAYS = 3


async def journal_completeness(
    session: AsyncSession, school: School, period: Period
) -> JournalCompleteness:
    today = averages.today_in(school.timezone)
    last = min(period.ends_on, today)
    counts: dict[uuid.UUID, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    teacher = func.coalesce(Lesson.substitute_teacher_id, Lesson.teacher_id)
    lessons = await session.execute(
        select(
            teacher,
            func.count(),
            func.count().filter(or_(Lesson.topic.is_(None), func.btrim(Lesson.topic) == "")),
            func.count().filter(~exists().where(AttendanceMark.lesson_id == Lesson.id)),
        )
        .where(
            Lesson.school_id == school.id,
            Lesson.date >= period.starts_on,
            Lesson.date <= last,
            Lesson.status != LessonStatus.cancelled,
        )
        .group_by(teacher)
    )
    for teacher_id, held, without_topic, without_attendance in lessons:
        counts[teacher_id][:3] = [held, without_topic, without_attendance]
    entered_on = func.date(func.timezone(school.timezone, Grade.created_at))
    late = await session.execute(
        select(Grade.teacher_id, func.count())
        .join(Lesson, Lesson.id == Grade.lesson_id)
        .where(
            Lesson.school_id == school.id,
            Lesson.date >= period.starts_on,
            Lesson.date <= last,
            Grade.deleted_at.is_(None),
            entered_on - Lesson.date > LATE_AFTER_DAYS,
        )
        .group_by(Grade.teacher_id)
    )
    for teacher_id, count in late:
        counts[teacher_id][3] = count
    names = {
        a.id: person_name(a.last_name, a.first_name, a.middle_name)
        for a in await session.scalars(select(Account).where(Account.id.in_(list(counts))))
    }
    items = sorted(
        (
            TeacherCompleteness(
                teacher_id=teacher_id,
                name=names.get(teacher_id, "—"),
                lessons_held=held,
                without_topic=without_topic,
                without_attendance=without_attendance,
                late_grades=late_grades,
            )
            for teacher_id, (held, without_topic, without_attendance, late_grades) in counts.items()
        ),
        key=lambda item: item.name,
    )
    return JournalCompleteness(
        items=items, from_date=period.starts_on, to_date=period.ends_on, total=len(items)
    )
