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

* a student's weighted average is Σ(score × weight) / Σ weights rounded to hundredths;
  the result is the closed term grade, else (pass/fail subjects) «зачтено» when passes are
  at least as many as fails, else the average by the school's thresholds;
* every percentage and mean is rounded to one decimal, half up (``numeric``'s ``round``
  rounds halves away from zero, and nothing here is negative), NULL over nothing;
* subjects are a class's assigned subjects (the teacher first by last and first name)
  and those it has lessons in during the term, ordered by name as Python orders strings
  (``COLLATE "C"``: code points).
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

from api.diary.attendance.models import AttendanceMark, AttendanceStatus
from api.diary.grades.models import Grade, GradingPolicy, TermGrade, WorkType
from api.diary.grades.service import DEFAULT_POLICY
from api.diary.lessons.models import Lesson, LessonStatus
from api.diary.structure.models import (
    Student,
    Subject,
    SubjectAssessment,
    TeachingAssignment,
    on_roster,
    pupils_of,
)
from api.identity.models import Account
from api.reports.indicators import SOU_WEIGHTS
from api.schools.models import SchoolClass
from api.statements import (
    NULL_JSON,
    Compiled,
    class_name,
    float_json,
    full_name,
    json_list,
    k,
    obj,
)

SCHOOL_ID = bindparam("school_id", type_=Uuid)
TERM_ID = bindparam("term_id", type_=Uuid)
TITLE = bindparam("title", type_=String)
STARTS_ON = bindparam("starts_on", type_=Date)
ENDS_ON = bindparam("ends_on", type_=Date)
LAST_DAY = bindparam("last_day", type_=Date)  # min(ends_on, the school's today)


def percent(part: Any, whole: Any) -> Any:
    """As ``indicators.percent``: part / whole × 100, one decimal, half up; NULL over 0."""
    return case((whole == 0, None), else_=func.round(cast(part, Numeric) * 100 / whole, 1))


def tenth(total: Any, count: Any) -> Any:
    """As ``indicators.sou``: total / count to one decimal, half up; NULL over 0."""
    return func.round(cast(total, Numeric) / func.nullif(count, 0), 1)


def _zeros() -> Any:
    return obj(**{str(n): literal(0, Integer) for n in SOU_WEIGHTS})


def _results(classes: Any) -> tuple[Any, Any, Any]:
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
            func.sum(rows.c.weighted).label("total"),
            func.sum(rows.c.weight).label("weights"),
            func.count().filter(rows.c.mark == 1).label("passes"),
            func.count().filter(rows.c.mark == 0).label("fails"),
            func.max(rows.c.closed).label("closed"),
            func.max(rows.c.closed_score).label("closed_score"),
            func.max(rows.c.closed_pass).label("closed_pass"),
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
    average = func.round(counted.c.total / func.nullif(counted.c.weights, 0), 2)
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
    students, subjects, results = _results(classes)
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
    held = (
        select(func.count())
        .where(
            Lesson.class_id == classes.c.id,
            Lesson.date >= STARTS_ON,
            Lesson.date <= LAST_DAY,
            Lesson.status != LessonStatus.cancelled,
        )
        .scalar_subquery()
    )
    missed = (
        select(
            func.count().filter(AttendanceMark.status == AttendanceStatus.absent).label("absent"),
            func.count().filter(AttendanceMark.status == AttendanceStatus.excused).label("excused"),
        )
        .select_from(Lesson)
        .join(AttendanceMark, AttendanceMark.lesson_id == Lesson.id)
        .join(Student, Student.id == AttendanceMark.student_id)
        .where(
            Lesson.class_id == classes.c.id,
            pupils_of(Lesson.class_id),
            Lesson.date >= STARTS_ON,
            Lesson.date <= LAST_DAY,
            Lesson.status != LessonStatus.cancelled,
        )
        .lateral("missed")
    )
    pupils = select(func.count()).where(students.c.class_id == classes.c.id).scalar_subquery()
    figures = (
        select(
            classes.c.id,
            classes.c.grade,
            classes.c.letter,
            pupils.label("pupils"),
            (held * pupils).label("lessons_held"),
            missed.c.absent,
            missed.c.excused,
        )
        .select_from(classes)
        .join(missed, true())
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


def _classes(*where: Any) -> Any:
    return (
        select(SchoolClass.id, SchoolClass.grade, SchoolClass.letter).where(*where).cte("analysed")
    )


@cache
def class_statement() -> Compiled:
    """``ClassAnalytics`` of ``class_id`` (a class of ``school_id``) for the term."""
    body, figures, _ = _class_json(_classes(SchoolClass.id == bindparam("class_id", type_=Uuid)))
    return Compiled.of(select(cast(body, Text)).select_from(figures))


@cache
def school_statement() -> Compiled:
    """``SchoolAnalytics`` of ``school_id``: its classes of ``academic_year`` by grade and
    letter, and the school's pooled indicators."""
    classes = _classes(
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


@cache
def summary_statement() -> Compiled:
    """The «сводная ведомость» of ``class_id`` (``ClassSummary`` but its header): each
    pupil's result per subject from the same ``results`` as the indicators, the subjects
    narrowed to ``subject_ids`` unless it is NULL (every subject)."""
    classes = _classes(SchoolClass.id == bindparam("class_id", type_=Uuid))
    students, subjects, results = _results(classes)
    wanted = bindparam("subject_ids", type_=postgresql.ARRAY(Uuid))
    shown = or_(wanted.is_(None), subjects.c.subject_id == func.any(wanted))
    columns = (
        select(Subject.id, Subject.name, Subject.assessment)
        .join(subjects, subjects.c.subject_id == Subject.id)
        .where(shown)
        .cte("columns")
    )
    value = case(
        (results.c.score.is_not(None), func.to_json(results.c.score)),
        (results.c.mark.is_not(None), func.to_json(results.c.mark)),
        else_=NULL_JSON,
    )
    cells = (
        select(
            json_list(
                obj(
                    subject_id=columns.c.id,
                    result=value,
                    final=results.c.final,
                    average=float_json(results.c.average),
                ),
                columns.c.name.collate("C"),
                columns.c.id,
            )
        )
        .select_from(columns)
        .join(results, results.c.subject_id == columns.c.id)
        .where(results.c.student_id == Student.id)
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
