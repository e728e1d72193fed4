"""Attendance reads as single statements: a lesson's attendance for its teacher or an
integration client (``GET /lessons/{id}/attendance``), a student's attendance (``GET
/students/{id}/attendance``) and a class's absence notes for its class teacher (``GET
/classes/{id}/absence-notes``). Session check, visibility, page and total in one round
trip, JSON built by PostgreSQL. The ORM readings the first two must equal are
``tests/diary/reference``'s ``lesson_attendance`` and ``student_attendance``."""

from __future__ import annotations

import uuid
from datetime import date
from functools import cache
from typing import Any

import asyncpg
from sqlalchemy import (
    Date,
    Integer,
    String,
    Text,
    Uuid,
    and_,
    bindparam,
    case,
    cast,
    func,
    or_,
    select,
    true,
)
from sqlalchemy.orm import aliased

from api.diary.attendance.models import AbsenceNote, AbsenceNoteStatus, AttendanceMark
from api.diary.lessons.access import client_reads_journal, teaches_lesson
from api.diary.lessons.models import Lesson
from api.diary.sql import student_cte, viewer_in, viewer_of
from api.diary.structure.models import Student, Subject, pupils_of
from api.diary.structure.viewer import runs_class, teaches
from api.identity import tokens
from api.identity.models import Account, Role
from api.identity.statements import caller_cte, fetch_read, fetch_staff_read
from api.schools.models import SchoolClass
from api.statements import NULL_JSON, Compiled, answer, json_list, k, obj, page_of, person, utc_text

# Who reads a lesson's attendance among people (403 ``role_required`` for anyone else);
# of them, only the lesson's teachers see it (``teaches_lesson``, else 404).
LESSON_READERS = (Role.teacher, Role.class_teacher)


def _lesson_marks(seen: Any, *, reasons: bool) -> Any:
    """``list[AttendanceOut]`` of the lesson in ``seen`` (id, number, subject_id): its
    marks by the pupil's name; no row when ``seen`` has none (the lesson is not readable).
    ``reasons=False`` leaves absence reasons out (never given to integrations, contract
    §4.4)."""
    item = obj(
        student_id=AttendanceMark.student_id,
        lesson_id=seen.c.id,
        date=AttendanceMark.date,
        lesson_number=seen.c.number,
        subject=obj(id=Subject.id, name=Subject.name),
        status=AttendanceMark.status,
        minutes_late=AttendanceMark.minutes_late,
        reason=AttendanceMark.reason if reasons else None,
        updated_at=utc_text(AttendanceMark.updated_at),
    )
    marks = (
        select(json_list(item, Student.last_name, Student.first_name, Student.id))
        .select_from(AttendanceMark)
        .join(Student, Student.id == AttendanceMark.student_id)
        .where(AttendanceMark.lesson_id == seen.c.id)
        .scalar_subquery()
    )
    return select(marks).select_from(seen).join(Subject, Subject.id == seen.c.subject_id)


def _lesson(*where: Any) -> Any:
    return select(Lesson.id, Lesson.number, Lesson.subject_id).where(
        Lesson.id == bindparam("lesson_id", type_=Uuid), *where
    )


@cache
def lesson_attendance_statement() -> Compiled:
    """A person's read: a lesson they keep (``teaches_lesson``, as the write path's
    ``taught_lessons``)."""
    caller = caller_cte()
    seen = _lesson(teaches_lesson(viewer_of(caller))).join(caller, true()).cte("seen")
    return Compiled.of(answer(caller, _lesson_marks(seen, reasons=True)))


@cache
def client_lesson_attendance_statement() -> Compiled:
    """An integration client's read (admitted by its door): any lesson of its school."""
    seen = _lesson(client_reads_journal(bindparam("school_id", type_=Uuid))).cte("seen")
    body = _lesson_marks(seen, reasons=False).scalar_subquery()
    return Compiled.of(select(cast(body, Text).label("body")))


async def lesson_attendance(
    connection: asyncpg.Connection[Any], claims: tokens.AccessClaims, *, lesson_id: uuid.UUID
) -> str | None:
    """``list[AttendanceOut]`` as JSON text; None when the caller does not keep the lesson;
    403 for a person who is no teacher."""
    row = await fetch_staff_read(
        connection, claims, lesson_attendance_statement(), roles=LESSON_READERS, lesson_id=lesson_id
    )
    body: str | None = row["body"]
    return body


async def client_lesson_attendance(
    connection: asyncpg.Connection[Any], *, school_id: uuid.UUID, lesson_id: uuid.UUID
) -> str | None:
    """``list[AttendanceOut]`` without reasons as JSON text; None when the lesson is not of
    the client's school."""
    statement = client_lesson_attendance_statement()
    body: str | None = await connection.fetchval(
        statement.sql, *statement.args(school_id=school_id, lesson_id=lesson_id)
    )
    return body


@cache
def student_attendance_statement() -> Compiled:
    """``Page[AttendanceOut]``, newest first. Visible like grades: family, class teacher
    and administration see all; a subject teacher the lessons of their subjects."""
    caller = caller_cte()
    st = student_cte(caller, viewer_of(caller))
    viewer = viewer_in(st)
    start = bindparam("start", type_=Date)
    end = bindparam("end", type_=Date)
    scope = and_(
        AttendanceMark.student_id == st.c.id,
        or_(st.c.full, teaches(viewer, st.c.class_id, Lesson.subject_id)),
        or_(start.is_(None), AttendanceMark.date >= start),
        or_(end.is_(None), AttendanceMark.date <= end),
    )
    order = (AttendanceMark.date.desc(), Lesson.number.desc(), AttendanceMark.id)
    page = (
        select(AttendanceMark.id, func.row_number().over(order_by=order).label("ord"))
        .join(Lesson, Lesson.id == AttendanceMark.lesson_id)
        .where(scope)
        .order_by(*order)
        .limit(bindparam("limit", type_=Integer))
        .offset(bindparam("offset", type_=Integer))
        .subquery("page")
    )
    mark, lesson = aliased(AttendanceMark), aliased(Lesson)
    item = obj(
        student_id=mark.student_id,
        lesson_id=lesson.id,
        date=mark.date,
        lesson_number=lesson.number,
        subject=obj(id=Subject.id, name=Subject.name),
        status=mark.status,
        minutes_late=mark.minutes_late,
        reason=mark.reason,
        updated_at=utc_text(mark.updated_at),
    )
    items = (
        select(json_list(item, page.c.ord))
        .select_from(page)
        .join(mark, mark.id == page.c.id)
        .join(lesson, lesson.id == mark.lesson_id)
        .join(Subject, Subject.id == lesson.subject_id)
        .scalar_subquery()
    )
    total = (
        select(func.count())
        .select_from(AttendanceMark)
        .join(Lesson, Lesson.id == AttendanceMark.lesson_id)
        .where(scope)
        .scalar_subquery()
    )
    body = select(page_of(items, total)).select_from(st)
    return Compiled.of(answer(caller, body))


async def student_attendance(
    connection: asyncpg.Connection[Any],
    claims: tokens.AccessClaims,
    *,
    student_id: uuid.UUID,
    start: date | None,
    end: date | None,
    limit: int,
    offset: int,
) -> str | None:
    """``Page[AttendanceOut]`` as JSON text; None when the student is not visible."""
    return await fetch_read(
        connection,
        claims,
        student_attendance_statement(),
        student_id=student_id,
        start=start,
        end=end,
        limit=limit,
        offset=offset,
    )


@cache
def class_notes_statement() -> Compiled:
    """``Page[ClassAbsenceNoteOut]``: the absence notes of a class the caller runs (its
    class teacher, its school's administration), newest filed first, optionally of one
    ``status``; ``class_found`` is false for any other class (404 ``class_not_found``)."""
    caller = caller_cte()
    viewer = viewer_of(caller)
    run = (
        select(SchoolClass.id)
        .join(caller, true())
        .where(
            SchoolClass.id == bindparam("class_id", type_=Uuid),
            runs_class(viewer, SchoolClass.id, SchoolClass.school_id),
        )
        .cte("run")
    )
    status = bindparam("status", type_=String)
    scope = and_(
        pupils_of(run.c.id),
        or_(status.is_(None), cast(AbsenceNote.status, String) == status),
    )
    order = (AbsenceNote.created_at.desc(), AbsenceNote.id.desc())
    page = (
        select(AbsenceNote.id.label("id"), func.row_number().over(order_by=order).label("ord"))
        .join(Student, Student.id == AbsenceNote.student_id)
        .where(scope)
        .order_by(*order)
        .limit(bindparam("limit", type_=Integer))
        .offset(bindparam("offset", type_=Integer))
        .subquery("page")
    )
    filer, reviewer = aliased(Account, name="filer"), aliased(Account, name="reviewer")
    rejected = AbsenceNote.status == AbsenceNoteStatus.rejected
    item = obj(
        id=AbsenceNote.id,
        student_id=AbsenceNote.student_id,
        **{"from": AbsenceNote.from_date, "to": AbsenceNote.to_date},
        reason=AbsenceNote.reason,
        status=AbsenceNote.status,
        filed_by=person(filer),
        acknowledged_by=case((rejected | reviewer.id.is_(None), NULL_JSON), else_=person(reviewer)),
        acknowledged_at=case((rejected, None), else_=utc_text(AbsenceNote.acknowledged_at)),
        rejection=case(
            (
                rejected & reviewer.id.is_not(None) & AbsenceNote.acknowledged_at.is_not(None),
                obj(
                    reason=func.coalesce(AbsenceNote.rejection_reason, k("")),
                    by=person(reviewer),
                    at=utc_text(AbsenceNote.acknowledged_at),
                ),
            ),
            else_=NULL_JSON,
        ),
        created_at=utc_text(AbsenceNote.created_at),
        student=obj(id=Student.id, name=func.concat(Student.last_name, k(" "), Student.first_name)),
    )
    items = (
        select(json_list(item, page.c.ord))
        .select_from(page)
        .join(AbsenceNote, AbsenceNote.id == page.c.id)
        .join(Student, Student.id == AbsenceNote.student_id)
        .join(filer, filer.id == AbsenceNote.filed_by)
        .outerjoin(reviewer, reviewer.id == AbsenceNote.acknowledged_by)
        .scalar_subquery()
    )
    total = (
        select(func.count())
        .select_from(AbsenceNote)
        .join(Student, Student.id == AbsenceNote.student_id)
        .where(scope)
        .scalar_subquery()
    )
    body = select(page_of(items, total)).select_from(run)
    return Compiled.of(answer(caller, body))


async def class_notes(
    connection: asyncpg.Connection[Any],
    claims: tokens.AccessClaims,
    *,
    class_id: uuid.UUID,
    status: AbsenceNoteStatus | None,
    limit: int,
    offset: int,
) -> str | None:
    """``Page[ClassAbsenceNoteOut]`` as JSON text; None when the caller does not run the
    class."""
    return await fetch_read(
        connection,
        claims,
        class_notes_statement(),
        class_id=class_id,
        status=None if status is None else status.value,
        limit=limit,
        offset=offset,
    )
