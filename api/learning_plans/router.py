"""``/api/v1/students/{id}/learning-plans``, ``/api/v1/learning-plans/{id}`` and the school's
list of plans (ИУП)."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Response

from api.db import SessionDep
from api.errors import problem_responses
from api.identity.deps import CurrentUser, HotRead, Principal
from api.learning_plans import service, statements, views
from api.learning_plans.models import LearningPlanComment, PlanStatus
from api.learning_plans.schemas import (
    CandidatePage,
    PlanCommentIn,
    PlanCommentOut,
    PlanCommentPage,
    PlanCreate,
    PlanOut,
    PlanPage,
    TransitionIn,
)
from api.pagination import Limit, Offset
from api.statements import model_response

router = APIRouter(tags=["learning-plans"])


def _comment(row: LearningPlanComment, principal: Principal) -> PlanCommentOut:
    return PlanCommentOut(
        id=row.id,
        author_name=row.author_name,
        author_role=row.author_role,
        body=row.body,
        created_at=row.created_at,
        mine=row.author_id == principal.account_id,
    )


@router.get(
    "/students/{student_id}/learning-plans",
    name="list_for_student",
    summary="Индивидуальные учебные планы ученика: новые сверху",
    response_model=PlanPage,
    responses=problem_responses(401, 404, 422),
)
async def list_student_plans(
    student_id: uuid.UUID, hot: HotRead, limit: Limit = 20, offset: Offset = 0
) -> Response:
    async with hot.connect() as connection:
        page = await statements.read_student_plans(
            connection, hot.claims, student_id, limit=limit, offset=offset
        )
    return model_response(page)


@router.post(
    "/students/{student_id}/learning-plans",
    name="create",
    status_code=201,
    summary="Запросить ИУП (родитель) или предложить его (классный руководитель, администратор)",
    response_model=PlanOut,
    responses=problem_responses(401, 403, 404, 409, 422),
)
async def create_plan(
    student_id: uuid.UUID, body: PlanCreate, principal: CurrentUser, session: SessionDep
) -> PlanOut:
    plan, actor = await service.create(session, principal, student_id, body)
    return await views.detail(session, plan, actor)


@router.get(
    "/schools/{school_id}/learning-plans",
    name="list_for_school",
    summary="ИУП школы (администратору — все, классному руководителю — своего класса)",
    response_model=PlanPage,
    responses=problem_responses(401, 403, 404, 422),
)
async def list_school_plans(
    school_id: uuid.UUID,
    hot: HotRead,
    status: PlanStatus | None = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> Response:
    async with hot.connect() as connection:
        page = await statements.read_school_plans(
            connection, hot.claims, school_id, status=status, limit=limit, offset=offset
        )
    return model_response(page)


@router.get(
    "/schools/{school_id}/learning-plan-students",
    name="candidates",
    summary="Ученики, которым сотрудник может предложить ИУП (поиск по фамилии)",
    response_model=CandidatePage,
    responses=problem_responses(401, 403, 404, 422),
)
async def list_candidates(
    school_id: uuid.UUID,
    hot: HotRead,
    q: Annotated[str | None, Query(max_length=60, description="Начало фамилии")] = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> Response:
    async with hot.connect() as connection:
        body = await statements.read_candidates(
            connection, hot.claims, school_id, q=q, limit=limit, offset=offset
        )
    return Response(body, media_type="application/json")


@router.get(
    "/learning-plans/{plan_id}",
    name="get",
    summary="ИУП с историей, подписью и доступными вам действиями",
    response_model=PlanOut,
    responses=problem_responses(401, 404, 422),
)
async def get_plan(plan_id: uuid.UUID, hot: HotRead) -> Response:
    async with hot.connect() as connection:
        plan = await statements.read_plan(connection, hot.claims, plan_id)
    return model_response(plan)


@router.post(
    "/learning-plans/{plan_id}/transitions",
    name="transition",
    summary="Шаг ИУП: предложить, попросить изменить, утвердить, отклонить, отозвать",
    response_model=PlanOut,
    responses=problem_responses(401, 403, 404, 409, 422),
)
async def transition_plan(
    plan_id: uuid.UUID, body: TransitionIn, principal: CurrentUser, session: SessionDep
) -> PlanOut:
    plan, actor = await service.transition(session, principal, plan_id, body)
    return await views.detail(session, plan, actor)


@router.get(
    "/learning-plans/{plan_id}/comments",
    name="list_comments",
    summary="Обсуждение ИУП: старые сверху",
    response_model=PlanCommentPage,
    responses=problem_responses(401, 404, 422),
)
async def list_comments(
    plan_id: uuid.UUID, hot: HotRead, limit: Limit = 50, offset: Offset = 0
) -> Response:
    async with hot.connect() as connection:
        body = await statements.read_comments(
            connection, hot.claims, plan_id, limit=limit, offset=offset
        )
    return Response(body, media_type="application/json")


@router.post(
    "/learning-plans/{plan_id}/comments",
    name="add_comment",
    status_code=201,
    summary="Написать в обсуждение ИУП (другая сторона получит уведомление)",
    response_model=PlanCommentOut,
    responses=problem_responses(401, 403, 404, 409, 422),
)
async def add_comment(
    plan_id: uuid.UUID, body: PlanCommentIn, principal: CurrentUser, session: SessionDep
) -> PlanCommentOut:
    row = await service.add_comment(session, principal, plan_id, body)
    return _comment(row, principal)
