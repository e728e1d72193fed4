"""Journal completeness per teacher (REPORTS.md §2): lessons held, lessons without a
topic, without attendance marks, and grades entered more than three days after the
lesson (in the school's time zone). For the school's administration.

One statement with its JSON built by PostgreSQL (``tests/reports/reference.py`` keeps
the ORM version the tests compare it with): the teachers sorted by name as Python sorts
strings (``COLLATE "C"``), an unknown account named «—».
"""

from __future__ import annotations

import uuid
from datetime import date
from functools import cache
from typing import Any

import asyncpg
from sqlalchemy import (
    Date,
    String,
    Text,
    Uuid,
    bindparam,
    cast,
    exists,
    func,
    or_,
    select,
    union,
)

from api.diary.attendance.models import AttendanceMark
from api.diary.grades.models import Grade
from api.diary.lessons.models import Lesson, LessonStatus
from api.identity.models import Account
from api.statements import Compiled, full_name, json_list, k, obj

LATE_AFTER_DAYS = 3


@cache
def completeness_statement() -> Compiled:
    school_id = bindparam("school_id", type_=Uuid)
    starts_on = bindparam("starts_on", type_=Date)
    last_day = bindparam("last_day", type_=Date)
    teacher = func.coalesce(Lesson.substitute_teacher_id, Lesson.teacher_id)
    lessons = (
        select(
            teacher.label("teacher_id"),
            func.count().label("held"),
            func.count()
            .filter(or_(Lesson.topic.is_(None), func.btrim(Lesson.topic) == ""))
            .label("without_topic"),
            func.count()
            .filter(~exists().where(AttendanceMark.lesson_id == Lesson.id))
            .label("without_attendance"),
        )
        .where(
            Lesson.school_id == school_id,
            Lesson.date >= starts_on,
            Lesson.date <= last_day,
            Lesson.status != LessonStatus.cancelled,
        )
        .group_by(teacher)
        .cte("held")
    )
    zone = bindparam("timezone", type_=String)
    entered_on = func.date(func.timezone(zone, Grade.created_at))
    late = (
        select(Grade.teacher_id, func.count().label("late"))
        .join(Lesson, Lesson.id == Grade.lesson_id)
        .where(
            Lesson.school_id == school_id,
            Lesson.date >= starts_on,
            Lesson.date <= last_day,
            Grade.deleted_at.is_(None),
            entered_on - Lesson.date > LATE_AFTER_DAYS,
        )
        .group_by(Grade.teacher_id)
        .cte("late_grades")
    )
    teachers = union(select(lessons.c.teacher_id), select(late.c.teacher_id)).cte("teachers")
    name = func.coalesce(
        full_name(Account.last_name, Account.first_name, Account.middle_name), k("—")
    )
    item = obj(
        teacher_id=teachers.c.teacher_id,
        name=name,
        lessons_held=func.coalesce(lessons.c.held, 0),
        without_topic=func.coalesce(lessons.c.without_topic, 0),
        without_attendance=func.coalesce(lessons.c.without_attendance, 0),
        late_grades=func.coalesce(late.c.late, 0),
    )
    items = (
        select(json_list(item, name.collate("C"), teachers.c.teacher_id))
        .select_from(teachers)
        .outerjoin(lessons, lessons.c.teacher_id == teachers.c.teacher_id)
        .outerjoin(late, late.c.teacher_id == teachers.c.teacher_id)
        .outerjoin(Account, Account.id == teachers.c.teacher_id)
        .scalar_subquery()
    )
    total = select(func.count()).select_from(teachers).scalar_subquery()
    body = obj(
        items=items,
        **{"from": starts_on},
        to=bindparam("ends_on", type_=Date),
        total=total,
    )
    return Compiled.of(select(cast(body, Text)))


async def completeness_json(
    connection: asyncpg.Connection[Any],
    *,
    school_id: uuid.UUID,
    timezone: str,
    starts_on: date,
    ends_on: date,
    today: date,
) -> str:
    compiled = completeness_statement()
    body: str = await connection.fetchval(
        compiled.sql,
        *compiled.args(
            school_id=school_id,
            timezone=timezone,
            starts_on=starts_on,
            ends_on=ends_on,
            last_day=min(ends_on, today),
        ),
    )
    return body
