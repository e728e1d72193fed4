"""The two hot reads as single statements: the week diary and a student's grade list."""

from __future__ import annotations

from functools import cache
from typing import Any

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
    literal_column,
    null,
    or_,
    select,
    tuple_,
)
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import aliased

from api.diary.access import Viewer, teaches
from api.diary.attendance.models import AttendanceMark
from api.diary.fastpath.sql import (
    Compiled,
    answer,
    caller_cte,
    grade_value,
    json_list,
    k,
    local_text,
    obj,
    person,
    student_cte,
    utc_text,
    viewer_in,
    viewer_of,
    work_type_json,
)
from api.diary.grades.models import Grade, WorkType
from api.diary.homework.models import Homework, HomeworkCompletion
from api.diary.lessons.access import teaches_lesson
from api.diary.lessons.models import Lesson
from api.diary.structure.models import Subject
from api.identity.models import Account


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
        substitute_teacher=case(
            (substitute.id.is_(None), literal_column("NULL::json")), else_=person(substitute)
        ),
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
    )
    lessons = (
        select(json_list(lesson, Lesson.starts_at, Lesson.number, Lesson.id))
        .select_from(Lesson)
        .join(Subject, Subject.id == Lesson.subject_id)
        .join(teacher, teacher.id == Lesson.teacher_id)
        .outerjoin(substitute, substitute.id == Lesson.substitute_teacher_id)
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
                school_class=obj(
                    id=st.c.class_id, name=func.concat(st.c.grade, k("-"), st.c.letter)
                ),
                school=obj(id=st.c.school_id, name=st.c.short_name),
            ),
            week=cast(bindparam("week", type_=Text), Text),
            timezone=st.c.timezone,
            days=day_list.scalar_subquery(),
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
    body = select(
        obj(
            items=items,
            total=total,
            limit=bindparam("limit", type_=Integer),
            offset=bindparam("offset", type_=Integer),
        )
    ).select_from(st)
    return Compiled.of(answer(caller, body))
