"""The Python computation of the class and school analytics, the «сводная ведомость»
and journal completeness, as they were before they became statements
(``api/reports/analytics_sql.py``, ``api/reports/completeness.py``): the reference the
equivalence tests hold the statements to. ORM rows in, the §1 indicators in Python
(``api.reports.indicators``, ``api.diary.grades.averages``)."""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import exists, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.diary.attendance.models import AttendanceMark, AttendanceStatus
from api.diary.grades import averages
from api.diary.grades import service as grades_service
from api.diary.grades.averages import Counted
from api.diary.grades.models import Grade, TermGrade, WorkType
from api.diary.grades.schemas import grade_value
from api.diary.lessons.models import Lesson, LessonStatus
from api.diary.schemas import person_name
from api.diary.structure.models import (
    Student,
    Subject,
    SubjectAssessment,
    TeachingAssignment,
    on_roster,
    pupils_of,
)
from api.identity.models import Account
from api.reports import indicators
from api.reports.indicators import Indicators, StudentResult
from api.reports.period import Period
from api.reports.schemas import (
    ClassAnalytics,
    ClassSummary,
    Distribution,
    JournalCompleteness,
    SchoolAnalytics,
    SchoolIndicators,
    SubjectIndicators,
    SummaryCell,
    SummaryStudent,
    SummarySubject,
    TeacherCompleteness,
)
from api.schools.models import School, SchoolClass

LATE_AFTER_DAYS = 3

Key = tuple[uuid.UUID, uuid.UUID]  # (student, subject)


def percent(value: Decimal | None) -> float | None:
    return float(value) if value is not None else None


def distribution(counts: dict[str, int]) -> Distribution:
    return Distribution.model_validate(counts)


@dataclass
class _Data:
    students: dict[uuid.UUID, list[uuid.UUID]]  # class → students
    subjects: dict[uuid.UUID, dict[uuid.UUID, str | None]]  # class → subject → teacher
    subject_rows: dict[uuid.UUID, Subject]
    counted: dict[Key, list[Counted]]
    closed: dict[Key, int | str]
    attendance: dict[uuid.UUID, indicators.Attendance]  # class → totals


async def _load(
    session: AsyncSession, school: School, class_ids: Sequence[uuid.UUID], period: Period
) -> _Data:
    today = averages.today_in(school.timezone)
    students: dict[uuid.UUID, list[uuid.UUID]] = {c: [] for c in class_ids}
    for student_id, class_id in await session.execute(
        select(Student.id, Student.class_id).where(Student.class_id.in_(class_ids), on_roster())
    ):
        students[class_id].append(student_id)

    subjects: dict[uuid.UUID, dict[uuid.UUID, str | None]] = {c: {} for c in class_ids}
    assigned = await session.execute(
        select(TeachingAssignment.class_id, TeachingAssignment.subject_id, Account)
        .join(Account, Account.id == TeachingAssignment.teacher_id)
        .where(TeachingAssignment.class_id.in_(class_ids))
        .order_by(Account.last_name, Account.first_name)
    )
    for class_id, subject_id, teacher in assigned:
        subjects[class_id].setdefault(
            subject_id, person_name(teacher.last_name, teacher.first_name, teacher.middle_name)
        )
    taught = await session.execute(
        select(Lesson.class_id, Lesson.subject_id)
        .where(
            Lesson.class_id.in_(class_ids),
            Lesson.date >= period.starts_on,
            Lesson.date <= period.ends_on,
        )
        .distinct()
    )
    for class_id, subject_id in taught:
        subjects[class_id].setdefault(subject_id, None)
    subject_ids = {s for per_class in subjects.values() for s in per_class}
    subject_rows = {
        s.id: s for s in await session.scalars(select(Subject).where(Subject.id.in_(subject_ids)))
    }

    counted: dict[Key, list[Counted]] = defaultdict(list)
    grade_rows = await session.execute(
        select(Grade.student_id, Grade.subject_id, Grade.score, Grade.passed, WorkType.weight)
        .join(WorkType, WorkType.id == Grade.work_type_id)
        .join(Student, Student.id == Grade.student_id)
        .where(
            Student.class_id.in_(class_ids),
            on_roster(),
            Grade.deleted_at.is_(None),
            Grade.date >= period.starts_on,
            Grade.date <= period.ends_on,
        )
    )
    for student_id, subject_id, score, passed, weight in grade_rows:
        counted[(student_id, subject_id)].append(Counted(grade_value(score, passed), weight))

    closed: dict[Key, int | str] = {}
    if period.term is not None:
        term_rows = await session.execute(
            select(TermGrade.student_id, TermGrade.subject_id, TermGrade.score, TermGrade.passed)
            .join(Student, Student.id == TermGrade.student_id)
            .where(
                Student.class_id.in_(class_ids),
                on_roster(),
                TermGrade.term_id == period.term.id,
            )
        )
        for student_id, subject_id, score, passed in term_rows:
            closed[(student_id, subject_id)] = grade_value(score, passed)

    held = (
        select(Lesson.class_id, func.count().label("held"))
        .where(
            Lesson.class_id.in_(class_ids),
            Lesson.date >= period.starts_on,
            Lesson.date <= min(period.ends_on, today),
            Lesson.status != LessonStatus.cancelled,
        )
        .group_by(Lesson.class_id)
    )
    attendance = {c: indicators.Attendance() for c in class_ids}
    for class_id, count in await session.execute(held):
        attendance[class_id] = indicators.Attendance(lessons_held=count * len(students[class_id]))
    missed = await session.execute(
        select(Lesson.class_id, AttendanceMark.status, func.count())
        .join(AttendanceMark, AttendanceMark.lesson_id == Lesson.id)
        .join(Student, Student.id == AttendanceMark.student_id)
        .where(
            Lesson.class_id.in_(class_ids),
            pupils_of(Lesson.class_id),
            Lesson.date >= period.starts_on,
            Lesson.date <= min(period.ends_on, today),
            Lesson.status != LessonStatus.cancelled,
            AttendanceMark.status.in_(
                [AttendanceStatus.absent, AttendanceStatus.excused, AttendanceStatus.late]
            ),
        )
        .group_by(Lesson.class_id, AttendanceMark.status)
    )
    for class_id, status, count in missed:
        attendance[class_id] += indicators.Attendance(
            absent=count if status == AttendanceStatus.absent else 0,
            absent_excused=count if status == AttendanceStatus.excused else 0,
            late=count if status == AttendanceStatus.late else 0,
        )
    return _Data(students, subjects, subject_rows, counted, closed, attendance)


def _results(
    data: _Data, policy: averages.Thresholds, class_id: uuid.UUID, subject: Subject
) -> list[StudentResult]:
    pass_fail = subject.assessment == SubjectAssessment.pass_fail
    out: list[StudentResult] = []
    for student_id in data.students[class_id]:
        key = (student_id, subject.id)
        grades = data.counted.get(key, [])
        _, _, average = averages.weighted_average(grades)
        result: indicators.Result
        if key in data.closed:
            result = data.closed[key]  # type: ignore[assignment]
        elif pass_fail:
            result = averages.pass_fail(grades)
        else:
            result = averages.final_grade(average, policy) if average is not None else None
        out.append(StudentResult(result, None if pass_fail else average))
    return out


def _subject_out(subject: Subject, teacher: str | None, found: Indicators) -> SubjectIndicators:
    return SubjectIndicators(
        subject_id=subject.id,
        name=subject.name,
        assessment=subject.assessment.value,
        teacher_name=teacher,
        students_graded=found.students_graded,
        success_rate=percent(found.success_rate),
        quality_rate=percent(found.quality_rate),
        sou=percent(found.sou),
        average=percent(found.average),
        distribution=distribution(found.distribution),
    )


async def analyse(
    session: AsyncSession, school: School, classes: Sequence[SchoolClass], period: Period
) -> tuple[list[ClassAnalytics], SchoolIndicators]:
    """Each class's analytics and the school's pooled indicators, for a term."""
    assert period.term is not None
    data = await _load(session, school, [c.id for c in classes], period)
    policy = await grades_service.policy(session, school.id)
    out: list[ClassAnalytics] = []
    graded_pool: list[StudentResult] = []
    pass_fail_pool: list[StudentResult] = []
    graded_students: set[uuid.UUID] = set()
    for school_class in classes:
        subjects: list[SubjectIndicators] = []
        teachers = data.subjects[school_class.id]
        for subject in sorted((data.subject_rows[s] for s in teachers), key=lambda s: s.name):
            pass_fail = subject.assessment == SubjectAssessment.pass_fail
            results = _results(data, policy, school_class.id, subject)
            for student_id, result in zip(data.students[school_class.id], results, strict=True):
                if result.result is not None:
                    graded_students.add(student_id)
            (pass_fail_pool if pass_fail else graded_pool).extend(results)
            found = indicators.indicators(results, pass_fail=pass_fail)
            subjects.append(_subject_out(subject, teachers[subject.id], found))
        out.append(
            ClassAnalytics(
                class_id=school_class.id,
                class_name=school_class.name,
                students_count=len(data.students[school_class.id]),
                subjects=subjects,
                attendance_rate=percent(data.attendance[school_class.id].rate),
                term_id=period.term.id,
                term_title=period.title,
            )
        )
    return out, _school(data, graded_pool, pass_fail_pool, len(graded_students))


def _school(
    data: _Data,
    graded_pool: list[StudentResult],
    pass_fail_pool: list[StudentResult],
    graded_students: int,
) -> SchoolIndicators:
    """The school's indicators over every student–subject result: «зачтено» counts
    towards success only, as in §1."""
    graded = indicators.indicators(graded_pool, pass_fail=False)
    marks = [r for r in pass_fail_pool if r.result is not None]
    scores = [r.result for r in graded_pool if isinstance(r.result, int)]
    passing = sum(1 for s in scores if s >= 3) + sum(1 for r in marks if r.result == "pass")
    attendance = sum(data.attendance.values(), indicators.Attendance())
    return SchoolIndicators(
        students_count=sum(len(s) for s in data.students.values()),
        students_graded=graded_students,
        success_rate=percent(indicators.percent(passing, len(scores) + len(marks))),
        quality_rate=percent(graded.quality_rate),
        sou=percent(graded.sou),
        average=percent(graded.average),
        distribution=distribution(graded.distribution),
        attendance_rate=percent(attendance.rate),
    )


async def class_analytics(
    session: AsyncSession, school_class: SchoolClass, period: Period
) -> ClassAnalytics:
    school = await session.get(School, school_class.school_id)
    assert school is not None
    classes, _ = await analyse(session, school, [school_class], period)
    return classes[0]


async def school_analytics(
    session: AsyncSession, school: School, period: Period
) -> SchoolAnalytics:
    assert period.term is not None
    year = period.academic_year
    classes = list(
        await session.scalars(
            select(SchoolClass)
            .where(SchoolClass.school_id == school.id, SchoolClass.academic_year == year)
            .order_by(SchoolClass.grade, SchoolClass.letter)
        )
    )
    out, pooled = await analyse(session, school, classes, period)
    return SchoolAnalytics(
        classes=out, school=pooled, term_id=period.term.id, term_title=period.title
    )


async def class_summary(
    session: AsyncSession,
    school_class: SchoolClass,
    period: Period,
    subject_ids: frozenset[uuid.UUID] | None = None,
) -> ClassSummary:
    """«Сводная ведомость»: each student's result per subject, from the same data and
    rules as the indicators above (``_load``, ``_results``); ``subject_ids`` narrows the
    columns to a subject teacher's subjects (None: every subject)."""
    assert period.term is not None
    school = await session.get(School, school_class.school_id)
    assert school is not None
    data = await _load(session, school, [school_class.id], period)
    policy = await grades_service.policy(session, school.id)
    subjects = sorted(
        (
            data.subject_rows[s]
            for s in data.subjects[school_class.id]
            if subject_ids is None or s in subject_ids
        ),
        key=lambda s: s.name,
    )
    names = {
        row.id: person_name(row.last_name, row.first_name, row.middle_name)
        for row in await session.scalars(select(Student).where(Student.class_id == school_class.id))
    }
    columns = [_results(data, policy, school_class.id, subject) for subject in subjects]
    students: list[SummaryStudent] = []
    for index, student_id in enumerate(data.students[school_class.id]):
        cells = [
            SummaryCell(
                subject_id=subject.id,
                result=column[index].result,
                final=(student_id, subject.id) in data.closed,
                average=percent(column[index].average),
            )
            for subject, column in zip(subjects, columns, strict=True)
        ]
        students.append(SummaryStudent(student_id=student_id, name=names[student_id], cells=cells))
    students.sort(key=lambda s: s.name)
    return ClassSummary(
        class_id=school_class.id,
        class_name=school_class.name,
        term_id=period.term.id,
        term_title=period.title,
        subjects=[
            SummarySubject(subject_id=s.id, name=s.name, assessment=s.assessment.value)
            for s in subjects
        ],
        students=students,
    )


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
