from __future__ import annotations

import uuid

from procrastinate import Blueprint, RetryStrategy

from api.delivery import service
from api.delivery.gateways import DeliveryError
from api.jobs import runtime

tasks = Blueprint()


@tasks.task(
    name=service.DELIVER_TASK,
    queue=service.QUEUE,
    # A provider outage of up to ~1 hour is ridden out: 2, 4, 8 ... 2048 s between tries.
    retry=RetryStrategy(max_attempts=12, exponential_wait=2, retry_exceptions={DeliveryError}),
)
async def deliver_message(message_id: str) -> bool:
    async with runtime.session() as session:
        try:
            sent = await service.deliver(session, uuid.UUID(message_id), runtime.settings())
        except DeliveryError:
            await session.commit()  # keep the attempt count and error, then retry
            raise
        await session.commit()
        return sent


@tasks.periodic(cron="*/5 * * * *", periodic_id="requeue-stale-deliveries")
@tasks.task(
    name="requeue_stale_deliveries",
    queue="maintenance",
    queueing_lock="requeue_stale_deliveries",
)
async def requeue_stale_deliveries(timestamp: int) -> int:
    """A worker killed mid-send leaves its message ``sending`` and its job unfinished:
    give such messages a new job once their claim is stale."""
    async with runtime.session() as session:
        count = await service.requeue_stale(session)
        await session.commit()
    return count
