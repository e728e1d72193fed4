"""Periodic homework reminders (procrastinate)."""

from __future__ import annotations

import logging

from procrastinate import Blueprint

from api.diary.homework import service
from api.identity import clock
from api.jobs import runtime

logger = logging.getLogger("edudiary.diary")

tasks = Blueprint()


@tasks.periodic(cron="5 * * * *", periodic_id="homework-reminders")
@tasks.task(name="homework_reminders", queue="notifications", queueing_lock="homework_reminders")
async def homework_reminders(timestamp: int) -> int:
    """Every hour: homework due tomorrow in the school's zone, after 15:00 there."""
    async with runtime.session() as session:
        sent = await service.send_reminders(session, clock.now())
        await session.commit()
    logger.info("homework reminders queued", extra={"sent": sent})
    return sent
