"""The ORM reading of the week diary, the grade list, the child switcher, the term summary
and term grades (``api/diary/reading/statements.py``, ``api/diary/grades/statements.py``)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from sqlalchemy import Select, and_, func, literal, or_, select, true
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from api.diary.attendance.models import AttendanceMark, AttendanceStatus
from api.diary.grades import averages
from api.diary.grades import service as grades_service
from api.diary.grades.access import readable_grades
from api.diary.grades.models import Grade, TermGrade, WorkType
from api.diary.grades.schemas import (
    AverageTerm,
    GradeOut,
    TermGradeOut,
    grade_value,
    work_type_ref,
)
from api.diary.homework.models import Homework, HomeworkCompletion
from api.diary.lessons.access import teaches_lesson
from api.diary.lessons.models import Lesson
from api.diary.reading.journal_schemas import (
    SubjectSummary,
    Summary,
)
from api.diary.reading.schemas import (
    Diary,
    DiaryDay,
    DiaryGrade,
    DiaryHomework,
    DiaryLesson,
    DiaryStudent,
    MyStudent,
)
from api.diary.schemas import AttendanceState, GradeValue, Ref, account_ref
from api.diary.structure import terms as structure_terms
from api.diary.structure.access import get_readable_student
from api.diary.structure.models import Guardianship, Student, Subject, SubjectAssessment
from api.diary.structure.viewer import (
    Viewer,
    sees_student_fully,
    teaches,
)
from api.identity.deps import Principal
from api.identity.models import Account
from api.schools.models import School, SchoolClass
from tests.diary.reference.events import student_events


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
    substitute, planned = aliased(Account), aliased(WorkType)
    rows = (
        await session.execute(
            select(Lesson, Subject, Account, substitute, planned)
            .join(Subject, Subject.id == Lesson.subject_id)
            .join(Account, Account.id == Lesson.teacher_id)
            .outerjoin(substitute, substitute.id == Lesson.substitute_teacher_id)
            .outerjoin(planned, planned.id == Lesson.planned_work_type_id)
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
    events = await student_events(session, viewer, student, zone, days[0], days[-1])
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
    for lesson, subject, teacher, sub, work in rows:
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
                planned_work=work_type_ref(work) if work is not None else None,
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
        events=events,
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


async def summary(
    session: AsyncSession, principal: Principal, student: Student, term_id: uuid.UUID | None
) -> Summary:
    school = await session.get(School, student.school_id)
    assert school is not None
    term = await averages.resolve_term(session, school, term_id)
    thresholds = await grades_service.policy(session, school.id)
    grades = (
        readable_grades(principal)
        .where(
            Grade.student_id == student.id, Grade.date >= term.starts_on, Grade.date <= term.ends_on
        )
        .subquery()
    )
    rows = await session.execute(
        select(grades.c.subject_id, grades.c.score, grades.c.passed, WorkType.weight).join(
            WorkType, WorkType.id == grades.c.work_type_id
        )
    )
    counted: dict[uuid.UUID, list[averages.Counted]] = {}
    for subject_id, score, passed, weight in rows:
        counted.setdefault(subject_id, []).append(
            averages.Counted(grade_value(score, passed), weight)
        )
    viewer = Viewer.of(principal)
    taught_here = select(Lesson.subject_id).where(Lesson.class_id == student.class_id)
    full = await session.scalar(select(sees_student_fully(viewer)).where(Student.id == student.id))
    query = select(Subject).where(Subject.id.in_(taught_here)).order_by(Subject.name)
    if not full:
        query = query.where(teaches(viewer, literal(student.class_id), Subject.id))
    subjects = list(await session.scalars(query))
    marks = await session.execute(
        select(Lesson.subject_id, AttendanceMark.status)
        .join(Lesson, Lesson.id == AttendanceMark.lesson_id)
        .where(
            AttendanceMark.student_id == student.id,
            AttendanceMark.date >= term.starts_on,
            AttendanceMark.date <= term.ends_on,
        )
    )
    absences: dict[uuid.UUID, list[AttendanceStatus]] = {}
    for subject_id, status in marks:
        absences.setdefault(subject_id, []).append(status)
    term_grades = {
        row.subject_id: grade_value(row.score, row.passed)
        for row in await session.scalars(
            select(TermGrade).where(
                TermGrade.student_id == student.id, TermGrade.term_id == term.id
            )
        )
    }
    out = []
    for subject in subjects:
        items = counted.get(subject.id, [])
        _, _, average = averages.weighted_average(items)
        result: GradeValue | None
        if subject.assessment == SubjectAssessment.pass_fail:
            result = averages.pass_fail(items)
        else:
            result = averages.final_grade(average, thresholds) if average is not None else None
        statuses = absences.get(subject.id, [])
        out.append(
            SubjectSummary(
                subject=Ref(id=subject.id, name=subject.name),
                assessment=subject.assessment,
                grades=len(items),
                average=_float(average),
                result=result,
                absences=sum(
                    1 for s in statuses if s in (AttendanceStatus.absent, AttendanceStatus.excused)
                ),
                lates=sum(1 for s in statuses if s == AttendanceStatus.late),
                term_grade=term_grades.get(subject.id),
            )
        )
    return Summary(
        student_id=student.id,
        term=AverageTerm(
            id=term.id,
            name=structure_terms.term_name(term.kind, term.number),
            starts_on=term.starts_on,
            ends_on=term.ends_on,
        ),
        subjects=out,
    )


def _float(value: Decimal | None) -> float | None:
    return float(value) if value is not None else None


async def student_term_grades(
    session: AsyncSession, principal: Principal, student: Student
) -> list[TermGradeOut]:
    viewer = Viewer.of(principal)
    full = await session.scalar(select(sees_student_fully(viewer)).where(Student.id == student.id))
    query = (
        select(TermGrade, Subject)
        .join(Subject, Subject.id == TermGrade.subject_id)
        .where(TermGrade.student_id == student.id)
        .order_by(TermGrade.academic_year, Subject.name, TermGrade.period, TermGrade.set_at)
    )
    if not full:
        query = query.where(teaches(viewer, literal(student.class_id), TermGrade.subject_id))
    rows = await session.execute(query)
    return [averages._term_grade_out(row, subject) for row, subject in rows]
