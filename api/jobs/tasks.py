"""Maintenance tasks. Features keep their own blueprints (see ``runtime.build_app``)."""

from __future__ import annotations

import logging

from procrastinate import Blueprint, builtin_tasks

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


@tasks.periodic(cron="17 3 * * *", periodic_id="remove-old-jobs")
@tasks.task(
    name="remove_old_jobs", queue="maintenance", queueing_lock="remove_old_jobs", pass_context=True
)
async def remove_old_jobs(context: object, timestamp: int) -> None:
    """Finished jobs are kept 30 days for inspection, then removed."""
    await builtin_tasks.remove_old_jobs(context, max_hours=24 * 30)  # type: ignore[arg-type]
