"""Attendance of a lesson, a student's attendance, absence notes."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated

import orjson
from fastapi import APIRouter, Body, Query, Response

from api.db import SessionDep, session_driver
from api.diary.attendance import notes, service, statements
from api.diary.attendance.models import AbsenceNoteStatus
from api.diary.attendance.schemas import (
    AbsenceNoteIn,
    AbsenceNoteOut,
    AbsenceNoteRejectIn,
    AttendanceIn,
    AttendanceOut,
    ClassAbsenceNoteOut,
)
from api.diary.lessons import service as lessons
from api.diary.schemas import Page
from api.diary.structure.access import get_readable_student, student_not_found
from api.errors import problem_responses
from api.identity.deps import (
    CurrentUser,
    HotOrClientRead,
    HotRead,
    TeacherUser,
    roles_or_scopes,
)
from api.integrations.audit import client_access
from api.pagination import Limit, Offset

router = APIRouter(tags=["attendance"])

ATTENDANCE_READ = "edudiary:attendance.readonly"
# Teachers of the lesson, and integration clients of its school holding the scope.
_attendance_reader = roles_or_scopes(statements.LESSON_READERS, (ATTENDANCE_READ,))


@router.put(
    "/lessons/{lesson_id}/attendance",
    name="mark",
    summary="Отметить посещаемость урока (родители пропустивших получают уведомление сразу)",
    response_model=list[AttendanceOut],
    responses=problem_responses(401, 403, 404, 422),
)
async def mark_attendance(
    lesson_id: uuid.UUID,
    body: Annotated[list[AttendanceIn], Body(min_length=1, max_length=100)],
    teacher: TeacherUser,
    session: SessionDep,
) -> list[AttendanceOut]:
    lesson = await lessons.get_taught(session, teacher, lesson_id)
    return await service.mark(session, teacher, lesson, body)


@router.delete(
    "/lessons/{lesson_id}/attendance/{student_id}",
    name="clear",
    status_code=204,
    summary="Снять отметку посещаемости ученика (семья, получившая оповещение, узнает об этом)",
    response_class=Response,
    responses=problem_responses(401, 404, 422),
)
async def clear_attendance(
    lesson_id: uuid.UUID, student_id: uuid.UUID, principal: CurrentUser, session: SessionDep
) -> Response:
    lesson = await service.get_clearable(session, principal, lesson_id)
    await service.clear(session, lesson, student_id)
    return Response(status_code=204)


@router.get(
    "/lessons/{lesson_id}/attendance",
    name="lesson",
    summary="Посещаемость урока",
    response_model=list[AttendanceOut],
    responses=problem_responses(401, 403, 404, 422, 429),
)
async def lesson_attendance(lesson_id: uuid.UUID, door: HotOrClientRead) -> Response:
    # Its teachers from the hot pool; integration clients of its school holding the scope
    # through their door (a session: the client's rate limit and the audit row are writes).
    if door.hot is not None:
        async with door.hot.connect() as connection:
            body = await statements.lesson_attendance(
                connection, door.hot.claims, lesson_id=lesson_id
            )
        if body is None:
            raise lessons.lesson_not_found()
        return Response(body, media_type="application/json")
    async with door.client(_attendance_reader) as (caller, session):
        assert caller.school_id is not None
        body = await statements.client_lesson_attendance(
            await session_driver(session), school_id=caller.school_id, lesson_id=lesson_id
        )
        if body is None:  # inside: a refused request's writes roll back with the session
            raise lessons.lesson_not_found()
        subjects = [m["student_id"] for m in orjson.loads(body)]
        await client_access(session, caller, "attendance", subject_ids=subjects)
    return Response(body, media_type="application/json")


@router.get(
    "/students/{student_id}/attendance",
    name="student",
    summary="Посещаемость ученика (новые сверху)",
    response_model=Page[AttendanceOut],
    responses=problem_responses(401, 404, 422),
)
async def student_attendance(
    student_id: uuid.UUID,
    hot: HotRead,
    start: Annotated[date | None, Query(alias="from")] = None,
    end: Annotated[date | None, Query(alias="to")] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Annotated[int, Query(ge=0, le=100_000)] = 0,
) -> Response:
    async with hot.connect() as connection:
        body = await statements.student_attendance(
            connection,
            hot.claims,
            student_id=student_id,
            start=start,
            end=end,
            limit=limit,
            offset=offset,
        )
        if body is None:
            raise student_not_found()
        return Response(body, media_type="application/json")


@router.post(
    "/students/{student_id}/absence-notes",
    name="file_note",
    status_code=201,
    summary="Подать объяснительную об отсутствии ученика (законный представитель)",
    response_model=AbsenceNoteOut,
    responses=problem_responses(401, 403, 404, 409, 422),
)
async def file_note(
    student_id: uuid.UUID, body: AbsenceNoteIn, principal: CurrentUser, session: SessionDep
) -> AbsenceNoteOut:
    student = await get_readable_student(session, principal, student_id)
    return await notes.file_note(session, principal, student, body)


@router.get(
    "/students/{student_id}/absence-notes",
    name="notes",
    summary="Объяснительные об отсутствии ученика",
    response_model=list[AbsenceNoteOut],
    responses=problem_responses(401, 404, 422),
)
async def list_notes(
    student_id: uuid.UUID, principal: CurrentUser, session: SessionDep
) -> list[AbsenceNoteOut]:
    student = await get_readable_student(session, principal, student_id)
    return await notes.list_notes(session, student)


@router.post(
    "/absence-notes/{note_id}/acknowledge",
    name="acknowledge",
    summary="Принять объяснительную (классный руководитель): пропуски становятся уважительными",
    response_model=AbsenceNoteOut,
    responses=problem_responses(401, 404, 422),
)
async def acknowledge(
    note_id: uuid.UUID, principal: CurrentUser, session: SessionDep
) -> AbsenceNoteOut:
    return await notes.acknowledge(session, principal, note_id)


@router.post(
    "/absence-notes/{note_id}/reject",
    name="reject",
    summary="Не принять объяснительную (классный руководитель) с причиной, которую видит семья",
    response_model=AbsenceNoteOut,
    responses=problem_responses(401, 404, 409, 422),
)
async def reject(
    note_id: uuid.UUID, body: AbsenceNoteRejectIn, principal: CurrentUser, session: SessionDep
) -> AbsenceNoteOut:
    return await notes.reject(session, principal, note_id, body.reason)


@router.get(
    "/classes/{class_id}/absence-notes",
    name="class_notes",
    summary="Объяснительные класса (классный руководитель, администрация), новые сверху",
    response_model=Page[ClassAbsenceNoteOut],
    responses=problem_responses(401, 404, 422),
)
async def class_notes(
    class_id: uuid.UUID,
    hot: HotRead,
    status: Annotated[
        AbsenceNoteStatus | None,
        Query(description="filed — ждут решения, acknowledged — приняты; без него — все"),
    ] = None,
    limit: Limit = 20,
    offset: Offset = 0,
) -> Response:
    async with hot.connect() as connection:
        body = await statements.class_notes(
            connection, hot.claims, class_id=class_id, status=status, limit=limit, offset=offset
        )
        if body is None:
            raise notes.run_class_not_found()
        return Response(body, media_type="application/json")
