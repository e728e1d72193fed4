"""The ORM reading of the teacher's journal grid (``api/diary/reading/journal.py``)."""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.diary.attendance.models import AttendanceMark
from api.diary.grades import averages
from api.diary.grades.models import Grade, WorkType
from api.diary.grades.schemas import (
    grade_value,
    work_type_ref,
)
from api.diary.lessons.models import Lesson
from api.diary.reading.journal_schemas import (
    Journal,
    JournalAverage,
    JournalLesson,
    JournalMark,
)
from api.diary.reading.schemas import (
    DiaryGrade,
)
from api.diary.schemas import AttendanceState, Ref
from api.diary.structure import students as structure_students
from api.diary.structure.models import Subject
from api.diary.structure.schemas import RosterStudent
from api.diary.structure.viewer import (
    Viewer,
    runs_class,
    teaches,
)
from api.errors import NotFound
from api.i18n import Text
from api.identity.deps import Principal
from api.schools.models import SchoolClass
from tests.diary.reference.reading import _float


async def journal(
    session: AsyncSession,
    principal: Principal,
    class_id: uuid.UUID,
    subject_id: uuid.UUID,
    start: date,
    end: date,
) -> Journal:
    """``GET /classes/{id}/journal`` (``api/diary/reading/journal.py``)."""
    viewer = Viewer.of(principal)
    found = (
        await session.execute(
            select(SchoolClass, Subject)
            .join(Subject, Subject.school_id == SchoolClass.school_id)
            .where(
                SchoolClass.id == class_id,
                Subject.id == subject_id,
                or_(
                    runs_class(viewer, SchoolClass.id, SchoolClass.school_id),
                    teaches(viewer, SchoolClass.id, Subject.id),
                ),
            )
        )
    ).one_or_none()
    if found is None:
        raise NotFound(code="class_not_found", detail=Text("Такого класса нет", "No such class"))
    school_class, subject = found
    roster = await structure_students.class_roster(session, class_id)
    lessons = list(
        await session.scalars(
            select(Lesson)
            .where(
                Lesson.class_id == class_id,
                Lesson.subject_id == subject_id,
                Lesson.date >= start,
                Lesson.date <= end,
            )
            .order_by(Lesson.starts_at, Lesson.number, Lesson.id)
        )
    )
    lesson_ids = [lesson.id for lesson in lessons]
    cells: dict[tuple[uuid.UUID, uuid.UUID], JournalMark] = {}

    def cell(student_id: uuid.UUID, lesson_id: uuid.UUID) -> JournalMark:
        key = (student_id, lesson_id)
        if key not in cells:
            cells[key] = JournalMark(
                student_id=student_id, lesson_id=lesson_id, grades=[], attendance=None
            )
        return cells[key]

    counted: dict[uuid.UUID, list[averages.Counted]] = {}
    rows = await session.execute(
        select(Grade, WorkType)
        .join(WorkType, WorkType.id == Grade.work_type_id)
        .where(Grade.lesson_id.in_(lesson_ids), Grade.deleted_at.is_(None))
        .order_by(Grade.created_at, Grade.id)
    )
    for grade, work_type in rows:
        value = grade_value(grade.score, grade.passed)
        cell(grade.student_id, grade.lesson_id).grades.append(
            DiaryGrade(
                id=grade.id, value=value, work_type=work_type_ref(work_type), comment=grade.comment
            )
        )
        counted.setdefault(grade.student_id, []).append(averages.Counted(value, work_type.weight))
    for mark in await session.scalars(
        select(AttendanceMark).where(AttendanceMark.lesson_id.in_(lesson_ids))
    ):
        cell(mark.student_id, mark.lesson_id).attendance = AttendanceState(
            status=mark.status.value, minutes_late=mark.minutes_late, reason=mark.reason
        )
    order = {lesson_id: n for n, lesson_id in enumerate(lesson_ids)}
    return Journal(
        school_class=Ref(id=school_class.id, name=school_class.name),
        subject=Ref(id=subject.id, name=subject.name),
        students=[RosterStudent.model_validate(s, from_attributes=True) for s in roster],
        lessons=[
            JournalLesson(
                id=lesson.id,
                date=lesson.date,
                number=lesson.number,
                topic=lesson.topic,
                status=lesson.status,
            )
            for lesson in lessons
        ],
        marks=sorted(cells.values(), key=lambda m: (order[m.lesson_id], str(m.student_id))),
        averages=[
            JournalAverage(
                student_id=s.id, average=_float(averages.weighted_average(counted.get(s.id, []))[2])
            )
            for s in roster
        ],
    )
