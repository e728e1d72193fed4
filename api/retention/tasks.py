"""The retention job (procrastinate), registered in ``api.jobs.runtime``."""

from __future__ import annotations

from datetime import UTC, datetime

from procrastinate import Blueprint

from api.jobs import runtime
from api.retention import service

tasks = Blueprint()


@tasks.periodic(cron="23 * * * *", periodic_id="retention")
@tasks.task(name="apply_retention", queue="maintenance", queueing_lock="apply_retention")
async def apply_retention(timestamp: int) -> dict[str, int]:
    """Hourly: delete every kind of row past its retention period (api/retention/policy.py)."""
    async with runtime.session() as session:
        counts = await service.run(session, datetime.fromtimestamp(timestamp, UTC))
        await session.commit()
    return counts
