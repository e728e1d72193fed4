"""A pupil's result in a subject, in SQL: what the class and school analytics
(``analytics_sql``) count and the «сводная ведомость» lists.

The rules of ``api.diary.grades.averages`` (``tests/reports/reference.py`` keeps them in
Python, and the tests hold the two equal): the weighted average is Σ(score × weight) /
Σ weights over the term's live grades, rounded to hundredths, half up; the result is the
closed term grade, else (pass/fail subjects) «зачтено» when passes are at least as many
as fails, else the average by the school's thresholds. A class's subjects are those
assigned to it (the teacher first by last and first name) and those it has lessons in
during the term, ordered by name as Python orders strings (``COLLATE "C"``).
"""

from __future__ import annotations

from functools import cache
from typing import Any

from sqlalchemy import (
    Date,
    Integer,
    Numeric,
    String,
    Text,
    Uuid,
    and_,
    bindparam,
    case,
    cast,
    func,
    literal,
    null,
    or_,
    select,
    true,
    union_all,
)
from sqlalchemy.dialects import postgresql
from sqlalchemy.dialects.postgresql import aggregate_order_by

from api.diary.grades.models import Grade, GradingPolicy, TermGrade, WorkType
from api.diary.grades.service import DEFAULT_POLICY
from api.diary.lessons.models import Lesson
from api.diary.structure.models import (
    Student,
    Subject,
    SubjectAssessment,
    TeachingAssignment,
    on_roster,
)
from api.identity.models import Account
from api.schools.models import SchoolClass
from api.statements import (
    NULL_JSON,
    Compiled,
    float_json,
    full_name,
    json_list,
    k,
    obj,
)

SCHOOL_ID = bindparam("school_id", type_=Uuid)
TERM_ID = bindparam("term_id", type_=Uuid)
STARTS_ON = bindparam("starts_on", type_=Date)
ENDS_ON = bindparam("ends_on", type_=Date)


def classes(*where: Any) -> Any:
    return (
        select(SchoolClass.id, SchoolClass.grade, SchoolClass.letter).where(*where).cte("analysed")
    )


def results(classes: Any) -> tuple[Any, Any, Any]:
    """The class's pupils, its subjects (with the teacher's name) and each pupil's result
    per subject: ``score`` (1–5) or ``mark`` ('pass'/'fail') or neither, and ``average``
    (the weighted average; NULL for pass/fail subjects)."""
    students = (
        select(Student.id, Student.class_id)
        .join(classes, classes.c.id == Student.class_id)
        .where(on_roster())
        .cte("roster")
    )
    teacher = full_name(Account.last_name, Account.first_name, Account.middle_name)
    assigned = (
        select(
            TeachingAssignment.class_id,
            TeachingAssignment.subject_id,
            func.array_agg(
                aggregate_order_by(teacher, Account.last_name, Account.first_name, Account.id)
            )[1].label("teacher_name"),
        )
        .join(Account, Account.id == TeachingAssignment.teacher_id)
        .where(TeachingAssignment.class_id.in_(select(classes.c.id)))
        .group_by(TeachingAssignment.class_id, TeachingAssignment.subject_id)
    )
    taught = (
        select(Lesson.class_id, Lesson.subject_id, cast(null(), String).label("teacher_name"))
        .where(
            Lesson.class_id.in_(select(classes.c.id)),
            Lesson.date >= STARTS_ON,
            Lesson.date <= ENDS_ON,
        )
        .distinct()
    )
    both = union_all(assigned, taught).subquery("both_")
    subjects = (
        select(
            both.c.class_id,
            both.c.subject_id,
            func.max(both.c.teacher_name).label("teacher_name"),
            func.bool_or(Subject.assessment == SubjectAssessment.pass_fail).label("pass_fail"),
        )
        .join(Subject, Subject.id == both.c.subject_id)
        .group_by(both.c.class_id, both.c.subject_id)
        .cte("class_subjects")
    )
    # Every row a pupil's result in a subject is made of — the pupil × subject slot, each
    # live grade of the term, the closed term grade — grouped once per pupil and subject.
    # Why not joins: the planner cannot estimate the CTEs' rows and chose nested loops that
    # re-aggregated the school's grades once per pupil × subject (2 s on the demo school).
    none = cast(null(), Numeric)
    slots = select(
        students.c.id.label("student_id"),
        subjects.c.subject_id,
        true().label("slot"),
        none.label("weighted"),
        none.label("weight"),
        cast(null(), Integer).label("mark"),  # 1 a «зачтено», 0 a «не зачтено»
        cast(null(), Integer).label("closed"),  # 1 a term grade
        cast(null(), Integer).label("closed_score"),
        cast(null(), Integer).label("closed_pass"),
    ).join(subjects, subjects.c.class_id == students.c.class_id)
    numeric = Grade.score.is_not(None)
    grades = (
        select(
            Grade.student_id,
            Grade.subject_id,
            literal(False).label("slot"),
            cast(Grade.score * WorkType.weight, Numeric),
            cast(case((numeric, WorkType.weight)), Numeric),
            case((numeric, None), (Grade.passed.is_(True), 1), else_=0),
            cast(null(), Integer),
            cast(null(), Integer),
            cast(null(), Integer),
        )
        .join(WorkType, WorkType.id == Grade.work_type_id)
        .join(students, students.c.id == Grade.student_id)
        .where(Grade.deleted_at.is_(None), Grade.date >= STARTS_ON, Grade.date <= ENDS_ON)
    )
    closed_rows = (
        select(
            TermGrade.student_id,
            TermGrade.subject_id,
            literal(False).label("slot"),
            none,
            none,
            cast(null(), Integer),
            literal(1, Integer),
            cast(TermGrade.score, Integer),
            case((TermGrade.passed.is_(True), 1), else_=0),
        )
        .join(students, students.c.id == TermGrade.student_id)
        .where(TermGrade.term_id == TERM_ID)
    )
    rows = union_all(slots, grades, closed_rows).subquery("parts")
    counted = (
        select(
            rows.c.student_id,
            rows.c.subject_id,
            func.count().filter(rows.c.mark == 1).label("passes"),
            func.count().filter(rows.c.mark == 0).label("fails"),
            func.max(rows.c.closed).label("closed"),
            func.max(rows.c.closed_score).label("closed_score"),
            func.max(rows.c.closed_pass).label("closed_pass"),
            # Here, once per group: an expression of the grouped columns would be computed
            # again at each use below.
            func.round(
                func.sum(rows.c.weighted) / func.nullif(func.sum(rows.c.weight), 0), 2
            ).label("average"),
        )
        .group_by(rows.c.student_id, rows.c.subject_id)
        .having(func.bool_or(rows.c.slot))
        .subquery("counted")
    )
    five, four, three = (
        func.coalesce(
            select(getattr(GradingPolicy, name))
            .where(GradingPolicy.school_id == SCHOOL_ID)
            .scalar_subquery(),
            literal(default, Numeric(3, 2)),
        )
        for name, default in zip(
            ("five_from", "four_from", "three_from"), DEFAULT_POLICY, strict=True
        )
    )
    average = counted.c.average
    by_thresholds = case(
        (average >= five, 5), (average >= four, 4), (average >= three, 3), (average.is_not(None), 2)
    )
    passes, fails = counted.c.passes, counted.c.fails
    by_marks = case((passes + fails == 0, None), (passes >= fails, k("pass")), else_=k("fail"))
    closed = counted.c.closed.is_not(None)
    pass_fail = subjects.c.pass_fail
    closed_mark = case(
        (counted.c.closed_score.is_not(None), None),
        (counted.c.closed_pass == 1, k("pass")),
        else_=k("fail"),
    )
    results = (
        select(
            counted.c.student_id,
            subjects.c.class_id,
            counted.c.subject_id,
            pass_fail.label("pass_fail"),
            case((closed, counted.c.closed_score), (pass_fail, None), else_=by_thresholds).label(
                "score"
            ),
            case((closed, closed_mark), (pass_fail, by_marks), else_=None).label("mark"),
            case((pass_fail, None), else_=average).label("average"),
            closed.label("final"),
        )
        .select_from(counted)
        .join(students, students.c.id == counted.c.student_id)
        .join(
            subjects,
            and_(
                subjects.c.class_id == students.c.class_id,
                subjects.c.subject_id == counted.c.subject_id,
            ),
        )
        .cte("results")
    )
    return students, subjects, results


@cache
def summary_statement() -> Compiled:
    """The «сводная ведомость» of ``class_id`` (``ClassSummary`` but its header): each
    pupil's result per subject from the same ``results`` as the indicators, the subjects
    narrowed to ``subject_ids`` unless it is NULL (every subject)."""
    analysed = classes(SchoolClass.id == bindparam("class_id", type_=Uuid))
    students, subjects, found = results(analysed)
    wanted = bindparam("subject_ids", type_=postgresql.ARRAY(Uuid))
    shown = or_(wanted.is_(None), subjects.c.subject_id == func.any(wanted))
    columns = (
        select(Subject.id, Subject.name, Subject.assessment)
        .join(subjects, subjects.c.subject_id == Subject.id)
        .where(shown)
        .cte("columns")
    )
    value = case(
        (found.c.score.is_not(None), func.to_json(found.c.score)),
        (found.c.mark.is_not(None), func.to_json(found.c.mark)),
        else_=NULL_JSON,
    )
    cells = (
        select(
            json_list(
                obj(
                    subject_id=columns.c.id,
                    result=value,
                    final=found.c.final,
                    average=float_json(found.c.average),
                ),
                columns.c.name.collate("C"),
                columns.c.id,
            )
        )
        .select_from(columns)
        .join(found, found.c.subject_id == columns.c.id)
        .where(found.c.student_id == Student.id)
        .scalar_subquery()
    )
    name = full_name(Student.last_name, Student.first_name, Student.middle_name)
    pupils = (
        select(
            json_list(
                obj(student_id=Student.id, name=name, cells=cells), name.collate("C"), Student.id
            )
        )
        .join(students, students.c.id == Student.id)
        .scalar_subquery()
    )
    header = select(
        json_list(
            obj(subject_id=columns.c.id, name=columns.c.name, assessment=columns.c.assessment),
            columns.c.name.collate("C"),
            columns.c.id,
        )
    ).scalar_subquery()
    return Compiled.of(select(cast(obj(subjects=header, students=pupils), Text)))
