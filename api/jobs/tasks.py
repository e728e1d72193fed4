"""Maintenance of the queue itself. Features keep their own blueprints (see
``runtime.build_app``), so this package imports none of them."""

from __future__ import annotations

from procrastinate import Blueprint, builtin_tasks

tasks = Blueprint()


@tasks.periodic(cron="17 3 * * *", periodic_id="remove-old-jobs")
@tasks.task(
    name="remove_old_jobs", queue="maintenance", queueing_lock="remove_old_jobs", pass_context=True
)
async def remove_old_jobs(context: object, timestamp: int) -> None:
    """Finished jobs are kept 30 days for inspection, then removed."""
    await builtin_tasks.remove_old_jobs(context, max_hours=24 * 30)  # type: ignore[arg-type]
