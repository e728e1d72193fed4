"""Events: staff create them; families, students and staff read a student's events."""

from __future__ import annotations

import uuid
from datetime import date, time, timedelta
from typing import Annotated

from fastapi import APIRouter, Query, Response

from api.db import SessionDep
from api.diary.events import reminders, service, statements
from api.diary.events.schemas import (
    Event,
    EventIn,
    PlannedWorkIn,
    PlannedWorkOut,
    ReminderTimeIn,
    ReminderTimeOut,
)
from api.diary.lessons import service as lessons_service
from api.diary.schemas import Page
from api.diary.structure.access import student_not_found
from api.errors import FieldError, ValidationFailed, problem_responses
from api.i18n import Text
from api.identity import clock
from api.identity.deps import CurrentUser, HotRead, StaffUser, TeacherUser

router = APIRouter(tags=["events"])

DEFAULT_DAYS = 30
MAX_DAYS = 366


@router.post(
    "/events",
    name="create",
    status_code=201,
    summary="Создать событие школы или классов (собрание, контрольная, мероприятие, каникулы)",
    response_model=Event,
    responses=problem_responses(401, 403, 404, 422),
)
async def create_event(body: EventIn, staff: StaffUser, session: SessionDep) -> Event:
    return await service.create(session, staff, body)


@router.get(
    "/students/{student_id}/events",
    name="student_events",
    summary="События ученика: школы и класса, каникулы, запланированные контрольные",
    response_model=Page[Event],
    responses=problem_responses(401, 404, 422),
)
async def student_events(
    student_id: uuid.UUID,
    hot: HotRead,
    start: Annotated[
        date | None, Query(alias="from", description="Первый день (по умолчанию сегодня)")
    ] = None,
    end: Annotated[
        date | None, Query(alias="to", description="Последний день (по умолчанию +30 дней)")
    ] = None,
) -> Response:
    first = start or clock.latest_russian_date() - timedelta(days=1)
    last = end or first + timedelta(days=DEFAULT_DAYS)
    if last < first or (last - first).days > MAX_DAYS:
        message = Text("Период — от 1 до 366 дней", "The period is 1 to 366 days")
        raise ValidationFailed(
            code="period_invalid",
            detail=message,
            errors=[FieldError("to", "period_invalid", message)],
        )
    async with hot.connect() as connection:
        body = await statements.events_of_student(
            connection, hot.claims, student_id=student_id, first=first, last=last
        )
        if body is None:
            raise student_not_found()
        return Response(content=body.encode(), media_type="application/json")


@router.put(
    "/lessons/{lesson_id}/planned-work",
    name="plan_work",
    summary="Запланировать на будущем уроке работу (контрольную) или снять её",
    response_model=PlannedWorkOut,
    responses=problem_responses(401, 403, 404, 422),
)
async def plan_work(
    lesson_id: uuid.UUID, body: PlannedWorkIn, teacher: TeacherUser, session: SessionDep
) -> PlannedWorkOut:
    lesson = await lessons_service.get_taught(session, teacher, lesson_id)
    planned = await service.plan_work(session, lesson, body)
    return PlannedWorkOut(lesson_id=lesson.id, planned_work=planned)


def _reminder_time_out(chosen: time | None) -> ReminderTimeOut:
    at = chosen or reminders.DEFAULT_REMINDER_TIME
    return ReminderTimeOut(time=at.strftime("%H:%M"), default=chosen is None)


@router.get(
    "/me/reminder-time",
    name="get_reminder_time",
    summary="Во сколько накануне напоминать о событиях и встречах",
    response_model=ReminderTimeOut,
    responses=problem_responses(401),
)
async def get_reminder_time(principal: CurrentUser, session: SessionDep) -> ReminderTimeOut:
    return _reminder_time_out(await reminders.chosen_time(session, principal.account_id))


@router.put(
    "/me/reminder-time",
    name="set_reminder_time",
    summary="Выбрать, во сколько накануне напоминать о событиях и встречах",
    response_model=ReminderTimeOut,
    responses=problem_responses(401, 422),
)
async def set_reminder_time(
    body: ReminderTimeIn, principal: CurrentUser, session: SessionDep
) -> ReminderTimeOut:
    hours, minutes = (int(part) for part in body.time.split(":"))
    chosen = await reminders.set_reminder_time(session, principal.account_id, time(hours, minutes))
    return _reminder_time_out(chosen)
