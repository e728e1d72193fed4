from __future__ import annotations

from procrastinate import Blueprint

from api.jobs import runtime
from api.notifications import digest, schedule

tasks = Blueprint()


@tasks.periodic(cron="5 * * * *", periodic_id="email-digests")
@tasks.task(name="email_digests", queue="notifications", queueing_lock="email_digests")
async def email_digests(timestamp: int) -> int:
    """Hourly: the zones reach the digest hour one after another."""
    async with runtime.session() as session:
        count = await digest.send_digests(session, runtime.settings(), schedule.now())
        await session.commit()
    return count
