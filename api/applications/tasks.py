"""Periodic jobs of applications (procrastinate), registered in ``api.jobs.runtime``."""

from __future__ import annotations

import logging

from procrastinate import Blueprint

from api.applications import clock, jobs
from api.jobs import runtime

logger = logging.getLogger("edudiary.applications")

tasks = Blueprint()


@tasks.periodic(cron="*/10 * * * *", periodic_id="applications-suspend-overdue")
@tasks.task(
    name="applications_suspend_overdue",
    queue="maintenance",
    queueing_lock="applications_suspend_overdue",
)
async def applications_suspend_overdue(timestamp: int) -> int:
    """Every 10 minutes: requests for information unanswered for 3 working days."""
    async with runtime.session() as session:
        suspended = await jobs.suspend_overdue(session, clock.now())
        await session.commit()
    logger.info("applications suspended", extra={"count": suspended})
    return suspended


@tasks.periodic(cron="0 * * * *", periodic_id="applications-remind-schools")
@tasks.task(
    name="applications_remind_schools",
    queue="notifications",
    queueing_lock="applications_remind_schools",
)
async def applications_remind_schools(timestamp: int) -> int:
    """Hourly: schools with applications past their deadline (each at most once a day)."""
    async with runtime.session() as session:
        sent = await jobs.remind_overdue_reviews(session, clock.now())
        await session.commit()
    logger.info("overdue reminders queued", extra={"sent": sent})
    return sent
