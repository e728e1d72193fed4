"""Lessons: one lesson with its roster, a teacher's own lessons, schedule changes."""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from typing import Annotated

from fastapi import APIRouter, Query

from api.db import SessionDep
from api.diary.lessons import service
from api.diary.lessons.schemas import LessonOut, LessonPatch, LessonSummary
from api.errors import ValidationFailed, problem_responses
from api.i18n import Text
from api.identity.deps import CurrentUser

router = APIRouter(tags=["lessons"])

MAX_RANGE = timedelta(days=93)


def check_range(start: date, end: date) -> None:
    if end < start or end - start > MAX_RANGE:
        raise ValidationFailed(
            code="date_range",
            detail=Text(
                "Период задан неверно: «по» не раньше «с», не длиннее 93 дней",
                "Bad range: 'to' must not precede 'from' and span at most 93 days",
            ),
        )


@router.get(
    "/lessons/{lesson_id}",
    name="get",
    summary="Урок (учителю — со списком класса)",
    response_model=LessonOut,
    responses=problem_responses(401, 404, 422),
)
async def get_lesson(
    lesson_id: uuid.UUID, principal: CurrentUser, session: SessionDep
) -> LessonOut:
    lesson = await service.get_readable(session, principal, lesson_id)
    return await service.detail(session, principal, lesson)


@router.patch(
    "/lessons/{lesson_id}",
    name="update",
    summary="Изменить урок: тема и кабинет (учитель); перенос, отмена, замена (администрация)",
    response_model=LessonOut,
    responses=problem_responses(401, 403, 404, 422),
)
async def update_lesson(
    lesson_id: uuid.UUID, body: LessonPatch, principal: CurrentUser, session: SessionDep
) -> LessonOut:
    lesson = await service.get_readable(session, principal, lesson_id)
    lesson = await service.change(session, principal, lesson, body)
    return await service.detail(session, principal, lesson)


@router.get(
    "/me/lessons",
    name="mine",
    summary="Мои уроки (учителя), включая замены",
    response_model=list[LessonSummary],
    responses=problem_responses(401, 422),
)
async def my_lessons(
    principal: CurrentUser,
    session: SessionDep,
    start: Annotated[date, Query(alias="from")],
    end: Annotated[date, Query(alias="to")],
) -> list[LessonSummary]:
    check_range(start, end)
    return await service.my_lessons(session, principal, start, end)
