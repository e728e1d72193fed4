"""The teacher's journal grid (students × lessons) and a student's per-subject summary."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal
from functools import cache
from typing import Any

import asyncpg
import orjson
from sqlalchemy import Date, String, Uuid, and_, bindparam, cast, func, or_, select, true, union

from api.diary.attendance.models import AttendanceMark
from api.diary.grades import averages
from api.diary.grades import service as grades_service
from api.diary.grades.models import Grade, WorkType
from api.diary.grades.schemas import AverageTerm, grade_value
from api.diary.lessons.models import Lesson
from api.diary.reading import statements
from api.diary.reading.journal_schemas import (
    SubjectSummary,
    Summary,
)
from api.diary.schemas import GradeValue, Ref
from api.diary.sql import grade_value as grade_json
from api.diary.sql import viewer_of, work_type_json
from api.diary.structure import terms as structure_terms
from api.diary.structure.access import student_not_found
from api.diary.structure.models import Student, Subject, SubjectAssessment, TermKind, pupils_of
from api.diary.structure.viewer import runs_class, teaches
from api.errors import NotFound
from api.i18n import Text
from api.identity import tokens
from api.identity.statements import caller_cte, fetch_read
from api.schools.models import SchoolClass
from api.statements import Compiled, answer, class_name, json_list, obj


@cache
def journal_statement() -> Compiled:
    """``Journal`` but its averages, and the grades they are computed from (``counted``):
    the class and subject the caller teaches or runs, its roster, the lessons in the range,
    the cells that hold grades or a mark (by lesson, then student id)."""
    caller = caller_cte()
    viewer = viewer_of(caller)
    found = (
        select(
            SchoolClass.id,
            SchoolClass.grade,
            SchoolClass.letter,
            Subject.id.label("subject_id"),
            Subject.name.label("subject_name"),
        )
        .join(Subject, Subject.school_id == SchoolClass.school_id)
        .join(caller, true())
        .where(
            SchoolClass.id == bindparam("class_id", type_=Uuid),
            Subject.id == bindparam("subject_id", type_=Uuid),
            or_(
                runs_class(viewer, SchoolClass.id, SchoolClass.school_id),
                teaches(viewer, SchoolClass.id, Subject.id),
            ),
        )
        .cte("found")
    )
    lessons = (
        select(
            Lesson.id,
            Lesson.date,
            Lesson.number,
            Lesson.topic,
            Lesson.status,
            func.row_number()
            .over(order_by=(Lesson.starts_at, Lesson.number, Lesson.id))
            .label("ord"),
        )
        .join(found, and_(Lesson.class_id == found.c.id, Lesson.subject_id == found.c.subject_id))
        .where(
            Lesson.date >= bindparam("start", type_=Date),
            Lesson.date <= bindparam("end", type_=Date),
        )
        .cte("lessons")
    )
    roster = (
        select(
            json_list(
                obj(
                    id=Student.id,
                    last_name=Student.last_name,
                    first_name=Student.first_name,
                    middle_name=Student.middle_name,
                ),
                Student.last_name,
                Student.first_name,
                Student.id,
            )
        )
        .where(pupils_of(found.c.id))
        .scalar_subquery()
    )
    lesson_list = select(
        json_list(
            obj(
                id=lessons.c.id,
                date=lessons.c.date,
                number=lessons.c.number,
                topic=lessons.c.topic,
                status=lessons.c.status,
            ),
            lessons.c.ord,
        )
    ).scalar_subquery()
    live = and_(Grade.lesson_id == lessons.c.id, Grade.deleted_at.is_(None))
    pairs = union(
        select(Grade.student_id, Grade.lesson_id, lessons.c.ord).where(live),
        select(AttendanceMark.student_id, AttendanceMark.lesson_id, lessons.c.ord).where(
            AttendanceMark.lesson_id == lessons.c.id
        ),
    ).subquery("pairs")
    cell_grades = (
        select(
            json_list(
                obj(
                    id=Grade.id,
                    value=grade_json(Grade.score, Grade.passed),
                    work_type=work_type_json(WorkType),
                    comment=Grade.comment,
                ),
                Grade.created_at,
                Grade.id,
            )
        )
        .join(WorkType, WorkType.id == Grade.work_type_id)
        .where(
            Grade.lesson_id == pairs.c.lesson_id,
            Grade.student_id == pairs.c.student_id,
            Grade.deleted_at.is_(None),
        )
        .scalar_subquery()
    )
    attendance = (
        select(
            obj(
                status=AttendanceMark.status,
                minutes_late=AttendanceMark.minutes_late,
                reason=AttendanceMark.reason,
            )
        )
        .where(
            AttendanceMark.lesson_id == pairs.c.lesson_id,
            AttendanceMark.student_id == pairs.c.student_id,
        )
        .scalar_subquery()
    )
    marks = select(
        json_list(
            obj(
                student_id=pairs.c.student_id,
                lesson_id=pairs.c.lesson_id,
                grades=cell_grades,
                attendance=attendance,
            ),
            pairs.c.ord,
            cast(pairs.c.student_id, String),
        )
    ).scalar_subquery()
    counted = (
        select(
            json_list(
                obj(
                    student_id=Grade.student_id,
                    score=Grade.score,
                    passed=Grade.passed,
                    weight=WorkType.weight,
                ),
                Grade.created_at,
                Grade.id,
            )
        )
        .join(WorkType, WorkType.id == Grade.work_type_id)
        .where(live)
        .scalar_subquery()
    )
    body = select(
        obj(
            school_class=obj(id=found.c.id, name=class_name(found.c)),
            subject=obj(id=found.c.subject_id, name=found.c.subject_name),
            students=roster,
            lessons=lesson_list,
            marks=marks,
            counted=counted,
        )
    ).select_from(found)
    return Compiled.of(answer(caller, body))


async def journal(
    connection: asyncpg.Connection[Any],
    claims: tokens.AccessClaims,
    class_id: uuid.UUID,
    subject_id: uuid.UUID,
    start: date,
    end: date,
) -> bytes:
    """``Journal`` as JSON: the grid from one statement, each student's weighted average
    computed here (``api.diary.grades.averages``, the rule's one home)."""
    text = await fetch_read(
        connection,
        claims,
        journal_statement(),
        class_id=class_id,
        subject_id=subject_id,
        start=start,
        end=end,
    )
    if text is None:
        raise NotFound(code="class_not_found", detail=Text("Такого класса нет", "No such class"))
    data: dict[str, Any] = orjson.loads(text)
    counted: dict[str, list[averages.Counted]] = {}
    for g in data.pop("counted"):
        counted.setdefault(g["student_id"], []).append(
            averages.Counted(grade_value(g["score"], g["passed"]), Decimal(str(g["weight"])))
        )
    data["averages"] = [
        {
            "student_id": s["id"],
            "average": _float(averages.weighted_average(counted.get(s["id"], []))[2]),
        }
        for s in data["students"]
    ]
    return orjson.dumps(data)


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
