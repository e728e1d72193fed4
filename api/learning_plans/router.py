"""``/api/v1/students/{id}/learning-plans``, ``/api/v1/learning-plans/{id}`` and the school's
list of plans (ИУП)."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query

from api.audit import service as audit
from api.db import SessionDep
from api.errors import problem_responses
from api.identity.deps import CurrentUser, Principal
from api.learning_plans import service, views
from api.learning_plans.models import LearningPlan, LearningPlanComment, PlanStatus
from api.learning_plans.schemas import (
    CandidatePage,
    PlanCommentIn,
    PlanCommentOut,
    PlanCommentPage,
    PlanCreate,
    PlanOut,
    PlanPage,
    StudentRef,
    TransitionIn,
)
from api.learning_plans.workflow import Actor
from api.pagination import Limit, Offset

router = APIRouter(tags=["learning-plans"])


async def _page(
    session: SessionDep, plans: list[LearningPlan], total: int, limit: int, offset: int
) -> PlanPage:
    ctx = await views.contexts(session, plans)
    return PlanPage(
        items=[views.summary(p, ctx[p.student_id]) for p in plans],
        total=total,
        limit=limit,
        offset=offset,
    )


async def _detail(
    session: SessionDep, principal: Principal, plan: LearningPlan, actor: Actor | None
) -> PlanOut:
    if actor in (Actor.class_teacher, Actor.school_admin):
        # A plan may state a child's health or family grounds: a staff read is audited.
        await audit.record(
            session,
            principal,
            "learning_plan.view",
            "learning_plan",
            plan.id,
            {"student_id": plan.student_id, "status": plan.status.value},
        )
    return await views.detail(session, plan, actor)


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
    student_id: uuid.UUID,
    principal: CurrentUser,
    session: SessionDep,
    limit: Limit = 20,
    offset: Offset = 0,
) -> PlanPage:
    plans, total = await service.list_for_student(
        session, principal, student_id, limit=limit, offset=offset
    )
    return await _page(session, plans, total, limit, offset)


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
    principal: CurrentUser,
    session: SessionDep,
    status: PlanStatus | None = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> PlanPage:
    plans, total = await service.list_for_school(
        session, principal, school_id, status=status, limit=limit, offset=offset
    )
    return await _page(session, plans, total, limit, offset)


@router.get(
    "/schools/{school_id}/learning-plan-students",
    name="candidates",
    summary="Ученики, которым сотрудник может предложить ИУП (поиск по фамилии)",
    response_model=CandidatePage,
    responses=problem_responses(401, 403, 404, 422),
)
async def list_candidates(
    school_id: uuid.UUID,
    principal: CurrentUser,
    session: SessionDep,
    q: Annotated[str | None, Query(max_length=60, description="Начало фамилии")] = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> CandidatePage:
    rows, total = await service.candidates(
        session, principal, school_id, q=q, limit=limit, offset=offset
    )
    return CandidatePage(
        items=[
            StudentRef(
                id=s.id,
                name=" ".join(p for p in (s.last_name, s.first_name, s.middle_name) if p),
                class_name=class_name,
            )
            for s, class_name in rows
        ],
        total=total,
        limit=limit,
        offset=offset,
    )


@router.get(
    "/learning-plans/{plan_id}",
    name="get",
    summary="ИУП с историей, подписью и доступными вам действиями",
    response_model=PlanOut,
    responses=problem_responses(401, 404, 422),
)
async def get_plan(plan_id: uuid.UUID, principal: CurrentUser, session: SessionDep) -> PlanOut:
    plan = await service.get_readable(session, principal, plan_id)
    actor = await service.actor_for_plan(session, principal, plan)
    return await _detail(session, principal, plan, actor)


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
    plan_id: uuid.UUID,
    principal: CurrentUser,
    session: SessionDep,
    limit: Limit = 50,
    offset: Offset = 0,
) -> PlanCommentPage:
    rows, total = await service.comments(session, principal, plan_id, limit=limit, offset=offset)
    return PlanCommentPage(
        items=[_comment(r, principal) for r in rows], total=total, limit=limit, offset=offset
    )


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
