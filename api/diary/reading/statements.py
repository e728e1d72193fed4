"""Family reads as single statements: the week diary, a student's grade list, the child
switcher, the term summary's data and the school calendar."""

from __future__ import annotations

import uuid
from datetime import date
from functools import cache
from typing import Any

import asyncpg
from sqlalchemy import (
    ColumnElement,
    Date,
    Integer,
    Text,
    Uuid,
    and_,
    bindparam,
    case,
    cast,
    exists,
    func,
    null,
    or_,
    select,
    tuple_,
)
from sqlalchemy.dialects.postgresql import ARRAY, TIMESTAMP
from sqlalchemy.orm import aliased

from api.diary.attendance.models import AttendanceMark, AttendanceStatus
from api.diary.events.statements import student_events
from api.diary.grades.models import Grade, GradingPolicy, TermGrade, WorkType
from api.diary.homework.models import Homework, HomeworkCompletion
from api.diary.lessons.access import teaches_lesson
from api.diary.lessons.models import Lesson
from api.diary.sql import grade_value, local_text, student_cte, viewer_in, viewer_of, work_type_json
from api.diary.structure.models import AcademicYear, Guardianship, Student, Subject, Term
from api.diary.structure.viewer import Viewer, teaches
from api.identity import tokens
from api.identity.models import Account, Role
from api.identity.statements import caller_cte, fetch_read, fetch_read_as
from api.schools.models import School, SchoolClass
from api.statements import (
    NULL_JSON,
    Compiled,
    answer,
    class_name,
    json_list,
    k,
    obj,
    page_of,
    person,
    utc_text,
)


def _due_homework(
    student_id: Any,
    *,
    due_at: Any = None,
    due_on: Any = None,
    st: Any = None,
    viewer: Viewer | None = None,
) -> Any:
    """Homework as the family reads it, by the day it is due: on the first lesson of its
    subject that day (``due_at``), or, on a day without such a lesson, on the day itself
    (``due_on``; for those who see the whole diary or teach the subject in the class)."""
    set_lesson, subject, other = aliased(Lesson), aliased(Subject), aliased(Lesson)
    item = obj(
        id=Homework.id,
        subject=obj(id=subject.id, name=subject.name),
        text=Homework.text,
        due_date=Homework.due_date,
        set_on=set_lesson.date,
        attachments=Homework.attachments,
        done=select(HomeworkCompletion.done_at)
        .where(
            HomeworkCompletion.homework_id == Homework.id,
            HomeworkCompletion.student_id == student_id,
        )
        .exists(),
    )
    query = (
        select(json_list(item, Homework.created_at, Homework.id))
        .select_from(Homework)
        .join(set_lesson, set_lesson.id == Homework.lesson_id)
        .join(subject, subject.id == Homework.subject_id)
    )
    if due_at is not None:
        # A double lesson shows it once: on the earlier of the two.
        earlier = (
            exists()
            .where(
                other.class_id == due_at.class_id,
                other.subject_id == due_at.subject_id,
                other.date == due_at.date,
                tuple_(other.starts_at, other.number, other.id)
                < tuple_(due_at.starts_at, due_at.number, due_at.id),
            )
            .correlate_except(other)
        )
        query = query.where(
            Homework.class_id == due_at.class_id,
            Homework.subject_id == due_at.subject_id,
            Homework.due_date == due_at.date,
            ~earlier,
        )
    else:
        assert st is not None
        assert viewer is not None
        lesson_that_day = (
            exists()
            .where(
                other.class_id == Homework.class_id,
                other.subject_id == Homework.subject_id,
                other.date == Homework.due_date,
            )
            .correlate_except(other)
        )
        query = query.where(
            Homework.class_id == st.c.class_id,
            Homework.due_date == due_on,
            ~lesson_that_day,
            or_(st.c.full, teaches(viewer, Homework.class_id, Homework.subject_id)),
        )
    # Two levels down from the lesson and the student: correlate to them explicitly.
    return query.correlate_except(Homework, set_lesson, subject).scalar_subquery()


@cache
def diary_statement() -> Compiled:
    caller = caller_cte()
    viewer = viewer_of(caller)
    st = student_cte(caller, viewer)
    viewer = viewer_in(st)
    student_id = bindparam("student_id", type_=Uuid)
    days = (
        func.unnest(bindparam("days", type_=ARRAY(Date)))
        .table_valued("day")
        .render_derived(name="d")
    )
    teacher, substitute = aliased(Account), aliased(Account)
    planned = aliased(WorkType)
    homework = _due_homework(student_id, due_at=Lesson)
    grades = (
        select(
            json_list(
                obj(
                    id=Grade.id,
                    value=grade_value(Grade.score, Grade.passed),
                    work_type=work_type_json(WorkType),
                    comment=Grade.comment,
                ),
                Grade.created_at,
                Grade.id,
            )
        )
        .join(WorkType, WorkType.id == Grade.work_type_id)
        .where(
            Grade.lesson_id == Lesson.id, Grade.student_id == st.c.id, Grade.deleted_at.is_(None)
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
        .where(AttendanceMark.lesson_id == Lesson.id, AttendanceMark.student_id == student_id)
        .scalar_subquery()
    )
    lesson = obj(
        id=Lesson.id,
        number=Lesson.number,
        subject=obj(id=Subject.id, name=Subject.name),
        starts_at=local_text(Lesson.starts_at, st.c.timezone),
        ends_at=local_text(Lesson.ends_at, st.c.timezone),
        teacher=person(teacher),
        substitute_teacher=case((substitute.id.is_(None), NULL_JSON), else_=person(substitute)),
        room=Lesson.room,
        topic=Lesson.topic,
        status=Lesson.status,
        change_note=Lesson.change_note,
        original_date=Lesson.original_date,
        # local_text() concatenates, and concat() skips NULLs: a lesson never moved
        # would read "+"; the CASE keeps it JSON null.
        original_starts_at=case(
            (Lesson.original_starts_at.is_(None), null()),
            else_=local_text(Lesson.original_starts_at, st.c.timezone),
        ),
        homework=homework,
        grades=grades,
        attendance=attendance,
        planned_work=case((planned.id.is_(None), NULL_JSON), else_=work_type_json(planned)),
    )
    lessons = (
        select(json_list(lesson, Lesson.starts_at, Lesson.number, Lesson.id))
        .select_from(Lesson)
        .join(Subject, Subject.id == Lesson.subject_id)
        .join(teacher, teacher.id == Lesson.teacher_id)
        .outerjoin(substitute, substitute.id == Lesson.substitute_teacher_id)
        .outerjoin(planned, planned.id == Lesson.planned_work_type_id)
        .where(
            Lesson.class_id == st.c.class_id,
            Lesson.date == days.c.day,
            or_(st.c.full, teaches_lesson(viewer)),
        )
        .scalar_subquery()
    )
    day_list = select(
        json_list(
            obj(
                date=days.c.day,
                lessons=lessons,
                homework=_due_homework(student_id, due_on=days.c.day, st=st, viewer=viewer),
            ),
            days.c.day,
        )
    ).select_from(days)
    body = select(
        obj(
            student=obj(
                id=st.c.id,
                last_name=st.c.last_name,
                first_name=st.c.first_name,
                middle_name=st.c.middle_name,
                school_class=obj(id=st.c.class_id, name=class_name(st.c)),
                school=obj(id=st.c.school_id, name=st.c.short_name),
            ),
            week=cast(bindparam("week", type_=Text), Text),
            timezone=st.c.timezone,
            days=day_list.scalar_subquery(),
            events=student_events(
                st, viewer, bindparam("first", type_=Date), bindparam("last", type_=Date)
            ),
        )
    ).select_from(st)
    return Compiled.of(answer(caller, body))


def grade_item(grade: Any, work_type: Any, subject: Any, teacher: Any) -> ColumnElement[Any]:
    """``GradeOut`` as JSON."""
    return obj(
        id=grade.id,
        student_id=grade.student_id,
        lesson_id=grade.lesson_id,
        date=grade.date,
        subject=obj(id=subject.id, name=subject.name),
        value=grade_value(grade.score, grade.passed),
        work_type=work_type_json(work_type),
        comment=grade.comment,
        teacher=person(teacher),
        created_at=utc_text(grade.created_at),
        updated_at=utc_text(grade.updated_at),
    )


@cache
def grade_list_statement() -> Compiled:
    caller = caller_cte()
    viewer = viewer_of(caller)
    st = student_cte(caller, viewer)
    viewer = viewer_in(st)
    start = bindparam("start", type_=Date)
    end = bindparam("end", type_=Date)
    subject_id = bindparam("subject_id", type_=Uuid)
    scope = and_(
        Grade.student_id == st.c.id,
        Grade.deleted_at.is_(None),
        or_(st.c.full, teaches(viewer, st.c.class_id, Grade.subject_id)),
        or_(start.is_(None), Grade.date >= start),
        or_(end.is_(None), Grade.date <= end),
        or_(subject_id.is_(None), Grade.subject_id == subject_id),
    )
    page = (
        select(Grade)
        .where(scope)
        .order_by(Grade.date.desc(), Grade.created_at.desc(), Grade.id)
        .limit(bindparam("limit", type_=Integer))
        .offset(bindparam("offset", type_=Integer))
        .subquery("page")
    )
    grade = aliased(Grade, page)
    teacher = aliased(Account)
    items = (
        select(
            json_list(
                grade_item(grade, WorkType, Subject, teacher),
                grade.date.desc(),
                grade.created_at.desc(),
                grade.id,
            )
        )
        .select_from(grade)
        .join(WorkType, WorkType.id == grade.work_type_id)
        .join(Subject, Subject.id == grade.subject_id)
        .join(teacher, teacher.id == grade.teacher_id)
        .scalar_subquery()
    )
    total = select(func.count()).select_from(Grade).where(scope).scalar_subquery()
    body = select(page_of(items, total)).select_from(st)
    return Compiled.of(answer(caller, body))


async def week_diary(
    connection: asyncpg.Connection[Any],
    claims: tokens.AccessClaims,
    *,
    student_id: uuid.UUID,
    week: str,
    days: list[date],
) -> tuple[str | None, frozenset[Role]]:
    """``Diary`` as JSON text (None when the student is not the caller's to see), and the
    caller's roles."""
    return await fetch_read_as(
        connection,
        claims,
        diary_statement(),
        student_id=student_id,
        week=week,
        days=days,
        first=days[0],
        last=days[-1],
    )


async def grade_list(
    connection: asyncpg.Connection[Any],
    claims: tokens.AccessClaims,
    *,
    student_id: uuid.UUID,
    start: date | None,
    end: date | None,
    subject_id: uuid.UUID | None,
    limit: int,
    offset: int,
) -> tuple[str | None, frozenset[Role]]:
    """``Page[GradeOut]`` as JSON text, newest first (None when the student is not
    visible), and the caller's roles."""
    return await fetch_read_as(
        connection,
        claims,
        grade_list_statement(),
        student_id=student_id,
        start=start,
        end=end,
        subject_id=subject_id,
        limit=limit,
        offset=offset,
    )


@cache
def my_students_statement() -> Compiled:
    """``list[MyStudent]``: a parent's children and a student's own record, by name."""
    caller = caller_cte()
    me = caller.c.account_id
    guardian = (
        select(Guardianship.id)
        .where(Guardianship.student_id == Student.id, Guardianship.account_id == me)
        .exists()
    )
    body = (
        select(
            json_list(
                obj(
                    id=Student.id,
                    last_name=Student.last_name,
                    first_name=Student.first_name,
                    middle_name=Student.middle_name,
                    school_class=obj(
                        id=SchoolClass.id,
                        name=class_name(SchoolClass),
                    ),
                    school=obj(id=School.id, name=School.short_name),
                    relation=case((Student.account_id == me, k("self")), else_=k("guardian")),
                    archived_at=utc_text(Student.archived_at),
                ),
                Student.last_name,
                Student.first_name,
                Student.id,
            )
        )
        .join(SchoolClass, SchoolClass.id == Student.class_id)
        .join(School, School.id == Student.school_id)
        .join(caller, or_(Student.account_id == me, guardian))
    )
    return Compiled.of(answer(caller, body))


async def my_students(connection: asyncpg.Connection[Any], claims: tokens.AccessClaims) -> str:
    """The child switcher as JSON text (401 when the token's session is gone)."""
    body = await fetch_read(connection, claims, my_students_statement())
    assert body is not None  # an aggregate: [] when there is no one
    return body


@cache
def summary_statement() -> Compiled:
    """What a term's summary is computed from, in one round trip: the term (the one asked
    for, else the one under way in the school's zone, else the first), the school's
    rounding thresholds, the subjects the caller may see, the readable grades with their
    weights, absences and lates per subject, and the term grades already set. The
    arithmetic stays in ``api.diary.grades.averages`` (``journal.summary``)."""
    caller = caller_cte()
    viewer = viewer_of(caller)
    st = student_cte(caller, viewer)
    viewer = viewer_in(st)
    term_id = bindparam("term_id", type_=Uuid)
    today = cast(
        func.timezone(st.c.timezone, bindparam("now", type_=TIMESTAMP(timezone=True))), Date
    )
    # The candidates are read from their own alias: correlated to ``tm``'s Term they
    # would have no FROM of their own.
    candidate = aliased(Term)
    of_school = candidate.school_id == st.c.school_id
    begun = (
        select(candidate.id)
        .where(of_school, candidate.starts_on <= today)
        .order_by(candidate.starts_on.desc())
        .limit(1)
        .scalar_subquery()
    )
    first = (
        select(candidate.id)
        .where(of_school)
        .order_by(candidate.starts_on)
        .limit(1)
        .scalar_subquery()
    )
    asked = select(candidate.id).where(of_school, candidate.id == term_id).scalar_subquery()
    chosen = case((term_id.is_(None), func.coalesce(begun, first)), else_=asked)
    tm = (
        select(Term.id, Term.kind, Term.number, Term.starts_on, Term.ends_on)
        .select_from(st)
        .join(Term, Term.id == chosen)
        .cte("tm")
    )
    in_term = and_(Grade.date >= tm.c.starts_on, Grade.date <= tm.c.ends_on)
    grades = (
        select(
            json_list(
                obj(
                    subject_id=Grade.subject_id,
                    score=Grade.score,
                    passed=Grade.passed,
                    weight=WorkType.weight,
                ),
                Grade.date,
                Grade.id,
            )
        )
        .join(WorkType, WorkType.id == Grade.work_type_id)
        .join(tm, in_term)
        .where(
            Grade.student_id == st.c.id,
            Grade.deleted_at.is_(None),
            or_(st.c.full, teaches(viewer, st.c.class_id, Grade.subject_id)),
        )
        .scalar_subquery()
    )
    subjects = (
        select(
            json_list(
                obj(id=Subject.id, name=Subject.name, assessment=Subject.assessment),
                Subject.name,
                Subject.id,
            )
        )
        .where(
            Subject.id.in_(select(Lesson.subject_id).where(Lesson.class_id == st.c.class_id)),
            or_(st.c.full, teaches(viewer, st.c.class_id, Subject.id)),
        )
        .scalar_subquery()
    )
    # Two comparisons, not IN (…): an IN list is expanded when executed, not compiled once.
    missed = or_(
        AttendanceMark.status == AttendanceStatus.absent,
        AttendanceMark.status == AttendanceStatus.excused,
    )
    per_subject = (
        select(
            Lesson.subject_id,
            func.count().filter(missed).label("absences"),
            func.count().filter(AttendanceMark.status == AttendanceStatus.late).label("lates"),
        )
        .join(Lesson, Lesson.id == AttendanceMark.lesson_id)
        .join(tm, and_(AttendanceMark.date >= tm.c.starts_on, AttendanceMark.date <= tm.c.ends_on))
        .where(AttendanceMark.student_id == st.c.id)
        .group_by(Lesson.subject_id)
        .subquery("per_subject")
    )
    marks = select(
        json_list(
            obj(
                subject_id=per_subject.c.subject_id,
                absences=per_subject.c.absences,
                lates=per_subject.c.lates,
            ),
            per_subject.c.subject_id,
        )
    ).scalar_subquery()
    term_grades = (
        select(
            json_list(
                obj(
                    subject_id=TermGrade.subject_id, score=TermGrade.score, passed=TermGrade.passed
                ),
                TermGrade.subject_id,
            )
        )
        .join(tm, TermGrade.term_id == tm.c.id)
        .where(TermGrade.student_id == st.c.id)
        .scalar_subquery()
    )
    policy = (
        select(
            obj(
                five_from=GradingPolicy.five_from,
                four_from=GradingPolicy.four_from,
                three_from=GradingPolicy.three_from,
            )
        )
        .where(GradingPolicy.school_id == st.c.school_id)
        .scalar_subquery()
    )
    term = (
        select(
            obj(
                id=tm.c.id,
                kind=tm.c.kind,
                number=tm.c.number,
                starts_on=tm.c.starts_on,
                ends_on=tm.c.ends_on,
            )
        )
        .select_from(tm)
        .scalar_subquery()
    )
    body = select(
        obj(
            student_id=st.c.id,
            term=term,
            policy=policy,
            subjects=subjects,
            grades=grades,
            marks=marks,
            term_grades=term_grades,
        )
    ).select_from(st)
    return Compiled.of(answer(caller, body))


async def summary_data(
    connection: asyncpg.Connection[Any],
    claims: tokens.AccessClaims,
    *,
    student_id: uuid.UUID,
    term_id: uuid.UUID | None,
) -> str | None:
    """``summary_statement``'s JSON text; None when the student is not the caller's."""
    return await fetch_read(
        connection, claims, summary_statement(), student_id=student_id, term_id=term_id
    )


@cache
def terms_statement() -> Compiled:
    """The student's school calendar: every academic year with its terms, in order, and
    the school's time zone (``terms.student_terms`` picks the current ones)."""
    caller = caller_cte()
    st = student_cte(caller, viewer_of(caller))
    terms = (
        select(
            json_list(
                obj(
                    id=Term.id,
                    kind=Term.kind,
                    number=Term.number,
                    starts_on=Term.starts_on,
                    ends_on=Term.ends_on,
                ),
                Term.starts_on,
                Term.number,
            )
        )
        .where(Term.academic_year_id == AcademicYear.id)
        .scalar_subquery()
    )
    years = (
        select(
            json_list(
                obj(
                    id=AcademicYear.id,
                    year=AcademicYear.year,
                    starts_on=AcademicYear.starts_on,
                    ends_on=AcademicYear.ends_on,
                    term_kind=AcademicYear.term_kind,
                    terms=terms,
                ),
                AcademicYear.starts_on,
            )
        )
        .where(AcademicYear.school_id == st.c.school_id)
        .scalar_subquery()
    )
    body = select(
        obj(
            student_id=st.c.id,
            timezone=st.c.timezone,
            years=years,
        )
    ).select_from(st)
    return Compiled.of(answer(caller, body))


async def terms_data(
    connection: asyncpg.Connection[Any], claims: tokens.AccessClaims, student_id: uuid.UUID
) -> str | None:
    """``terms_statement``'s JSON text; None when the student is not the caller's."""
    return await fetch_read(connection, claims, terms_statement(), student_id=student_id)
