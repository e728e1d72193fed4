"""Periodic identity jobs (register with ``app.add_tasks_from`` in api/jobs/runtime.py)."""

from __future__ import annotations

import logging

from procrastinate import Blueprint

from api.identity import maintenance
from api.jobs import runtime

logger = logging.getLogger("edudiary.identity")

tasks = Blueprint()


@tasks.periodic(cron="23 * * * *", periodic_id="purge-identity")
@tasks.task(queue="maintenance", queueing_lock="purge_expired_identity_rows")
async def purge_expired_identity_rows(timestamp: int) -> int:
    """Old throttle events, lock-out counters, codes, challenges and ended sessions."""
    async with runtime.session() as session:
        removed = await maintenance.purge_expired(session)
        await session.commit()
    logger.info("purged identity rows", extra={"removed": removed})
    return removed
