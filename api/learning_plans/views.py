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
from api.learning_plans.models import LearningPlan, LearningPlanEvent, PlanOrigin, PlanStatus
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
from api.statements import Row


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


PLAN_COLUMNS = tuple(LearningPlan.__table__.c)
"""The plan's columns, as ``row_of`` gives them and a single statement selects them
(``statements.plan_rows``), with ``student_name``, ``class_name`` and ``school_name``."""


def row_of(plan: LearningPlan, ctx: Context) -> dict[str, Any]:
    """An ORM plan as the row ``summary_of`` and ``document_of`` read."""
    row = {column.key: getattr(plan, column.key) for column in PLAN_COLUMNS}
    row.update(
        student_name=ctx.student_name, class_name=ctx.class_name, school_name=ctx.school_name
    )
    return row


def document_of(row: Row) -> dict[str, Any]:
    """What the guardian signs: the plan's text with whom and what it is about."""
    starts_on, ends_on = row["starts_on"], row["ends_on"]
    return {
        "type": "learning_plan",
        "id": str(row["id"]),
        "version": row["version"],
        "school": {"id": str(row["school_id"]), "name": row["school_name"]},
        "student": {
            "id": str(row["student_id"]),
            "name": row["student_name"],
            "class_name": row["class_name"],
        },
        "title": row["title"],
        "reason": row["reason"],
        "starts_on": starts_on.isoformat() if starts_on else None,
        "ends_on": ends_on.isoformat() if ends_on else None,
        "content": row["content"],
    }


def document(plan: LearningPlan, ctx: Context) -> dict[str, Any]:
    return document_of(row_of(plan, ctx))


def _signature(row: Row) -> SignatureRef | None:
    signed_sha256 = row["signed_sha256"]
    if row["signature_id"] is None or row["signed_at"] is None or signed_sha256 is None:
        return None
    return SignatureRef(
        id=row["signature_id"],
        signed_at=row["signed_at"],
        signer_name=row["signer_name"] or "",
        document_sha256=signed_sha256,
        # The hash of what is signed has one home, here: the statements read the plan's
        # text and leave it to this.
        intact=sha256_hex(canonical_json(document_of(row))) == signed_sha256,
    )


def summary_of(row: Row) -> PlanSummary:
    """``PlanSummary`` of a plan row (``row_of``, or a row of ``statements.plan_rows``,
    whose enums are their text)."""
    status = PlanStatus(row["status"])
    return PlanSummary(
        id=row["id"],
        student=StudentRef(
            id=row["student_id"], name=row["student_name"], class_name=row["class_name"]
        ),
        school_id=row["school_id"],
        status=status,
        status_label=STATUS_LABELS[status].render(),
        origin=PlanOrigin(row["origin"]),
        title=row["title"],
        reason=row["reason"],
        starts_on=row["starts_on"],
        ends_on=row["ends_on"],
        version=row["version"],
        created_at=row["created_at"],
        updated_at=row["updated_at"],
        proposed_at=row["proposed_at"],
        approved_at=row["approved_at"],
        signature=_signature(row),
    )


def summary(plan: LearningPlan, ctx: Context) -> PlanSummary:
    return summary_of(row_of(plan, ctx))


def detail_of(row: Row, actor: Actor | None, history: list[PlanEventOut]) -> PlanOut:
    """``PlanOut`` of a plan row (``summary_of``), as whom the caller acts and its history."""
    status = PlanStatus(row["status"])
    return PlanOut(
        **summary_of(row).model_dump(),
        content=row["content"],
        your_role=actor.value if actor else None,
        allowed_actions=[a.value for a in allowed_actions(status, actor)],
        history=history,
    )


async def detail(session: AsyncSession, plan: LearningPlan, actor: Actor | None) -> PlanOut:
    ctx = (await contexts(session, [plan]))[plan.student_id]
    events = await session.scalars(
        select(LearningPlanEvent)
        .where(LearningPlanEvent.plan_id == plan.id)
        .order_by(LearningPlanEvent.id)
    )
    history = [
        PlanEventOut(
            at=e.at,
            action=e.action,
            status_from=e.status_from,
            status_to=e.status_to,
            actor_role=e.actor_role,
            comment=e.comment,
        )
        for e in events
    ]
    return detail_of(row_of(plan, ctx), actor, history)
