"""A class's attendance by student over a period (REPORTS.md §1: ``attendance_rate`` =
lessons attended / lessons held × 100, excused and unexcused absences counted apart).

Lessons held are the class's lessons up to today that were not cancelled; a subject
teacher counts only their subjects' lessons (``visible_subjects``), as in the diary.
"""

from __future__ import annotations

import uuid
from collections import defaultdict

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.diary.attendance.models import AttendanceMark, AttendanceStatus
from api.diary.grades import averages
from api.diary.lessons.models import Lesson, LessonStatus
from api.diary.schemas import person_name
from api.diary.structure.models import Student
from api.reports import indicators
from api.reports.period import Period
from api.reports.schemas import ClassAttendance, StudentAttendance
from api.schools.models import School, SchoolClass


def row(student_id: uuid.UUID, name: str, a: indicators.Attendance) -> StudentAttendance:
    rate = a.rate
    return StudentAttendance(
        student_id=student_id,
        name=name,
        lessons_held=a.lessons_held,
        absent=a.absent,
        absent_excused=a.absent_excused,
        late=a.late,
        attendance_rate=float(rate) if rate is not None else None,
    )


async def class_attendance(
    session: AsyncSession,
    school_class: SchoolClass,
    period: Period,
    subject_ids: frozenset[uuid.UUID] | None = None,
) -> ClassAttendance:
    school = await session.get(School, school_class.school_id)
    assert school is not None
    last_day = min(period.ends_on, averages.today_in(school.timezone))
    held = [
        Lesson.class_id == school_class.id,
        Lesson.date >= period.starts_on,
        Lesson.date <= last_day,
        Lesson.status != LessonStatus.cancelled,
    ]
    if subject_ids is not None:
        held.append(Lesson.subject_id.in_(subject_ids))
    lessons = int(await session.scalar(select(func.count()).where(*held)) or 0)
    students = list(
        await session.scalars(
            select(Student)
            .where(Student.class_id == school_class.id)
            .order_by(Student.last_name, Student.first_name, Student.id)
        )
    )
    counts: dict[uuid.UUID, indicators.Attendance] = defaultdict(indicators.Attendance)
    marks = await session.execute(
        select(AttendanceMark.student_id, AttendanceMark.status, func.count())
        .join(Lesson, Lesson.id == AttendanceMark.lesson_id)
        .where(
            *held,
            AttendanceMark.status.in_(
                [AttendanceStatus.absent, AttendanceStatus.excused, AttendanceStatus.late]
            ),
        )
        .group_by(AttendanceMark.student_id, AttendanceMark.status)
    )
    for student_id, status, count in marks:
        counts[student_id] += indicators.Attendance(
            absent=count if status == AttendanceStatus.absent else 0,
            absent_excused=count if status == AttendanceStatus.excused else 0,
            late=count if status == AttendanceStatus.late else 0,
        )
    rows = [
        row(
            s.id,
            person_name(s.last_name, s.first_name, s.middle_name),
            indicators.Attendance(lessons_held=lessons) + counts[s.id],
        )
        for s in students
    ]
    total = sum(
        (indicators.Attendance(lessons_held=lessons) + counts[s.id] for s in students),
        indicators.Attendance(),
    )
    return ClassAttendance(
        class_id=school_class.id,
        class_name=school_class.name,
        from_date=period.starts_on,
        to_date=period.ends_on,
        title=period.title,
        students=rows,
        total=row(school_class.id, "Класс в целом", total) if students else None,
    )
