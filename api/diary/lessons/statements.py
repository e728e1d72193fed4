"""Lessons as single statements: one lesson with its roster (``GET /lessons/{id}``) and a
teacher's own lessons (``GET /me/lessons``); session check, visibility and JSON in one
round trip. The ORM readings they must equal are in ``tests/diary/reference.py``
(``lesson_detail``, ``my_lessons``)."""

from __future__ import annotations

import uuid
from datetime import date
from functools import cache
from typing import Any

import asyncpg
from sqlalchemy import (
    ColumnElement,
    Date,
    Uuid,
    bindparam,
    case,
    column,
    or_,
    select,
    table,
    true,
)
from sqlalchemy.orm import aliased

from api.diary.lessons.access import lesson_visible, teaches_lesson
from api.diary.lessons.models import Lesson
from api.diary.sql import local_text, viewer_of
from api.diary.structure.models import Student, Subject, pupils_of
from api.diary.structure.viewer import runs_class
from api.identity import tokens
from api.identity.models import Account
from api.identity.statements import caller_cte, fetch_read
from api.schools.models import School, SchoolClass
from api.statements import NULL_JSON, Compiled, answer, class_name, json_list, obj, person

_SUBSTITUTE = aliased(Account, name="substitute")
_TEACHER = aliased(Account, name="teacher")
# The planned work's type, read as a plain table: api.diary.grades (which owns WorkType)
# imports the lessons, so the lessons may not import it back.
_PLANNED = table(
    "work_types", column("id"), column("code"), column("name"), column("weight")
).alias("planned")


def _summary(**extra: Any) -> ColumnElement[Any]:
    """``LessonSummary`` (and ``extra`` fields) of ``Lesson`` joined by ``_joined``."""
    return obj(
        id=Lesson.id,
        date=Lesson.date,
        number=Lesson.number,
        starts_at=local_text(Lesson.starts_at, School.timezone),
        ends_at=local_text(Lesson.ends_at, School.timezone),
        status=Lesson.status,
        topic=Lesson.topic,
        room=Lesson.room,
        change_note=Lesson.change_note,
        school_class=obj(id=SchoolClass.id, name=class_name(SchoolClass)),
        subject=obj(id=Subject.id, name=Subject.name),
        teacher=person(_TEACHER),
        substitute_teacher=case((_SUBSTITUTE.id.is_(None), NULL_JSON), else_=person(_SUBSTITUTE)),
        original_date=Lesson.original_date,
        planned_work=case(
            (_PLANNED.c.id.is_(None), NULL_JSON),
            else_=obj(code=_PLANNED.c.code, name=_PLANNED.c.name, weight=_PLANNED.c.weight),
        ),
        **extra,
    )


def _joined(query: Any) -> Any:
    return (
        query.join(SchoolClass, SchoolClass.id == Lesson.class_id)
        .join(Subject, Subject.id == Lesson.subject_id)
        .join(_TEACHER, _TEACHER.id == Lesson.teacher_id)
        .outerjoin(_SUBSTITUTE, _SUBSTITUTE.id == Lesson.substitute_teacher_id)
        .join(School, School.id == Lesson.school_id)
        .outerjoin(_PLANNED, _PLANNED.c.id == Lesson.planned_work_type_id)
    )


@cache
def lesson_statement() -> Compiled:
    """``LessonOut``: a lesson the caller sees (``lessons.access.lesson_visible``); the
    class roster for those who teach it or run the class, empty for families."""
    caller = caller_cte()
    viewer = viewer_of(caller)
    seen = (
        select(
            Lesson.id,
            (teaches_lesson(viewer) | runs_class(viewer, Lesson.class_id, Lesson.school_id)).label(
                "staff"
            ),
        )
        .join(caller, true())
        .where(Lesson.id == bindparam("lesson_id", type_=Uuid), lesson_visible(viewer))
        .cte("seen")
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
        .where(pupils_of(Lesson.class_id), seen.c.staff)
        .scalar_subquery()
    )
    body = _joined(
        select(_summary(students=roster)).select_from(seen).join(Lesson, Lesson.id == seen.c.id)
    )
    return Compiled.of(answer(caller, body))


@cache
def my_lessons_statement() -> Compiled:
    """``list[LessonSummary]``: the lessons the caller teaches or substitutes in the range."""
    caller = caller_cte()
    body = _joined(
        select(json_list(_summary(), Lesson.starts_at, Lesson.number, Lesson.id))
        .select_from(Lesson)
        .join(
            caller,
            or_(
                Lesson.teacher_id == caller.c.account_id,
                Lesson.substitute_teacher_id == caller.c.account_id,
            ),
        )
    ).where(
        Lesson.date >= bindparam("start", type_=Date), Lesson.date <= bindparam("end", type_=Date)
    )
    return Compiled.of(answer(caller, body))


async def lesson(
    connection: asyncpg.Connection[Any], claims: tokens.AccessClaims, lesson_id: uuid.UUID
) -> str | None:
    """``LessonOut`` as JSON text; None when the caller does not see the lesson."""
    return await fetch_read(connection, claims, lesson_statement(), lesson_id=lesson_id)


async def my_lessons(
    connection: asyncpg.Connection[Any], claims: tokens.AccessClaims, start: date, end: date
) -> str:
    """``list[LessonSummary]`` as JSON text (``[]`` for those who teach nothing)."""
    body = await fetch_read(connection, claims, my_lessons_statement(), start=start, end=end)
    assert body is not None  # an aggregate
    return body
