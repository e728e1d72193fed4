"""Periodic reminders of events and booked meetings (procrastinate)."""

from __future__ import annotations

import logging

from procrastinate import Blueprint

from api.diary.events import reminders
from api.identity import clock
from api.jobs import runtime

logger = logging.getLogger("edudiary.diary")

tasks = Blueprint()


@tasks.periodic(cron="*/10 * * * *", periodic_id="event-reminders")
@tasks.task(name="event_reminders", queue="notifications", queueing_lock="event_reminders")
async def event_reminders(timestamp: int) -> int:
    """Every ten minutes: events and booked meetings of tomorrow in the school's zone, to
    each family account once its reminder time (18:00 unless chosen) has come there."""
    async with runtime.session() as session:
        sent = await reminders.send_reminders(session, clock.now())
        await session.commit()
    logger.info("event reminders queued", extra={"sent": sent})
    return sent
