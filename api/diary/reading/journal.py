"""The teacher's journal grid (students × lessons) and a student's per-subject summary."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal
from typing import Any

import asyncpg
import orjson
from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.diary.attendance.models import AttendanceMark
from api.diary.grades import averages
from api.diary.grades import service as grades_service
from api.diary.grades.models import Grade, WorkType
from api.diary.grades.schemas import AverageTerm, grade_value, work_type_ref
from api.diary.lessons.models import Lesson
from api.diary.reading import statements
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
from api.diary.structure.access import student_not_found
from api.diary.structure.models import Subject, SubjectAssessment, TermKind
from api.diary.structure.schemas import RosterStudent
from api.diary.structure.viewer import Viewer, runs_class, teaches
from api.errors import NotFound
from api.i18n import Text
from api.identity import tokens
from api.identity.deps import Principal
from api.schools.models import SchoolClass


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
    connection: asyncpg.Connection[Any],
    claims: tokens.AccessClaims,
    student_id: uuid.UUID,
    term_id: uuid.UUID | None,
) -> Summary:
    """Each subject's grades, weighted average, the result the school's rules would give
    and the absences, for a term: the data in one statement, the arithmetic here."""
    text = await statements.summary_data(connection, claims, student_id=student_id, term_id=term_id)
    if text is None:
        raise student_not_found()
    data: dict[str, Any] = orjson.loads(text)
    term = data["term"]
    if term is None:
        raise averages.term_not_found()
    policy = data["policy"]
    thresholds = (
        grades_service.DEFAULT_POLICY
        if policy is None
        else (
            Decimal(str(policy["five_from"])),
            Decimal(str(policy["four_from"])),
            Decimal(str(policy["three_from"])),
        )
    )
    counted: dict[str, list[averages.Counted]] = {}
    for g in data["grades"]:
        counted.setdefault(g["subject_id"], []).append(
            averages.Counted(grade_value(g["score"], g["passed"]), Decimal(str(g["weight"])))
        )
    marks = {m["subject_id"]: m for m in data["marks"]}
    term_grades = {
        t["subject_id"]: grade_value(t["score"], t["passed"]) for t in data["term_grades"]
    }
    out = []
    for subject in data["subjects"]:
        items = counted.get(subject["id"], [])
        _, _, average = averages.weighted_average(items)
        result: GradeValue | None
        if subject["assessment"] == SubjectAssessment.pass_fail:
            result = averages.pass_fail(items)
        else:
            result = averages.final_grade(average, thresholds) if average is not None else None
        mark = marks.get(subject["id"], {"absences": 0, "lates": 0})
        out.append(
            SubjectSummary(
                subject=Ref(id=subject["id"], name=subject["name"]),
                assessment=subject["assessment"],
                grades=len(items),
                average=_float(average),
                result=result,
                absences=mark["absences"],
                lates=mark["lates"],
                term_grade=term_grades.get(subject["id"]),
            )
        )
    return Summary(
        student_id=data["student_id"],
        term=AverageTerm(
            id=term["id"],
            name=structure_terms.term_name(TermKind(term["kind"]), term["number"]),
            starts_on=term["starts_on"],
            ends_on=term["ends_on"],
        ),
        subjects=out,
    )
