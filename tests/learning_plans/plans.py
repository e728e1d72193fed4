"""Helpers: plans made straight in the database in any status, the school's plan text."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.learning_plans.models import LearningPlan, LearningPlanEvent, PlanOrigin, PlanStatus
from tests.diary.world import World

TEXT: dict[str, Any] = {
    "title": "ИУП по алгебре на 2-ю четверть",
    "reason": "Длительное лечение: обучение на дому",
    "starts_on": "2026-11-09",
    "ends_on": "2026-12-27",
    "content": "Алгебра — 2 ч в неделю дистанционно; контрольные работы — в школе по графику.",
}


async def plan_in(session: AsyncSession, world: World, status: PlanStatus) -> LearningPlan:
    at = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
    plan = LearningPlan(
        id=uuid.uuid4(),
        student_id=world.pupil.id,
        school_id=world.school.id,
        status=status,
        origin=PlanOrigin.school,
        title=TEXT["title"],
        reason=TEXT["reason"],
        starts_on=date(2026, 11, 9),
        ends_on=date(2026, 12, 27),
        content=TEXT["content"],
        version=1,
        created_at=at,
        updated_at=at,
        proposed_at=at,
    )
    session.add(plan)
    await session.commit()
    return plan


async def status_of(session: AsyncSession, plan_id: uuid.UUID) -> PlanStatus:
    value = await session.scalar(
        select(LearningPlan.status)
        .where(LearningPlan.id == plan_id)
        .execution_options(populate_existing=True)
    )
    assert value is not None
    return value


async def events_of(session: AsyncSession, plan_id: uuid.UUID) -> int:
    return int(
        await session.scalar(
            select(func.count())
            .select_from(LearningPlanEvent)
            .where(LearningPlanEvent.plan_id == plan_id)
        )
        or 0
    )
