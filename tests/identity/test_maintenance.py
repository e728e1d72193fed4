"""Old identity rows are removed by the retention pass; current ones stay."""

from __future__ import annotations

from httpx import AsyncClient
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.identity import clock
from api.identity.models import OneTimeCode, RefreshSession, ThrottleEvent
from api.retention import service as retention
from tests.identity.conftest import Clock, register_and_confirm


async def test_purge_keeps_live_rows_and_drops_old_ones(
    client: AsyncClient, session: AsyncSession, frozen_clock: Clock
) -> None:
    await register_and_confirm(client, session)

    async def counts() -> tuple[int, int, int]:
        return (
            int(await session.scalar(select(func.count()).select_from(ThrottleEvent)) or 0),
            int(await session.scalar(select(func.count()).select_from(OneTimeCode)) or 0),
            int(await session.scalar(select(func.count()).select_from(RefreshSession)) or 0),
        )

    await retention.run(session, clock.now())
    # The registration SMS is counted twice: the number's hourly ten and the flow's 60 s.
    assert await counts() == (2, 1, 1)

    frozen_clock.advance(days=2)
    await retention.run(session, clock.now())
    assert await counts() == (0, 0, 1)  # the session still lives (90 days)

    frozen_clock.advance(days=130)
    await retention.run(session, clock.now())
    assert await counts() == (0, 0, 0)
