"""``examples/edudiary_sync.py push``: the example platform's result lands as one pending
suggestion, and pushing it again changes nothing."""

from __future__ import annotations

import uuid
from decimal import Decimal

from httpx import AsyncClient
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from api.oneroster.models import ExternalResult, SuggestionStatus
from examples import edudiary_sync as example
from tests.diary.world import World
from tests.integrations.conftest import create_client
from tests.oneroster.gradebook import ALL_GRADEBOOK, ensure_work_types, scheduled, work_type_id


async def test_the_example_pushes_one_result(
    client: AsyncClient, session: AsyncSession, world: World
) -> None:
    await ensure_work_types(session, world)
    made = await create_client(client, world.admin.token, scopes=ALL_GRADEBOOK)
    platform = example.Session(client, made["client_id"], made["client_secret"])
    work = example.Assignment(
        key="quadratics-1",
        title="Тест «Квадратные уравнения»",
        class_id=scheduled(world),
        category_id=str(await work_type_id(session, world, "test")),
        day="2026-11-10",
    )
    first = await example.push_result(platform, work, str(world.pupil.id), 92, "23 из 25")
    again = await example.push_result(platform, work, str(world.pupil.id), 92, "23 из 25")
    assert first == again
    rows = list(
        await session.scalars(
            select(ExternalResult).where(ExternalResult.student_id == world.pupil.id)
        )
    )
    assert [(str(r.id), r.score, r.status) for r in rows] == [
        (first[1], Decimal(92), SuggestionStatus.pending)
    ]
    assert rows[0].line_item_id == uuid.UUID(first[0])
