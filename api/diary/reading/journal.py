"""The teacher's journal grid (students × lessons) and a student's per-subject summary."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal

from sqlalchemy import literal, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.diary.attendance.models import AttendanceMark, AttendanceStatus
from api.diary.grades import averages
from api.diary.grades import service as grades_service
from api.diary.grades.access import readable_grades
from api.diary.grades.models import Grade, TermGrade, WorkType
from api.diary.grades.schemas import AverageTerm, grade_value, work_type_ref
from api.diary.lessons.models import Lesson
from api.diary.reading.journal_schemas import (
    Journal,
    JournalAverage,
    JournalLesson,
    JournalMark,
    SubjectSummary,
    Summary,
)
from api.diary.reading.schemas import DiaryGrade
from api.diary.schemas import AttendanceState, GradeValue, Ref
from api.diary.structure import students as structure_students
from api.diary.structure import terms as structure_terms
from api.diary.structure.models import Student, Subject, SubjectAssessment
from api.diary.structure.schemas import RosterStudent
from api.diary.structure.viewer import Viewer, runs_class, sees_student_fully, teaches
from api.errors import NotFound
from api.i18n import Text
from api.identity.deps import Principal
from api.schools.models import School, SchoolClass


async def journal(
    session: AsyncSession,
    principal: Principal,
    class_id: uuid.UUID,
    subject_id: uuid.UUID,
    start: date,
    end: date,
) -> Journal:
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


def _float(value: Decimal | None) -> float | None:
    return float(value) if value is not None else None


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
