"""The ORM reading of a student's homework, attendance and grade history and of a lesson's
attendance (``api/diary/{homework,attendance}/statements.py``,
``api/diary/grades/history.py``)."""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import and_, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.diary.attendance import service as attendance_service
from api.diary.attendance.models import AttendanceMark
from api.diary.attendance.schemas import AttendanceOut
from api.diary.grades.access import grade_visible
from api.diary.grades.models import Grade, GradeChange
from api.diary.grades.schemas import (
    GradeChangeOut,
)
from api.diary.homework import service as homework_service
from api.diary.homework.models import Homework, HomeworkComment, HomeworkCompletion
from api.diary.homework.schemas import StudentHomeworkOut
from api.diary.lessons.access import journal_readable_lessons, teaches_lesson
from api.diary.lessons.models import Lesson
from api.diary.schemas import Ref, account_ref
from api.diary.structure.models import Student, Subject
from api.diary.structure.viewer import (
    Viewer,
    is_family_of,
    runs_class,
    sees_subject_record,
)
from api.identity.deps import Principal
from api.identity.models import Account


async def student_homework(
    session: AsyncSession,
    principal: Principal,
    student: Student,
    *,
    start: object,
    end: object,
    soonest_first: bool = False,
    limit: int,
    offset: int,
) -> tuple[list[StudentHomeworkOut], int]:
    """``GET /students/{id}/homework`` (``api/diary/homework/statements.py``)."""
    viewer = Viewer.of(principal)
    comments = (
        select(func.count())
        .where(HomeworkComment.homework_id == Homework.id, HomeworkComment.student_id == student.id)
        .scalar_subquery()
    )
    query = (
        select(Homework, Lesson, Subject, Account, HomeworkCompletion.done_at, comments)
        .join(Lesson, Lesson.id == Homework.lesson_id)
        .join(Subject, Subject.id == Homework.subject_id)
        .join(Account, Account.id == Homework.teacher_id)
        .join(Student, Student.id == student.id)
        .outerjoin(
            HomeworkCompletion,
            and_(
                HomeworkCompletion.homework_id == Homework.id,
                HomeworkCompletion.student_id == student.id,
            ),
        )
        .where(
            Homework.class_id == student.class_id,
            or_(
                is_family_of(viewer, Student.id, Student.account_id),
                runs_class(viewer, Student.class_id, Student.school_id),
                teaches_lesson(viewer),
            ),
        )
    )
    if start is not None:
        query = query.where(Homework.due_date >= start)
    if end is not None:
        query = query.where(Homework.due_date <= end)
    total = await session.scalar(select(func.count()).select_from(query.subquery()))
    # What is due next comes first for current homework; the archive reads newest first.
    by_due = (
        (Homework.due_date, Homework.created_at, Homework.id)
        if soonest_first
        else (Homework.due_date.desc(), Homework.created_at.desc(), Homework.id)
    )
    rows = await session.execute(query.order_by(*by_due).limit(limit).offset(offset))
    items = [
        StudentHomeworkOut(
            **homework_service.homework_out(h, lesson, subject, teacher).model_dump(),
            done=done_at is not None,
            comments=count,
        )
        for h, lesson, subject, teacher, done_at, count in rows
    ]
    return items, int(total or 0)


async def lesson_attendance(
    session: AsyncSession, principal: Principal, lesson_id: uuid.UUID
) -> list[AttendanceOut] | None:
    """``GET /lessons/{id}/attendance`` for a caller its route admits; None → 404."""
    lesson = await session.scalar(journal_readable_lessons(principal).where(Lesson.id == lesson_id))
    if lesson is None:
        return None
    marks = await attendance_service.lesson_marks(session, lesson)
    if principal.is_client:
        # Absence reasons are never given to integrations (contract §4.4).
        marks = [m.model_copy(update={"reason": None}) for m in marks]
    return marks


async def student_attendance(
    session: AsyncSession,
    principal: Principal,
    student_id: uuid.UUID,
    *,
    start: date | None,
    end: date | None,
    limit: int,
    offset: int,
) -> tuple[list[AttendanceOut], int]:
    """Visible like grades: family, class teacher and administration see all; a subject
    teacher the lessons of their subjects. Newest first.
    ``GET /students/{id}/attendance`` (``api/diary/attendance/statements.py``)."""
    query = (
        select(AttendanceMark, Lesson, Subject)
        .join(Lesson, Lesson.id == AttendanceMark.lesson_id)
        .join(Subject, Subject.id == Lesson.subject_id)
        .join(Student, Student.id == AttendanceMark.student_id)
        .where(
            AttendanceMark.student_id == student_id,
            sees_subject_record(Viewer.of(principal), Lesson.subject_id),
        )
    )
    if start is not None:
        query = query.where(AttendanceMark.date >= start)
    if end is not None:
        query = query.where(AttendanceMark.date <= end)
    total = await session.scalar(select(func.count()).select_from(query.subquery()))
    rows = await session.execute(
        query.order_by(AttendanceMark.date.desc(), Lesson.number.desc(), AttendanceMark.id)
        .limit(limit)
        .offset(offset)
    )
    return [attendance_service._out(m, lesson, subject) for m, lesson, subject in rows], int(
        total or 0
    )


async def grade_history(
    session: AsyncSession, principal: Principal, student_id: uuid.UUID, *, limit: int, offset: int
) -> tuple[list[GradeChangeOut], int]:
    """Who set, changed or removed the student's grades, newest first.
    ``GET /students/{id}/grade-history`` (``api/diary/grades/history.py``)."""
    visible = grade_visible(Viewer.of(principal))
    base = (
        select(GradeChange, Grade, Subject, Account)
        .join(Grade, Grade.id == GradeChange.grade_id)
        .join(Subject, Subject.id == Grade.subject_id)
        .join(Account, Account.id == GradeChange.changed_by)
        .join(Student, Student.id == GradeChange.student_id)
        .where(GradeChange.student_id == student_id, visible)
    )
    total = await session.scalar(select(func.count()).select_from(base.subquery()))
    rows = await session.execute(
        base.order_by(GradeChange.changed_at.desc(), GradeChange.id.desc())
        .limit(limit)
        .offset(offset)
    )
    items = [
        GradeChangeOut(
            id=change.id,
            grade_id=grade.id,
            lesson_id=grade.lesson_id,
            date=grade.date,
            subject=Ref(id=subject.id, name=subject.name),
            action=change.action,
            old_value=change.old_value,
            new_value=change.new_value,
            comment=change.comment,
            changed_by=account_ref(account),
            changed_at=change.changed_at,
        )
        for change, grade, subject, account in rows
    ]
    return items, int(total or 0)
