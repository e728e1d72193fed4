"""Periodic job of idempotency (procrastinate), registered in ``api.jobs.runtime``."""

from __future__ import annotations

import logging

from procrastinate import Blueprint

from api.idempotency import service as idempotency_service
from api.jobs import runtime

logger = logging.getLogger("edudiary.jobs")

tasks = Blueprint()


@tasks.periodic(cron="*/15 * * * *", periodic_id="purge-idempotency")
@tasks.task(
    name="purge_expired_idempotency_records",
    queue="maintenance",
    queueing_lock="purge_expired_idempotency_records",
)
async def purge_expired_idempotency_records(timestamp: int) -> int:
    """Drop replay records past their retention, so the table stays small."""
    async with runtime.session() as session:
        removed = await idempotency_service.purge_expired(session)
        await session.commit()
    logger.info("purged idempotency records", extra={"removed": removed})
    return removed
