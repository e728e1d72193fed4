"""Class and school analytics (REPORTS.md §1–2) as one statement each, JSON built by
PostgreSQL.

Why: the school's analytics read every grade of the term into Python, built a
``Counted`` per grade and a ``StudentResult`` per student and subject, and validated
the response models — 28× the week diary's CPU per request on the demo school (the class
analytics 16×), almost all of it in those loops. Here PostgreSQL groups the grades per
student and subject, derives each student's result and the indicators, and writes the
response; Python passes the text on.

The rules are those of ``api.reports.indicators`` and ``api.diary.grades.averages``, in
SQL (``tests/reports/reference.py`` keeps the Python computation, and the tests hold the
two equal):

* each pupil's result in each of the class's subjects is ``results_sql.results``;
* every percentage and mean is rounded to one decimal, half up (``numeric``'s ``round``
  rounds halves away from zero, and nothing here is negative), NULL over nothing;
* «зачтено» counts towards success only; pass/fail subjects are left out of quality, SOU,
  the average and the distribution.
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
    or_,
    select,
    true,
)

from api.diary.attendance.models import AttendanceMark, AttendanceStatus
from api.diary.lessons.models import Lesson, LessonStatus
from api.diary.structure.models import (
    Student,
    Subject,
    SubjectAssessment,
    pupils_of,
)
from api.reports import results_sql
from api.reports.indicators import SOU_WEIGHTS
from api.reports.results_sql import SCHOOL_ID, STARTS_ON, TERM_ID
from api.schools.models import SchoolClass
from api.statements import (
    Compiled,
    class_name,
    float_json,
    json_list,
    k,
    obj,
)

TITLE = bindparam("title", type_=String)
LAST_DAY = bindparam("last_day", type_=Date)  # min(ends_on, the school's today)


def percent(part: Any, whole: Any) -> Any:
    """As ``indicators.percent``: part / whole × 100, one decimal, half up; NULL over 0."""
    return case((whole == 0, None), else_=func.round(cast(part, Numeric) * 100 / whole, 1))


def tenth(total: Any, count: Any) -> Any:
    """As ``indicators.sou``: total / count to one decimal, half up; NULL over 0."""
    return func.round(cast(total, Numeric) / func.nullif(count, 0), 1)


def _zeros() -> Any:
    return obj(**{str(n): literal(0, Integer) for n in SOU_WEIGHTS})


def _indicators(results: Any, where: Any) -> list[Any]:
    """The aggregates the §1 indicators are made of, over the ``results`` rows ``where``
    holds (a graded subject's, or the graded subjects' of the whole school)."""
    score = results.c.score
    graded = or_(score.is_not(None), results.c.mark.is_not(None))
    sou = case(*((score == n, weight) for n, weight in SOU_WEIGHTS.items()))
    return [
        func.count(score).filter(where).label("scores"),
        func.count().filter(where, score >= 3).label("n3"),
        func.count().filter(where, score >= 4).label("n4"),
        func.sum(sou).filter(where).label("sou"),
        func.avg(results.c.average).filter(where, graded).label("mean"),
        *(func.count().filter(where, score == n).label(f"d{n}") for n in SOU_WEIGHTS),
    ]


def _distribution(row: Any) -> Any:
    return obj(**{str(n): func.coalesce(getattr(row.c, f"d{n}"), 0) for n in SOU_WEIGHTS})


def _class_json(classes: Any) -> tuple[Any, Any, Any]:
    """Each class's ``ClassAnalytics`` (``body``, per row of ``classes``), the per-class
    figures the school pools (``figures``) and the ``results`` rows."""
    students, subjects, results = results_sql.results(classes)
    graded = or_(results.c.score.is_not(None), results.c.mark.is_not(None))
    per_subject = (
        select(
            results.c.class_id,
            results.c.subject_id,
            func.count().filter(graded).label("graded"),
            func.count().filter(results.c.mark == k("pass")).label("passed"),
            *_indicators(results, true()),
        )
        .group_by(results.c.class_id, results.c.subject_id)
        .cte("per_subject")
        # Read once per class (by the class's subject list): grouped once, not per class.
        .prefix_with("MATERIALIZED")
    )
    pass_fail = Subject.assessment == SubjectAssessment.pass_fail
    scores = func.coalesce(per_subject.c.scores, 0)

    def unless_pass_fail(value: Any) -> Any:
        return case((pass_fail, None), else_=value)

    subject = obj(
        subject_id=Subject.id,
        name=Subject.name,
        assessment=Subject.assessment,
        teacher_name=subjects.c.teacher_name,
        students_graded=case((pass_fail, func.coalesce(per_subject.c.graded, 0)), else_=scores),
        success_rate=float_json(
            case(
                (pass_fail, percent(per_subject.c.passed, per_subject.c.graded)),
                else_=percent(per_subject.c.n3, scores),
            )
        ),
        quality_rate=float_json(unless_pass_fail(percent(per_subject.c.n4, scores))),
        sou=float_json(unless_pass_fail(tenth(per_subject.c.sou, scores))),
        average=float_json(unless_pass_fail(func.round(per_subject.c.mean, 1))),
        distribution=case((pass_fail, _zeros()), else_=_distribution(per_subject)),
    )
    # Grouped once for every class (not a subquery per class): 30 classes' attendance
    # took 110 ms as per-class lookups, most of the statement.
    held_lessons = (
        Lesson.class_id.in_(select(classes.c.id)),
        Lesson.date >= STARTS_ON,
        Lesson.date <= LAST_DAY,
        Lesson.status != LessonStatus.cancelled,
    )
    held = (
        select(Lesson.class_id, func.count().label("held"))
        .where(*held_lessons)
        .group_by(Lesson.class_id)
        .subquery("held")
    )
    missed = (
        select(
            Lesson.class_id,
            func.count().filter(AttendanceMark.status == AttendanceStatus.absent).label("absent"),
            func.count().filter(AttendanceMark.status == AttendanceStatus.excused).label("excused"),
        )
        .join(AttendanceMark, AttendanceMark.lesson_id == Lesson.id)
        .join(Student, Student.id == AttendanceMark.student_id)
        .where(*held_lessons, pupils_of(Lesson.class_id))
        .group_by(Lesson.class_id)
        .subquery("missed")
    )
    pupils = (
        select(students.c.class_id, func.count().label("pupils"))
        .group_by(students.c.class_id)
        .subquery("pupils")
    )
    count = func.coalesce(pupils.c.pupils, 0)
    figures = (
        select(
            classes.c.id,
            classes.c.grade,
            classes.c.letter,
            count.label("pupils"),
            (func.coalesce(held.c.held, 0) * count).label("lessons_held"),
            func.coalesce(missed.c.absent, 0).label("absent"),
            func.coalesce(missed.c.excused, 0).label("excused"),
        )
        .select_from(classes)
        .outerjoin(pupils, pupils.c.class_id == classes.c.id)
        .outerjoin(held, held.c.class_id == classes.c.id)
        .outerjoin(missed, missed.c.class_id == classes.c.id)
        .cte("figures")
    )
    subject_list = (
        select(json_list(subject, Subject.name.collate("C"), Subject.id))
        .select_from(subjects)
        .join(Subject, Subject.id == subjects.c.subject_id)
        .outerjoin(
            per_subject,
            and_(
                per_subject.c.class_id == subjects.c.class_id,
                per_subject.c.subject_id == subjects.c.subject_id,
            ),
        )
        .where(subjects.c.class_id == figures.c.id)
        .scalar_subquery()
    )
    attended = figures.c.lessons_held - figures.c.absent - figures.c.excused
    body = obj(
        class_id=figures.c.id,
        class_name=class_name(figures.c),
        students_count=figures.c.pupils,
        subjects=subject_list,
        attendance_rate=float_json(percent(attended, figures.c.lessons_held)),
        term_id=TERM_ID,
        term_title=TITLE,
    )
    return body, figures, results


def _school_json(figures: Any, results: Any) -> Any:
    """The school's ``SchoolIndicators``: every student–subject result pooled; «зачтено»
    counts towards success only (``analytics._school`` in the reference)."""
    graded_subject = ~results.c.pass_fail
    marked = and_(
        results.c.pass_fail, or_(results.c.score.is_not(None), results.c.mark.is_not(None))
    )
    pooled = select(
        *_indicators(results, graded_subject),
        func.count().filter(marked).label("marks"),
        func.count().filter(results.c.pass_fail, results.c.mark == k("pass")).label("passed"),
        func.count(func.distinct(results.c.student_id))
        .filter(or_(results.c.score.is_not(None), results.c.mark.is_not(None)))
        .label("graded_students"),
    ).subquery("pooled")
    totals = select(
        func.coalesce(func.sum(figures.c.pupils), 0).label("pupils"),
        func.coalesce(func.sum(figures.c.lessons_held), 0).label("held"),
        func.coalesce(func.sum(figures.c.absent + figures.c.excused), 0).label("missed"),
    ).subquery("totals")
    return (
        select(
            obj(
                students_count=totals.c.pupils,
                students_graded=pooled.c.graded_students,
                success_rate=float_json(
                    percent(pooled.c.n3 + pooled.c.passed, pooled.c.scores + pooled.c.marks)
                ),
                quality_rate=float_json(percent(pooled.c.n4, pooled.c.scores)),
                sou=float_json(tenth(pooled.c.sou, pooled.c.scores)),
                average=float_json(func.round(pooled.c.mean, 1)),
                distribution=_distribution(pooled),
                attendance_rate=float_json(percent(totals.c.held - totals.c.missed, totals.c.held)),
            )
        )
        .select_from(pooled)
        .join(totals, true())
        .scalar_subquery()
    )


@cache
def class_statement() -> Compiled:
    """``ClassAnalytics`` of ``class_id`` (a class of ``school_id``) for the term."""
    body, figures, _ = _class_json(
        results_sql.classes(SchoolClass.id == bindparam("class_id", type_=Uuid))
    )
    return Compiled.of(select(cast(body, Text)).select_from(figures))


@cache
def school_statement() -> Compiled:
    """``SchoolAnalytics`` of ``school_id``: its classes of ``academic_year`` by grade and
    letter, and the school's pooled indicators."""
    classes = results_sql.classes(
        SchoolClass.school_id == SCHOOL_ID,
        SchoolClass.academic_year == bindparam("academic_year", type_=Integer),
    )
    body, figures, results = _class_json(classes)
    class_list = (
        select(json_list(body, figures.c.grade, figures.c.letter))
        .select_from(figures)
        .scalar_subquery()
    )
    body = obj(
        classes=class_list,
        school=_school_json(figures, results),
        term_id=TERM_ID,
        term_title=TITLE,
    )
    return Compiled.of(select(cast(body, Text)))
