"""Homework: the teacher sets it per lesson; families read it, mark it done, discuss it."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Response

from api.db import SessionDep, session_driver
from api.diary.homework import editing, service, statements
from api.diary.homework.schemas import (
    CommentIn,
    CommentOut,
    DoneIn,
    HomeworkIn,
    HomeworkOrder,
    HomeworkOut,
    HomeworkPatch,
    StudentHomeworkOut,
)
from api.diary.lessons import service as lessons
from api.diary.schemas import Page
from api.diary.structure.access import get_readable_student, student_not_found
from api.errors import problem_responses
from api.identity.deps import (
    BearerToken,
    CurrentUser,
    HotRead,
    Principal,
    TeacherUser,
    require_roles,
)
from api.identity.models import Role
from api.pagination import Limit, Offset

router = APIRouter(tags=["homework"])

# Who may correct or remove homework at all; which homework is decided by its row scope
# (families get 403 as when setting one; another teacher's or school's homework is 404).
HomeworkEditor = Annotated[
    Principal, Depends(require_roles(Role.teacher, Role.class_teacher, Role.school_admin))
]


@router.post(
    "/lessons/{lesson_id}/homework",
    name="assign",
    status_code=201,
    summary="Задать домашнее задание к уроку",
    response_model=HomeworkOut,
    responses=problem_responses(401, 403, 404, 422),
)
async def assign(
    lesson_id: uuid.UUID, body: HomeworkIn, teacher: TeacherUser, session: SessionDep
) -> HomeworkOut:
    lesson = await lessons.get_taught(session, teacher, lesson_id)
    return await service.assign(session, teacher, lesson, body)


@router.get(
    "/lessons/{lesson_id}/homework",
    name="of_lesson",
    summary="Домашние задания, заданные на уроке",
    response_model=Page[HomeworkOut],
    responses=problem_responses(401, 404, 422),
)
async def lesson_homework(
    lesson_id: uuid.UUID,
    hot: HotRead,
    limit: Limit = 50,
    offset: Offset = 0,
) -> Response:
    async with hot.connect() as connection:
        body = await statements.lesson_homework(
            connection, hot.claims, lesson_id=lesson_id, limit=limit, offset=offset
        )
        if body is None:
            raise lessons.lesson_not_found()
        return Response(body, media_type="application/json")


@router.patch(
    "/homework/{homework_id}",
    name="update",
    summary="Исправить домашнее задание (текст, срок, материалы)",
    response_model=HomeworkOut,
    responses=problem_responses(401, 403, 404, 422),
)
async def update_homework(
    homework_id: uuid.UUID, body: HomeworkPatch, editor: HomeworkEditor, session: SessionDep
) -> HomeworkOut:
    homework, lesson = await editing.get_managed(session, editor, homework_id)
    return await editing.change(session, homework, lesson, body)


@router.delete(
    "/homework/{homework_id}",
    name="delete",
    status_code=204,
    summary="Удалить домашнее задание вместе с отметками и обсуждениями",
    response_class=Response,
    responses=problem_responses(401, 403, 404, 422),
)
async def delete_homework(
    homework_id: uuid.UUID, editor: HomeworkEditor, session: SessionDep
) -> Response:
    homework, _lesson = await editing.get_managed(session, editor, homework_id)
    await editing.remove(session, homework)
    return Response(status_code=204)


@router.get(
    "/students/{student_id}/homework",
    name="list",
    summary="Домашние задания ученика по сроку сдачи",
    response_model=Page[StudentHomeworkOut],
    responses=problem_responses(401, 404, 422),
)
async def student_homework(
    student_id: uuid.UUID,
    hot: HotRead,
    start: Annotated[date | None, Query(alias="from", description="Срок сдачи с")] = None,
    end: Annotated[date | None, Query(alias="to", description="Срок сдачи по")] = None,
    order: Annotated[
        HomeworkOrder,
        Query(
            description="latest — поздний срок сверху (архив); soonest — ближайший срок сверху "
            "(текущие задания)"
        ),
    ] = "latest",
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Annotated[int, Query(ge=0, le=100_000)] = 0,
) -> Response:
    async with hot.connect() as connection:
        body = await statements.student_homework(
            connection,
            hot.claims,
            student_id=student_id,
            start=start,
            end=end,
            soonest_first=order == "soonest",
            limit=limit,
            offset=offset,
        )
        if body is None:
            raise student_not_found()
        return Response(body, media_type="application/json")


@router.put(
    "/students/{student_id}/homework/{homework_id}/done",
    name="done",
    summary="Отметить задание выполненным (ученик или родитель)",
    response_model=StudentHomeworkOut,
    responses=problem_responses(401, 403, 404, 409, 422),
)
async def set_done(
    student_id: uuid.UUID,
    homework_id: uuid.UUID,
    body: DoneIn,
    principal: CurrentUser,
    token: BearerToken,
    session: SessionDep,
) -> StudentHomeworkOut:
    student = await get_readable_student(session, principal, student_id)
    due = await service.set_done(session, principal, student, homework_id, body.done)
    # Read back as the list shows it, on the request's transaction.
    listed = await statements.student_homework(
        await session_driver(session),
        token,
        student_id=student_id,
        start=due,
        end=due,
        soonest_first=False,
        limit=200,
        offset=0,
    )
    assert listed is not None  # the student was readable a moment ago, in this transaction
    page = Page[StudentHomeworkOut].model_validate_json(listed)
    return next(item for item in page.items if item.id == homework_id)


@router.get(
    "/students/{student_id}/homework/{homework_id}/comments",
    name="comments",
    summary="Обсуждение задания между семьёй и учителем",
    response_model=list[CommentOut],
    responses=problem_responses(401, 404, 422),
)
async def comments(student_id: uuid.UUID, homework_id: uuid.UUID, hot: HotRead) -> Response:
    async with hot.connect() as connection:
        row = await statements.comments(
            connection, hot.claims, student_id=student_id, homework_id=homework_id
        )
        if not row["student_found"]:
            raise student_not_found()
        if row["body"] is None:
            raise service.homework_not_found()
        return Response(row["body"], media_type="application/json")


@router.post(
    "/students/{student_id}/homework/{homework_id}/comments",
    name="comment",
    status_code=201,
    summary="Написать в обсуждение задания",
    response_model=CommentOut,
    responses=problem_responses(401, 404, 422),
)
async def add_comment(
    student_id: uuid.UUID,
    homework_id: uuid.UUID,
    body: CommentIn,
    principal: CurrentUser,
    session: SessionDep,
) -> CommentOut:
    student = await get_readable_student(session, principal, student_id)
    return await service.add_comment(session, principal, student, homework_id, body.body)
