"""ИУП: a guardian's request or the school's proposal, the steps of the workflow, the
discussion, and the two hooks the signatures feature calls (what is signed; signed).

Every step goes through ``_step``: the status change, its history entry, the audit row and
the other side's notification are written in one transaction, so none is ever missing
nor sent for a change that was rolled back.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from api.audit import service as audit
from api.diary.structure.models import Student
from api.errors import Conflict, FieldError, Forbidden, ValidationFailed
from api.i18n import Text
from api.identity import clock
from api.identity.deps import Principal
from api.identity.models import Account
from api.learning_plans import notices, views, workflow
from api.learning_plans.access import (
    actor_of,
    plan_not_found,
    plan_student,
    readable_plans,
)
from api.learning_plans.models import (
    LearningPlan,
    LearningPlanComment,
    LearningPlanEvent,
    PlanOrigin,
    PlanStatus,
)
from api.learning_plans.schemas import PlanCommentIn, PlanCreate, PlanText, TransitionIn
from api.learning_plans.workflow import Action, Actor
from api.notifications import service as notifications

S = PlanStatus


def _invalid(field: str, code: str, ru: str, en: str) -> ValidationFailed:
    text = Text(ru, en)
    return ValidationFailed(code=code, detail=text, errors=[FieldError(field, code, text)])


def _comment_required() -> ValidationFailed:
    return _invalid(
        "comment",
        "comment_required",
        "Комментарий: напишите, что нужно изменить или почему план отклонён",
        "Comment: say what to change or why the plan is declined",
    )


async def get_readable(
    session: AsyncSession, principal: Principal, plan_id: uuid.UUID, *, lock: bool = False
) -> LearningPlan:
    query = readable_plans(principal).where(LearningPlan.id == plan_id)
    if lock:
        query = query.with_for_update(of=LearningPlan).execution_options(populate_existing=True)
    plan = await session.scalar(query)
    if plan is None:
        raise plan_not_found()
    return plan


async def actor_for_plan(
    session: AsyncSession, principal: Principal, plan: LearningPlan
) -> Actor | None:
    student = await session.get(Student, plan.student_id)
    assert student is not None
    return await actor_of(session, principal, student)


async def _step(
    session: AsyncSession,
    principal: Principal,
    plan: LearningPlan,
    action: Action,
    actor: Actor,
    *,
    at: datetime,
    source: PlanStatus | None,
    comment: str | None,
) -> None:
    session.add(
        LearningPlanEvent(
            plan_id=plan.id,
            at=at,
            action=action.value,
            status_from=source,
            status_to=plan.status,
            actor_id=principal.account_id,
            actor_role=actor.value,
            comment=comment or None,
        )
    )
    await audit.record(
        session,
        principal,
        f"learning_plan.{action.value}",
        "learning_plan",
        plan.id,
        {
            "student_id": plan.student_id,
            "from": source.value if source else None,
            "to": plan.status.value,
            "version": plan.version,
        },
    )
    recipients = await notices.other_side(session, plan, actor, principal.account_id)
    message = notices.step_message(plan, action, comment)
    await notifications.notify(session, [(r, message) for r in recipients])
    await session.flush()


def _set_text(plan: LearningPlan, text: PlanText, at: datetime) -> None:
    plan.title = text.title
    plan.reason = text.reason
    plan.starts_on = text.starts_on
    plan.ends_on = text.ends_on
    plan.content = text.content
    plan.version += 1
    plan.proposed_at = at


def _staff_text(body: PlanCreate) -> PlanText:
    missing = [
        name for name in ("title", "starts_on", "ends_on", "content") if getattr(body, name) is None
    ]
    if missing:
        text = Text("Заполните поле", "Please fill in this field")
        raise ValidationFailed(
            code="learning_plan_incomplete",
            detail=Text(
                "Чтобы предложить план, заполните название, срок действия и содержание",
                "To propose a plan, fill in the title, the period and the content",
            ),
            errors=[FieldError(name, "required", text) for name in missing],
        )
    try:
        return PlanText.model_validate(body.model_dump())
    except ValueError:
        raise _invalid(
            "ends_on",
            "period_invalid",
            "Окончание плана раньше его начала",
            "The plan ends before it starts",
        ) from None


async def create(
    session: AsyncSession, principal: Principal, student_id: uuid.UUID, body: PlanCreate
) -> tuple[LearningPlan, Actor]:
    """A guardian's request (requested) or the school's proposal (proposed)."""
    student = await plan_student(session, principal, student_id)
    actor = await actor_of(session, principal, student)
    if actor is None:
        raise workflow.action_forbidden(Action.request)
    action = Action.request if actor is Actor.guardian else Action.propose
    rule = workflow.check(None, action, actor)
    at = clock.now()
    plan = LearningPlan(
        id=uuid.uuid4(),
        student_id=student.id,
        school_id=student.school_id,
        status=rule.target,
        origin=PlanOrigin.family if actor is Actor.guardian else PlanOrigin.school,
        title=body.title or "Индивидуальный учебный план",
        reason=body.reason,
        version=0,
        created_by=principal.account_id,
        created_at=at,
        updated_at=at,
    )
    if action is Action.propose:
        _set_text(plan, _staff_text(body), at)
    session.add(plan)
    await session.flush()
    await _step(session, principal, plan, action, actor, at=at, source=None, comment=None)
    return plan, actor


async def transition(
    session: AsyncSession, principal: Principal, plan_id: uuid.UUID, body: TransitionIn
) -> tuple[LearningPlan, Actor]:
    plan = await get_readable(session, principal, plan_id, lock=True)
    actor = await actor_for_plan(session, principal, plan)
    action = Action(body.action)
    if actor is None:
        raise workflow.action_forbidden(action)
    rule = workflow.check(plan.status, action, actor)
    if action in workflow.NEEDS_COMMENT and not body.comment:
        raise _comment_required()
    if action is Action.propose and body.plan is None:
        raise _invalid(
            "plan",
            "required",
            "Текст плана: заполните название, срок и содержание",
            "Plan: fill in the title, the period and the content",
        )
    at = clock.now()
    source = plan.status
    plan.status = rule.target
    plan.updated_at = at
    if action is Action.propose and body.plan is not None:
        _set_text(plan, body.plan, at)
    if action is Action.approve:
        plan.approved_at = at
        plan.approved_by = principal.account_id
    await _step(session, principal, plan, action, actor, at=at, source=source, comment=body.comment)
    return plan, actor


# --- Signing: the hooks of api.signatures ------------------------------------------------


async def signable(
    session: AsyncSession, principal: Principal, plan_id: uuid.UUID, *, lock: bool = False
) -> tuple[LearningPlan, dict[str, Any]]:
    """The plan the caller may sign now, and the document they sign (404, 403, 409)."""
    plan = await get_readable(session, principal, plan_id, lock=lock)
    actor = await actor_for_plan(session, principal, plan)
    if actor is None:
        raise workflow.action_forbidden(Action.sign)
    workflow.check(plan.status, Action.sign, actor)
    ctx = (await views.contexts(session, [plan]))[plan.student_id]
    return plan, views.document(plan, ctx)


async def record_signature(
    session: AsyncSession,
    principal: Principal,
    plan: LearningPlan,
    *,
    signature_id: uuid.UUID,
    signed_at: datetime,
    signer_name: str,
    document_sha256: str,
) -> None:
    """The guardian's signature is in: the plan moves to signed (locked by ``signable``)."""
    rule = workflow.check(plan.status, Action.sign, Actor.guardian)
    source = plan.status
    plan.status = rule.target
    plan.updated_at = signed_at
    plan.signature_id = signature_id
    plan.signed_at = signed_at
    plan.signer_name = signer_name
    plan.signed_sha256 = document_sha256
    await _step(
        session,
        principal,
        plan,
        Action.sign,
        Actor.guardian,
        at=signed_at,
        source=source,
        comment=None,
    )


# --- The discussion ----------------------------------------------------------------------------


async def add_comment(
    session: AsyncSession, principal: Principal, plan_id: uuid.UUID, body: PlanCommentIn
) -> LearningPlanComment:
    plan = await get_readable(session, principal, plan_id)
    actor = await actor_for_plan(session, principal, plan)
    if actor is None:
        raise Forbidden(
            code="role_required",
            detail=Text(
                "Обсуждать план могут родитель, классный руководитель и администрация школы",
                "Only the guardian, the class teacher and the school administration can "
                "discuss the plan",
            ),
        )
    if plan.status in workflow.FINAL:
        raise Conflict(
            code="learning_plan_closed",
            detail=Text(
                "Обсуждение закрыто: план утверждён, отклонён или отозван",
                "The discussion is closed: the plan is approved, declined or withdrawn",
            ),
        )
    account = await session.get(Account, principal.account_id)
    assert account is not None
    name = " ".join(p for p in (account.last_name, account.first_name, account.middle_name) if p)
    row = LearningPlanComment(
        id=uuid.uuid4(),
        plan_id=plan.id,
        author_id=principal.account_id,
        author_role=actor.value,
        author_name=name,
        body=body.body,
        created_at=clock.now(),
    )
    session.add(row)
    await session.flush()
    recipients = await notices.other_side(session, plan, actor, principal.account_id)
    message = notices.comment_message(plan, name, body.body)
    await notifications.notify(session, [(r, message) for r in recipients])
    return row


async def current_document(
    session: AsyncSession, principal: Principal, plan_id: uuid.UUID
) -> dict[str, Any] | None:
    """The plan's document as it reads now (None when the caller no longer sees the plan)."""
    plan = await session.scalar(readable_plans(principal).where(LearningPlan.id == plan_id))
    if plan is None:
        return None
    ctx = (await views.contexts(session, [plan]))[plan.student_id]
    return views.document(plan, ctx)
