"""Meetings: the class teacher or the administration publishes slots; families book."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Response

from api.db import SessionDep
from api.diary.meetings import service, statements
from api.diary.meetings.schemas import BookingIn, Meeting, MeetingIn, MeetingSchedule, Slot
from api.diary.schemas import Page
from api.errors import problem_responses
from api.identity.deps import CurrentUser, HotRead, StaffUser

router = APIRouter(tags=["meetings"])


@router.post(
    "/meetings",
    name="create",
    status_code=201,
    summary="Назначить встречу с родителями и опубликовать время для записи",
    response_model=Meeting,
    responses=problem_responses(401, 403, 404, 422),
)
async def create_meeting(body: MeetingIn, staff: StaffUser, session: SessionDep) -> Meeting:
    return await service.create(session, staff, body)


@router.get(
    "/meetings",
    name="schedules",
    summary="Встречи моих классов: кто на какое время записан (организатору)",
    response_model=Page[MeetingSchedule],
    responses=problem_responses(401, 403, 422),
)
async def schedules(
    hot: HotRead,
    class_id: uuid.UUID | None = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Annotated[int, Query(ge=0, le=100_000)] = 0,
) -> Response:
    # One statement on the hot pool (statements.py); the staff check (403) from its row.
    async with hot.connect() as connection:
        body = await statements.schedules(
            connection, hot.claims, class_id=class_id, limit=limit, offset=offset
        )
    return Response(body, media_type="application/json")


@router.get(
    "/meetings/{meeting_id}",
    name="schedule",
    summary="Встреча: кто на какое время записан (организатору)",
    response_model=MeetingSchedule,
    responses=problem_responses(401, 403, 404, 422),
)
async def schedule(meeting_id: uuid.UUID, hot: HotRead) -> Response:
    async with hot.connect() as connection:
        body = await statements.schedule(connection, hot.claims, meeting_id=meeting_id)
    return Response(body, media_type="application/json")


@router.get(
    "/students/{student_id}/meetings",
    name="student_meetings",
    summary="Встречи, на которые можно записаться по ученику",
    response_model=Page[Meeting],
    responses=problem_responses(401, 404, 422),
)
async def student_meetings(
    student_id: uuid.UUID,
    hot: HotRead,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Annotated[int, Query(ge=0, le=100_000)] = 0,
) -> Response:
    # One statement on the hot pool (statements.py); service.for_student is its reference.
    async with hot.connect() as connection:
        body = await statements.for_student(
            connection, hot.claims, student_id=student_id, limit=limit, offset=offset
        )
    return Response(body, media_type="application/json")


@router.post(
    "/meeting-slots/{slot_id}/booking",
    name="book",
    status_code=201,
    summary="Записаться на время встречи (одно время на ребёнка)",
    response_model=Slot,
    responses=problem_responses(401, 404, 409, 422),
)
async def book(
    slot_id: uuid.UUID, body: BookingIn, principal: CurrentUser, session: SessionDep
) -> Slot:
    return await service.book(session, principal, slot_id, body.student_id)


@router.delete(
    "/meeting-slots/{slot_id}/booking",
    name="cancel",
    status_code=204,
    summary="Отменить запись на встречу",
    response_class=Response,
    responses=problem_responses(401, 404, 422),
)
async def cancel(slot_id: uuid.UUID, principal: CurrentUser, session: SessionDep) -> Response:
    await service.cancel(session, principal, slot_id)
    return Response(status_code=204)
