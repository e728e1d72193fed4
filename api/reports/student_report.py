"""The student report (REPORTS.md §2): grades, averages and term grades by subject,
attendance by month, and the «пробелы» — subjects whose average fell, overdue homework.

What the caller sees is the diary's scoping: a family everything of their child, a
subject teacher their subjects (``readable_grades``, ``sees_subject_record``). Averages
come from ``api.diary.grades.averages`` — the diary's one home of that arithmetic.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import and_, exists, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.diary.attendance.models import AttendanceMark, AttendanceStatus
from api.diary.grades import averages
from api.diary.grades.access import readable_grades
from api.diary.grades.averages import Counted
from api.diary.grades.models import Grade, TermGrade, WorkType
from api.diary.grades.schemas import grade_value
from api.diary.homework.models import Homework, HomeworkCompletion
from api.diary.lessons.models import Lesson, LessonStatus
from api.diary.schemas import person_name
from api.diary.structure.models import Student, Subject, SubjectAssessment
from api.diary.structure.viewer import Viewer, sees_subject_record
from api.identity import clock
from api.identity.deps import Principal
from api.reports import indicators
from api.reports.period import Period
from api.reports.schemas import (
    Gap,
    MonthAttendance,
    ReportAttendance,
    ReportGrade,
    ReportPeriod,
    ReportStudent,
    StudentReport,
    SubjectReport,
    TrendPoint,
)
from api.schools.models import School, SchoolClass

FELL_BY = Decimal("0.10")


@dataclass
class _Subject:
    id: uuid.UUID
    name: str
    assessment: SubjectAssessment
    grades: list[ReportGrade] = field(default_factory=list)
    counted: list[Counted] = field(default_factory=list)
    term_grade: str | None = None
    overdue: int = 0


def decimal_comma(value: Decimal) -> str:
    return f"{value:.2f}".replace(".", ",")


def term_grade_text(score: int | None, passed: bool | None) -> str | None:
    if score is None and passed is None:
        return None
    return str(grade_value(score, passed))


def trend(counted_by_day: list[tuple[date, Counted]]) -> list[TrendPoint]:
    """The weighted average after each day's grades (numeric grades only)."""
    points: list[TrendPoint] = []
    so_far: list[Counted] = []
    for index, (day, grade) in enumerate(counted_by_day):
        so_far.append(grade)
        if index + 1 < len(counted_by_day) and counted_by_day[index + 1][0] == day:
            continue
        _, _, average = averages.weighted_average(so_far)
        if average is not None:
            points.append(TrendPoint(date=day, average=float(average)))
    return points


def average_fell(points: list[TrendPoint], period: Period) -> tuple[Decimal, Decimal] | None:
    """(the average at the period's middle, at its end) when it fell by 0.10 or more."""
    middle = period.starts_on + (period.ends_on - period.starts_on) / 2
    before = [p for p in points if p.date <= middle]
    if not before or not points:
        return None
    was, now = Decimal(str(before[-1].average)), Decimal(str(points[-1].average))
    return (was, now) if was - now >= FELL_BY else None


async def build(
    session: AsyncSession, principal: Principal, student: Student, period: Period
) -> StudentReport:
    school = await session.get(School, student.school_id)
    school_class = await session.get(SchoolClass, student.class_id)
    assert school is not None
    assert school_class is not None
    today = averages.today_in(school.timezone)
    viewer = Viewer.of(principal)
    subjects: dict[uuid.UUID, _Subject] = {}

    def subject(subject_id: uuid.UUID, name: str, assessment: SubjectAssessment) -> _Subject:
        return subjects.setdefault(subject_id, _Subject(subject_id, name, assessment))

    visible = (
        readable_grades(principal)
        .where(
            Grade.student_id == student.id,
            Grade.date >= period.starts_on,
            Grade.date <= period.ends_on,
        )
        .subquery()
    )
    grade_rows = await session.execute(
        select(visible.c.score, visible.c.passed, visible.c.date, WorkType, Subject)
        .join(WorkType, WorkType.id == visible.c.work_type_id)
        .join(Subject, Subject.id == visible.c.subject_id)
        .order_by(visible.c.date, visible.c.created_at, visible.c.id)
    )
    dated: dict[uuid.UUID, list[tuple[date, Counted]]] = defaultdict(list)
    for score, passed, day, work_type, subj in grade_rows:
        entry = subject(subj.id, subj.name, subj.assessment)
        value = grade_value(score, passed)
        entry.grades.append(
            ReportGrade(
                value=value, weight=float(work_type.weight), date=day, work_type=work_type.name
            )
        )
        counted = Counted(value, work_type.weight)
        entry.counted.append(counted)
        dated[subj.id].append((day, counted))

    held = (
        select(Lesson.id, Lesson.date, Lesson.subject_id)
        .join(Student, Student.class_id == Lesson.class_id)
        .where(
            Student.id == student.id,
            Lesson.date >= period.starts_on,
            Lesson.date <= min(period.ends_on, today),
            Lesson.status != LessonStatus.cancelled,
            sees_subject_record(viewer, Lesson.subject_id),
        )
        .subquery()
    )
    lesson_rows = await session.execute(
        select(held.c.date, AttendanceMark.status, Subject)
        .join(Subject, Subject.id == held.c.subject_id)
        .outerjoin(
            AttendanceMark,
            and_(AttendanceMark.lesson_id == held.c.id, AttendanceMark.student_id == student.id),
        )
    )
    months: dict[str, indicators.Attendance] = defaultdict(indicators.Attendance)
    for day, status, subj in lesson_rows:
        subject(subj.id, subj.name, subj.assessment)
        months[f"{day:%Y-%m}"] += indicators.Attendance(
            lessons_held=1,
            absent=int(status == AttendanceStatus.absent),
            absent_excused=int(status == AttendanceStatus.excused),
            late=int(status == AttendanceStatus.late),
        )

    if period.term is not None:
        term_rows = await session.execute(
            select(TermGrade.subject_id, TermGrade.score, TermGrade.passed).where(
                TermGrade.student_id == student.id, TermGrade.term_id == period.term.id
            )
        )
        for subject_id, score, passed in term_rows:
            if subject_id in subjects:
                subjects[subject_id].term_grade = term_grade_text(score, passed)

    last_due = min(period.ends_on, today - timedelta(days=1))
    if subjects and last_due >= period.starts_on:
        overdue_rows = await session.execute(
            select(Homework.subject_id).where(
                Homework.class_id == student.class_id,
                Homework.subject_id.in_(list(subjects)),
                Homework.due_date >= period.starts_on,
                Homework.due_date <= last_due,
                ~exists().where(
                    HomeworkCompletion.homework_id == Homework.id,
                    HomeworkCompletion.student_id == student.id,
                ),
            )
        )
        for (subject_id,) in overdue_rows:
            subjects[subject_id].overdue += 1

    out: list[SubjectReport] = []
    gaps: list[Gap] = []
    for entry in sorted(subjects.values(), key=lambda s: s.name):
        _, _, average = averages.weighted_average(entry.counted)
        points = trend(dated[entry.id])
        out.append(
            SubjectReport(
                subject_id=entry.id,
                name=entry.name,
                assessment=entry.assessment.value,
                grades=entry.grades,
                average=float(average) if average is not None else None,
                term_grade=entry.term_grade,
                trend=points,
                overdue_homework=entry.overdue,
            )
        )
        fell = average_fell(points, period)
        if fell is not None:
            text = (
                f"{entry.name}: средний балл снизился с {decimal_comma(fell[0])} "
                f"до {decimal_comma(fell[1])} во второй половине периода"
            )
            gaps.append(Gap(kind="average_fell", subject_id=entry.id, name=entry.name, text=text))
        if entry.overdue:
            text = f"{entry.name}: просрочено домашних заданий — {entry.overdue}"
            gaps.append(
                Gap(kind="homework_overdue", subject_id=entry.id, name=entry.name, text=text)
            )

    total = sum(months.values(), indicators.Attendance())
    return StudentReport(
        student=ReportStudent(
            id=student.id,
            name=person_name(student.last_name, student.first_name, student.middle_name),
            class_name=school_class.name,
            school_name=school.short_name,
        ),
        period=ReportPeriod(
            from_date=period.starts_on,
            to_date=period.ends_on,
            title=period.title,
            term_id=period.term.id if period.term is not None else None,
        ),
        subjects=out,
        attendance=ReportAttendance(
            **attendance_counts(total),
            months=[
                MonthAttendance(month=month, **attendance_counts(months[month]))
                for month in sorted(months)
            ],
        ),
        gaps=gaps,
        generated_at=clock.now(),
    )


def attendance_counts(a: indicators.Attendance) -> dict[str, int | float | None]:
    rate = a.rate
    return {
        "lessons_held": a.lessons_held,
        "absent": a.absent,
        "absent_excused": a.absent_excused,
        "late": a.late,
        "attendance_rate": float(rate) if rate is not None else None,
    }
