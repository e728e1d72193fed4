"""Homework reads as single statements: a student's homework list (``GET
/students/{id}/homework``), a lesson's homework (``GET /lessons/{id}/homework``) and the
family–teacher thread about one (``GET /students/{id}/homework/{id}/comments``). Each:
the caller's session, the visibility, the page and its total in one round trip, the JSON
built by PostgreSQL (``api.statements``). The ORM reading the list must equal is
``tests/diary/reference``'s ``student_homework``."""

from __future__ import annotations

import uuid
from datetime import date
from functools import cache
from typing import Any

import asyncpg
from sqlalchemy import (
    Boolean,
    Date,
    Integer,
    Uuid,
    and_,
    bindparam,
    case,
    exists,
    func,
    or_,
    select,
    true,
)
from sqlalchemy.orm import aliased

from api.diary.homework.models import Homework, HomeworkComment, HomeworkCompletion
from api.diary.lessons.access import lesson_visible, teaches_lesson
from api.diary.lessons.models import Lesson
from api.diary.sql import student_cte, viewer_in, viewer_of
from api.diary.structure.models import Student, Subject
from api.diary.structure.viewer import is_family_of, runs_class
from api.identity import tokens
from api.identity.models import Account
from api.identity.statements import caller_cte, fetch_answer, fetch_read
from api.statements import Compiled, answer, json_list, obj, page_of, person, utc_text


@cache
def student_homework_statement() -> Compiled:
    """``Page[StudentHomeworkOut]``: the homework of the student's class that the caller
    sees — all of it for the family, the class teacher and the administration; a teacher
    the homework of lessons they teach — by due date."""
    caller = caller_cte()
    st = student_cte(caller, viewer_of(caller))
    viewer = viewer_in(st)
    start = bindparam("start", type_=Date)
    end = bindparam("end", type_=Date)
    soonest = bindparam("soonest", type_=Boolean)
    scope = and_(
        Homework.class_id == st.c.class_id,
        or_(st.c.full, teaches_lesson(viewer)),
        or_(start.is_(None), Homework.due_date >= start),
        or_(end.is_(None), Homework.due_date <= end),
    )
    # One ORDER BY for both orders: each order's keys are NULL (all equal) in the other,
    # so only one pair decides; the id breaks ties in both.
    by_due = (
        _when(soonest, Homework.due_date),
        _when(soonest, Homework.created_at),
        _when(~soonest, Homework.due_date).desc(),
        _when(~soonest, Homework.created_at).desc(),
        Homework.id,
    )
    page = (
        select(
            Homework.id.label("id"),
            func.row_number().over(order_by=by_due).label("ord"),
        )
        .join(Lesson, Lesson.id == Homework.lesson_id)
        .where(scope)
        .order_by(*by_due)
        .limit(bindparam("limit", type_=Integer))
        .offset(bindparam("offset", type_=Integer))
        .subquery("page")
    )
    set_lesson, subject, teacher = aliased(Lesson), aliased(Subject), aliased(Account)
    student_id = bindparam("student_id", type_=Uuid)
    done = (
        select(HomeworkCompletion.done_at)
        .where(
            HomeworkCompletion.homework_id == Homework.id,
            HomeworkCompletion.student_id == student_id,
        )
        .exists()
    )
    comments = (
        select(func.count())
        .where(HomeworkComment.homework_id == Homework.id, HomeworkComment.student_id == student_id)
        .scalar_subquery()
    )
    item = obj(
        id=Homework.id,
        lesson_id=set_lesson.id,
        lesson_date=set_lesson.date,
        subject=obj(id=subject.id, name=subject.name),
        teacher=person(teacher),
        text=Homework.text,
        due_date=Homework.due_date,
        attachments=Homework.attachments,
        created_at=utc_text(Homework.created_at),
        done=done,
        comments=comments,
    )
    items = (
        select(json_list(item, page.c.ord))
        .select_from(page)
        .join(Homework, Homework.id == page.c.id)
        .join(set_lesson, set_lesson.id == Homework.lesson_id)
        .join(subject, subject.id == Homework.subject_id)
        .join(teacher, teacher.id == Homework.teacher_id)
        .scalar_subquery()
    )
    total = (
        select(func.count())
        .select_from(Homework)
        .join(Lesson, Lesson.id == Homework.lesson_id)
        .where(scope)
        .scalar_subquery()
    )
    body = select(page_of(items, total)).select_from(st)
    return Compiled.of(answer(caller, body))


def _when(condition: Any, value: Any) -> Any:
    """``value`` where ``condition`` holds, else NULL: a sort key that only one order uses."""
    return case((condition, value))


async def student_homework(
    connection: asyncpg.Connection[Any],
    claims: tokens.AccessClaims,
    *,
    student_id: uuid.UUID,
    start: date | None,
    end: date | None,
    soonest_first: bool,
    limit: int,
    offset: int,
) -> str | None:
    """``Page[StudentHomeworkOut]`` as JSON text; None when the student is not visible."""
    return await fetch_read(
        connection,
        claims,
        student_homework_statement(),
        student_id=student_id,
        start=start,
        end=end,
        soonest=soonest_first,
        limit=limit,
        offset=offset,
    )


@cache
def lesson_homework_statement() -> Compiled:
    """``Page[HomeworkOut]``: the homework set at a lesson the caller sees
    (``lessons.access.lesson_visible``), oldest first."""
    caller = caller_cte()
    seen = (
        select(Lesson.id, Lesson.date, Lesson.subject_id)
        .join(caller, true())
        .where(Lesson.id == bindparam("lesson_id", type_=Uuid), lesson_visible(viewer_of(caller)))
        .cte("seen")
    )
    order = (Homework.created_at, Homework.id)
    page = (
        select(Homework.id.label("id"), func.row_number().over(order_by=order).label("ord"))
        .join(seen, seen.c.id == Homework.lesson_id)
        .order_by(*order)
        .limit(bindparam("limit", type_=Integer))
        .offset(bindparam("offset", type_=Integer))
        .subquery("page")
    )
    item = obj(
        id=Homework.id,
        lesson_id=seen.c.id,
        lesson_date=seen.c.date,
        subject=obj(id=Subject.id, name=Subject.name),
        teacher=person(Account),
        text=Homework.text,
        due_date=Homework.due_date,
        attachments=Homework.attachments,
        created_at=utc_text(Homework.created_at),
    )
    items = (
        select(json_list(item, page.c.ord))
        .select_from(page)
        .join(Homework, Homework.id == page.c.id)
        .join(Subject, Subject.id == seen.c.subject_id)
        .join(Account, Account.id == Homework.teacher_id)
        .scalar_subquery()
    )
    total = select(func.count()).where(Homework.lesson_id == seen.c.id).scalar_subquery()
    body = select(page_of(items, total)).select_from(seen)
    return Compiled.of(answer(caller, body))


@cache
def comments_statement() -> Compiled:
    """``list[CommentOut]``: the thread about one homework of a student the caller sees,
    oldest first — for the family, the lesson's teachers, the class teacher and the
    administration. ``student_found`` tells a hidden student (404 ``student_not_found``)
    from a hidden homework (404 ``homework_not_found``)."""
    caller = caller_cte()
    st = student_cte(caller, viewer_of(caller))
    viewer = viewer_in(st)
    homework_id = bindparam("homework_id", type_=Uuid)
    pupil = aliased(Student)
    visible = (
        select(Homework.id)
        .select_from(st)
        .join(Homework, Homework.class_id == st.c.class_id)
        .join(Lesson, Lesson.id == Homework.lesson_id)
        .join(pupil, pupil.id == st.c.id)
        .where(
            Homework.id == homework_id,
            or_(
                is_family_of(viewer, pupil.id, pupil.account_id),
                runs_class(viewer, Homework.class_id, Homework.school_id),
                teaches_lesson(viewer),
            ),
        )
        .cte("visible")
    )
    item = obj(
        id=HomeworkComment.id,
        author=person(Account),
        body=HomeworkComment.body,
        created_at=utc_text(HomeworkComment.created_at),
    )
    thread = (
        select(json_list(item, HomeworkComment.created_at, HomeworkComment.id))
        .select_from(HomeworkComment)
        .join(Account, Account.id == HomeworkComment.author_id)
        .where(HomeworkComment.homework_id == visible.c.id, HomeworkComment.student_id == st.c.id)
        .scalar_subquery()
    )
    body = select(thread).select_from(visible).join(st, true())
    return Compiled.of(answer(caller, body, student_found=exists(select(st.c.id))))


async def lesson_homework(
    connection: asyncpg.Connection[Any],
    claims: tokens.AccessClaims,
    *,
    lesson_id: uuid.UUID,
    limit: int,
    offset: int,
) -> str | None:
    """``Page[HomeworkOut]`` as JSON text; None when the lesson is not visible."""
    return await fetch_read(
        connection,
        claims,
        lesson_homework_statement(),
        lesson_id=lesson_id,
        limit=limit,
        offset=offset,
    )


async def comments(
    connection: asyncpg.Connection[Any],
    claims: tokens.AccessClaims,
    *,
    student_id: uuid.UUID,
    homework_id: uuid.UUID,
) -> asyncpg.Record:
    return await fetch_answer(
        connection, claims, comments_statement(), student_id=student_id, homework_id=homework_id
    )
