"""The ORM reading of the diary: the reference the fast path must equal.

These functions say in plain SQLAlchemy what ``api/diary/fastpath.py`` computes in one
statement; tests compare the two on the same data. Endpoints that are not hot paths
(summaries, the child switcher) use this module directly.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, Select, and_, func, or_, select, true
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from api.diary.access import Viewer, sees_student_fully, teaches
from api.diary.attendance.models import AttendanceMark
from api.diary.grades.models import Grade, WorkType
from api.diary.homework.models import Homework, HomeworkCompletion
from api.diary.lessons.access import teaches_lesson
from api.diary.lessons.models import Lesson
from api.diary.reading.schemas import (
    Diary,
    DiaryDay,
    DiaryGrade,
    DiaryHomework,
    DiaryLesson,
    DiaryStudent,
    GradeOut,
    MyStudent,
)
from api.diary.schemas import AttendanceState, GradeValue, Ref, WorkTypeRef, person_name
from api.diary.structure.access import readable_students
from api.diary.structure.models import Guardianship, Student, Subject
from api.errors import NotFound
from api.i18n import Text
from api.identity.deps import Principal
from api.identity.models import Account
from api.schools.models import School, SchoolClass


def student_not_found() -> NotFound:
    return NotFound(code="student_not_found", detail=Text("Такого ученика нет", "No such student"))


async def get_readable_student(
    session: AsyncSession, principal: Principal, student_id: uuid.UUID
) -> Student:
    student = await session.scalar(readable_students(principal).where(Student.id == student_id))
    if student is None:
        raise student_not_found()
    return student


def grade_value(score: int | None, passed: bool | None) -> GradeValue:
    if score is not None:
        return score
    return "pass" if passed else "fail"


def work_type_ref(work_type: WorkType) -> WorkTypeRef:
    return WorkTypeRef(code=work_type.code, name=work_type.name, weight=float(work_type.weight))


def account_ref(account: Account) -> Ref:
    return Ref(
        id=account.id,
        name=person_name(account.last_name, account.first_name, account.middle_name),
    )


def grade_visible(viewer: Viewer, grade: type[Grade] = Grade) -> ColumnElement[bool]:
    """Family, class teacher, administration; a subject teacher for their subject. The
    grade's ``Student`` must be joined in the query (see ``readable_grades``)."""
    return or_(
        sees_student_fully(viewer, Student), teaches(viewer, Student.class_id, grade.subject_id)
    )


async def student_header(session: AsyncSession, student: Student) -> tuple[DiaryStudent, str]:
    school_class = await session.get(SchoolClass, student.class_id)
    school = await session.get(School, student.school_id)
    assert school_class is not None
    assert school is not None
    header = DiaryStudent(
        id=student.id,
        last_name=student.last_name,
        first_name=student.first_name,
        middle_name=student.middle_name,
        school_class=Ref(id=school_class.id, name=school_class.name),
        school=Ref(id=school.id, name=school.short_name),
    )
    return header, school.timezone


async def week_diary(
    session: AsyncSession, principal: Principal, student_id: uuid.UUID, monday: date, week: str
) -> Diary:
    student = await get_readable_student(session, principal, student_id)
    viewer = Viewer.of(principal)
    header, timezone = await student_header(session, student)
    zone = ZoneInfo(timezone)
    full = bool(
        await session.scalar(select(sees_student_fully(viewer)).where(Student.id == student.id))
    )
    days = [monday + timedelta(days=n) for n in range(7)]
    substitute = aliased(Account)
    rows = (
        await session.execute(
            select(Lesson, Subject, Account, substitute)
            .join(Subject, Subject.id == Lesson.subject_id)
            .join(Account, Account.id == Lesson.teacher_id)
            .outerjoin(substitute, substitute.id == Lesson.substitute_teacher_id)
            .where(
                Lesson.class_id == student.class_id,
                Lesson.date >= days[0],
                Lesson.date <= days[-1],
                true() if full else teaches_lesson(viewer),
            )
            .order_by(Lesson.starts_at, Lesson.number, Lesson.id)
        )
    ).all()
    lesson_ids = [lesson.id for lesson, *_ in rows]
    grades = await _grades_by_lesson(session, student.id, lesson_ids)
    homework, day_homework = await _due_homework(session, viewer, student, days, full=full)
    marks = {
        m.lesson_id: m
        for m in await session.scalars(
            select(AttendanceMark).where(
                AttendanceMark.student_id == student.id, AttendanceMark.lesson_id.in_(lesson_ids)
            )
        )
    }
    by_day: dict[date, list[DiaryLesson]] = {day: [] for day in days}
    for lesson, subject, teacher, sub in rows:
        mark = marks.get(lesson.id)
        by_day[lesson.date].append(
            DiaryLesson(
                id=lesson.id,
                number=lesson.number,
                subject=Ref(id=subject.id, name=subject.name),
                starts_at=lesson.starts_at.astimezone(zone),
                ends_at=lesson.ends_at.astimezone(zone),
                teacher=account_ref(teacher),
                substitute_teacher=account_ref(sub) if sub is not None else None,
                room=lesson.room,
                topic=lesson.topic,
                status=lesson.status,
                change_note=lesson.change_note,
                original_date=lesson.original_date,
                original_starts_at=lesson.original_starts_at.astimezone(zone)
                if lesson.original_starts_at is not None
                else None,
                homework=homework.get(lesson.id, []),
                grades=grades.get(lesson.id, []),
                attendance=AttendanceState(
                    status=mark.status.value, minutes_late=mark.minutes_late, reason=mark.reason
                )
                if mark is not None
                else None,
            )
        )
    return Diary(
        student=header,
        week=week,
        timezone=timezone,
        days=[
            DiaryDay(date=day, lessons=by_day[day], homework=day_homework.get(day, []))
            for day in days
        ],
    )


async def _grades_by_lesson(
    session: AsyncSession, student_id: uuid.UUID, lesson_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, list[DiaryGrade]]:
    result: dict[uuid.UUID, list[DiaryGrade]] = {}
    rows = await session.execute(
        select(Grade, WorkType)
        .join(WorkType, WorkType.id == Grade.work_type_id)
        .where(
            Grade.student_id == student_id,
            Grade.lesson_id.in_(lesson_ids),
            Grade.deleted_at.is_(None),
        )
        .order_by(Grade.created_at, Grade.id)
    )
    for grade, work_type in rows:
        result.setdefault(grade.lesson_id, []).append(
            DiaryGrade(
                id=grade.id,
                value=grade_value(grade.score, grade.passed),
                work_type=work_type_ref(work_type),
                comment=grade.comment,
            )
        )
    return result


async def _due_homework(
    session: AsyncSession,
    viewer: Viewer,
    student: Student,
    days: Sequence[date],
    *,
    full: bool,
) -> tuple[dict[uuid.UUID, list[DiaryHomework]], dict[date, list[DiaryHomework]]]:
    """The week's homework by where it is due: the first lesson of its subject on its due
    date, else the due date itself (for those who see the whole diary or teach the
    subject). Lessons are all the class's, not only the viewer's: a subject teacher's
    view leaves out what it would not show, it does not move it."""
    lessons = (
        await session.execute(
            select(Lesson.id, Lesson.subject_id, Lesson.date)
            .where(
                Lesson.class_id == student.class_id,
                Lesson.date >= days[0],
                Lesson.date <= days[-1],
            )
            .order_by(Lesson.starts_at, Lesson.number, Lesson.id)
        )
    ).all()
    first_lesson: dict[tuple[uuid.UUID, date], uuid.UUID] = {}
    for lesson_id, subject_id, day in lessons:
        first_lesson.setdefault((subject_id, day), lesson_id)
    set_lesson = aliased(Lesson)
    taught = teaches(viewer, Homework.class_id, Homework.subject_id)
    rows = await session.execute(
        select(Homework, set_lesson.date, Subject, HomeworkCompletion.done_at, taught)
        .join(set_lesson, set_lesson.id == Homework.lesson_id)
        .join(Subject, Subject.id == Homework.subject_id)
        .outerjoin(
            HomeworkCompletion,
            and_(
                HomeworkCompletion.homework_id == Homework.id,
                HomeworkCompletion.student_id == student.id,
            ),
        )
        .where(
            Homework.class_id == student.class_id,
            Homework.due_date >= days[0],
            Homework.due_date <= days[-1],
        )
        .order_by(Homework.created_at, Homework.id)
    )
    by_lesson: dict[uuid.UUID, list[DiaryHomework]] = {}
    by_day: dict[date, list[DiaryHomework]] = {}
    for homework, set_on, subject, done_at, teaches_it in rows:
        item = DiaryHomework.model_validate(
            {
                "id": homework.id,
                "subject": {"id": subject.id, "name": subject.name},
                "text": homework.text,
                "due_date": homework.due_date,
                "set_on": set_on,
                "attachments": homework.attachments,
                "done": done_at is not None,
            }
        )
        due_at = first_lesson.get((homework.subject_id, homework.due_date))
        if due_at is not None:
            by_lesson.setdefault(due_at, []).append(item)
        elif full or teaches_it:
            by_day.setdefault(homework.due_date, []).append(item)
    return by_lesson, by_day


def readable_grades(principal: Principal) -> Select[Grade]:
    """Grades a caller may see: their family's; a subject teacher's subjects in the classes
    they teach; the class teacher's class; the administration's school."""
    return (
        select(Grade)
        .join(Student, Student.id == Grade.student_id)
        .where(Grade.deleted_at.is_(None), grade_visible(Viewer.of(principal)))
    )


def grade_rows(query: Select[Grade]) -> Select[Grade, WorkType, Subject, Account]:
    grades = query.subquery()
    grade = aliased(Grade, grades)
    return (
        select(grade, WorkType, Subject, Account)
        .join(WorkType, WorkType.id == grade.work_type_id)
        .join(Subject, Subject.id == grade.subject_id)
        .join(Account, Account.id == grade.teacher_id)
    )


def grade_out(grade: Grade, work_type: WorkType, subject: Subject, teacher: Account) -> GradeOut:
    return GradeOut(
        id=grade.id,
        student_id=grade.student_id,
        lesson_id=grade.lesson_id,
        date=grade.date,
        subject=Ref(id=subject.id, name=subject.name),
        value=grade_value(grade.score, grade.passed),
        work_type=work_type_ref(work_type),
        comment=grade.comment,
        teacher=account_ref(teacher),
        created_at=grade.created_at,
        updated_at=grade.updated_at,
    )


async def grade_list(
    session: AsyncSession,
    principal: Principal,
    student_id: uuid.UUID,
    *,
    start: date | None,
    end: date | None,
    subject_id: uuid.UUID | None,
    limit: int,
    offset: int,
) -> tuple[list[GradeOut], int]:
    """A student's grades, newest lesson first: (page, total)."""
    await get_readable_student(session, principal, student_id)
    query = readable_grades(principal).where(Grade.student_id == student_id)
    if start is not None:
        query = query.where(Grade.date >= start)
    if end is not None:
        query = query.where(Grade.date <= end)
    if subject_id is not None:
        query = query.where(Grade.subject_id == subject_id)
    total = await session.scalar(select(func.count()).select_from(query.subquery()))
    ordered = (
        query.order_by(Grade.date.desc(), Grade.created_at.desc(), Grade.id)
        .limit(limit)
        .offset(offset)
    )
    rows = (await session.execute(grade_rows(ordered))).all()
    items = sorted(
        (grade_out(*row) for row in rows),
        key=lambda g: (-g.date.toordinal(), -g.created_at.timestamp(), str(g.id)),
    )
    return items, int(total or 0)


async def my_students(session: AsyncSession, principal: Principal) -> list[MyStudent]:
    """A parent's children and a student's own record, for the child switcher."""
    me = principal.account_id
    rows = await session.execute(
        select(Student, SchoolClass, School, Guardianship.id)
        .join(SchoolClass, SchoolClass.id == Student.class_id)
        .join(School, School.id == Student.school_id)
        .outerjoin(
            Guardianship, and_(Guardianship.student_id == Student.id, Guardianship.account_id == me)
        )
        .where(or_(Student.account_id == me, Guardianship.id.is_not(None)))
        .order_by(Student.last_name, Student.first_name, Student.id)
    )
    return [
        MyStudent(
            id=student.id,
            last_name=student.last_name,
            first_name=student.first_name,
            middle_name=student.middle_name,
            school_class=Ref(id=school_class.id, name=school_class.name),
            school=Ref(id=school.id, name=school.short_name),
            relation="self" if student.account_id == me else "guardian",
        )
        for student, school_class, school, _ in rows
    ]
