from __future__ import annotations

import uuid
from datetime import UTC, datetime

from procrastinate import Blueprint, RetryStrategy

from api.delivery.gateways import DeliveryError
from api.jobs import runtime
from api.push import service

tasks = Blueprint()

# A push service outage of up to ~1 hour is ridden out, as for SMS and e-mail.
_RETRY = RetryStrategy(max_attempts=12, exponential_wait=2, retry_exceptions={DeliveryError})


@tasks.task(name=service.WEB_TASK, queue=service.QUEUE, retry=_RETRY)
async def send_web_push(message_id: str, target_id: str) -> bool:
    async with runtime.session() as session:
        return await service.send_web(
            session, runtime.settings(), uuid.UUID(message_id), uuid.UUID(target_id)
        )


@tasks.task(name=service.DEVICE_TASK, queue=service.QUEUE, retry=_RETRY)
async def send_device_push(message_id: str, target_id: str) -> bool:
    async with runtime.session() as session:
        return await service.send_device(
            session, runtime.settings(), uuid.UUID(message_id), uuid.UUID(target_id)
        )


@tasks.periodic(cron="41 * * * *", periodic_id="purge-push-messages")
@tasks.task(name="purge_push_messages", queue="maintenance", queueing_lock="purge_push_messages")
async def purge_push_messages(timestamp: int) -> int:
    async with runtime.session() as session:
        count = await service.purge_sent(session, datetime.now(UTC))
        await session.commit()
    return count
