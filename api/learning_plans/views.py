"""Plans as the API shows them, and as the guardian signs them (the canonical document)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from api.diary.schemas import person_name
from api.diary.structure.models import Student
from api.learning_plans.models import LearningPlan, LearningPlanEvent
from api.learning_plans.schemas import (
    PlanEventOut,
    PlanOut,
    PlanSummary,
    SignatureRef,
    StudentRef,
)
from api.learning_plans.workflow import STATUS_LABELS, Actor, allowed_actions
from api.schools.models import School, SchoolClass
from api.security.canonical import canonical_json, sha256_hex


@dataclass(frozen=True, slots=True)
class Context:
    student_name: str
    class_name: str
    school_name: str


async def contexts(
    session: AsyncSession, plans: Sequence[LearningPlan]
) -> dict[uuid.UUID, Context]:
    """Student name, class and school of each plan's student, in one query."""
    ids = {p.student_id for p in plans}
    if not ids:
        return {}
    rows = await session.execute(
        select(Student, SchoolClass.grade, SchoolClass.letter, School.short_name)
        .join(SchoolClass, SchoolClass.id == Student.class_id)
        .join(School, School.id == Student.school_id)
        .where(Student.id.in_(ids))
    )
    return {
        student.id: Context(
            person_name(student.last_name, student.first_name, student.middle_name),
            f"{grade}-{letter}",
            short_name,
        )
        for student, grade, letter, short_name in rows
    }


def document(plan: LearningPlan, ctx: Context) -> dict[str, Any]:
    """What the guardian signs: the plan's text with whom and what it is about."""
    return {
        "type": "learning_plan",
        "id": str(plan.id),
        "version": plan.version,
        "school": {"id": str(plan.school_id), "name": ctx.school_name},
        "student": {
            "id": str(plan.student_id),
            "name": ctx.student_name,
            "class_name": ctx.class_name,
        },
        "title": plan.title,
        "reason": plan.reason,
        "starts_on": plan.starts_on.isoformat() if plan.starts_on else None,
        "ends_on": plan.ends_on.isoformat() if plan.ends_on else None,
        "content": plan.content,
    }


def document_sha256(plan: LearningPlan, ctx: Context) -> str:
    return sha256_hex(canonical_json(document(plan, ctx)))


def _signature(plan: LearningPlan, ctx: Context) -> SignatureRef | None:
    if plan.signature_id is None or plan.signed_at is None or plan.signed_sha256 is None:
        return None
    return SignatureRef(
        id=plan.signature_id,
        signed_at=plan.signed_at,
        signer_name=plan.signer_name or "",
        document_sha256=plan.signed_sha256,
        intact=document_sha256(plan, ctx) == plan.signed_sha256,
    )


def summary(plan: LearningPlan, ctx: Context) -> PlanSummary:
    return PlanSummary(
        id=plan.id,
        student=StudentRef(id=plan.student_id, name=ctx.student_name, class_name=ctx.class_name),
        school_id=plan.school_id,
        status=plan.status,
        status_label=STATUS_LABELS[plan.status].render(),
        origin=plan.origin,
        title=plan.title,
        reason=plan.reason,
        starts_on=plan.starts_on,
        ends_on=plan.ends_on,
        version=plan.version,
        created_at=plan.created_at,
        updated_at=plan.updated_at,
        proposed_at=plan.proposed_at,
        approved_at=plan.approved_at,
        signature=_signature(plan, ctx),
    )


async def detail(session: AsyncSession, plan: LearningPlan, actor: Actor | None) -> PlanOut:
    ctx = (await contexts(session, [plan]))[plan.student_id]
    events = await session.scalars(
        select(LearningPlanEvent)
        .where(LearningPlanEvent.plan_id == plan.id)
        .order_by(LearningPlanEvent.id)
    )
    actions = [a.value for a in allowed_actions(plan.status, actor)]
    return PlanOut(
        **summary(plan, ctx).model_dump(),
        content=plan.content,
        your_role=actor.value if actor else None,
        allowed_actions=actions,
        history=[
            PlanEventOut(
                at=e.at,
                action=e.action,
                status_from=e.status_from,
                status_to=e.status_to,
                actor_role=e.actor_role,
                comment=e.comment,
            )
            for e in events
        ],
    )
