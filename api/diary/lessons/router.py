"""Lessons: one lesson with its roster, a teacher's own lessons, schedule changes."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query, Response

from api.db import SessionDep, session_driver
from api.diary.lessons import generation, service, statements
from api.diary.lessons.schemas import GenerationOut, LessonOut, LessonPatch, LessonSummary
from api.diary.structure import service as structure
from api.diary.structure import terms as structure_terms
from api.errors import problem_responses
from api.identity.deps import BearerToken, CurrentUser, HotRead, SchoolAdminUser

router = APIRouter(tags=["lessons"])
# Generating a term's lessons is the school administration's work on its structure: the
# route keeps that tag (and so its operation id) though the lessons feature does the work.
# ``api.diary.router`` mounts it right after the structure's routes.
generation_router = APIRouter(tags=["school-structure"])


@router.get(
    "/lessons/{lesson_id}",
    name="get",
    summary="Урок (учителю — со списком класса)",
    response_model=LessonOut,
    responses=problem_responses(401, 404, 422),
)
async def get_lesson(lesson_id: uuid.UUID, hot: HotRead) -> Response:
    async with hot.connect() as connection:
        body = await statements.lesson(connection, hot.claims, lesson_id)
        if body is None:
            raise service.lesson_not_found()
        return Response(body, media_type="application/json")


@router.patch(
    "/lessons/{lesson_id}",
    name="update",
    summary="Изменить урок: тема и кабинет (учитель); перенос, отмена, замена (администрация)",
    response_model=LessonOut,
    responses=problem_responses(401, 403, 404, 422),
)
async def update_lesson(
    lesson_id: uuid.UUID,
    body: LessonPatch,
    principal: CurrentUser,
    token: BearerToken,
    session: SessionDep,
) -> LessonOut:
    lesson = await service.get_readable(session, principal, lesson_id)
    await service.change(session, principal, lesson, body)
    await session.flush()
    # Read back as ``GET`` answers it, on the request's transaction.
    changed = await statements.lesson(await session_driver(session), token, lesson_id)
    assert changed is not None  # readable a moment ago, in this transaction
    return LessonOut.model_validate_json(changed)


@router.get(
    "/me/lessons",
    name="mine",
    summary="Мои уроки (учителя), включая замены",
    response_model=list[LessonSummary],
    responses=problem_responses(401, 422),
)
async def my_lessons(
    hot: HotRead,
    start: Annotated[date, Query(alias="from")],
    end: Annotated[date, Query(alias="to")],
) -> Response:
    service.check_range(start, end)
    async with hot.connect() as connection:
        return Response(
            await statements.my_lessons(connection, hot.claims, start, end),
            media_type="application/json",
        )


@generation_router.post(
    "/terms/{term_id}/lessons",
    name="generate_lessons",
    summary="Создать уроки периода по шаблонам расписания (повторный запуск безопасен)",
    response_model=GenerationOut,
    responses=problem_responses(401, 403, 404, 409, 422),
)
async def generate_lessons(
    term_id: uuid.UUID, admin: SchoolAdminUser, session: SessionDep
) -> GenerationOut:
    term = await structure_terms.get_term(session, structure.staff_school(admin), term_id)
    created, existing = await generation.generate_lessons(session, term)
    return GenerationOut(created=created, existing=existing)
