"""Maintenance of the queue itself. Features keep their own blueprints (see
``runtime.build_app``), so this package imports none of them."""

from __future__ import annotations

import logging

from procrastinate import Blueprint, JobContext, builtin_tasks

logger = logging.getLogger("edudiary.jobs")

tasks = Blueprint()


@tasks.periodic(cron="17 3 * * *", periodic_id="remove-old-jobs")
@tasks.task(
    name="remove_old_jobs", queue="maintenance", queueing_lock="remove_old_jobs", pass_context=True
)
async def remove_old_jobs(context: object, timestamp: int) -> None:
    """Finished jobs are kept 30 days for inspection, then removed."""
    await builtin_tasks.remove_old_jobs(context, max_hours=24 * 30)  # type: ignore[arg-type]


@tasks.periodic(cron="* * * * *", periodic_id="retry-stalled-jobs")
@tasks.task(
    name="retry_stalled_jobs",
    queue="maintenance",
    queueing_lock="retry_stalled_jobs",
    pass_context=True,
)
async def retry_stalled_jobs(context: JobContext, timestamp: int) -> int:
    """A job a worker took and then lost with its connection (PostgreSQL restarted, the
    process killed) stays ``doing`` forever — a login SMS never sent. Once its worker has
    missed its heartbeats for 30 s, the job is put back in the queue."""
    manager = context.app.job_manager
    stalled = list(await manager.get_stalled_jobs(seconds_since_heartbeat=30))
    for job in stalled:
        await manager.retry_job(job)
    if stalled:
        logger.warning("retried stalled jobs", extra={"count": len(stalled)})
    return len(stalled)
