from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from procrastinate import Blueprint
from sqlalchemy import delete, or_, select

from api.jobs import runtime
from api.webhooks import events, sending
from api.webhooks.models import DeliveryStatus, WebhookDelivery, WebhookEvent

tasks = Blueprint()

KEEP = timedelta(days=30)


@tasks.task(name=events.DELIVER_TASK, queue=events.QUEUE)
async def deliver_webhook(delivery_id: str, manual: bool = False) -> str:
    """One attempt of the delivery — and of whatever else is due, in one batch (see
    ``sending``): a burst's later jobs then find their deliveries sent and end at once.
    The next attempt (if any) is queued by the attempt itself, on the contract's
    schedule — procrastinate's own retry is not used."""
    async with runtime.session() as session:
        if manual:
            return await sending.deliver(
                session, uuid.UUID(delivery_id), runtime.settings(), manual=True
            )
        outcomes = await sending.deliver_due(
            session, runtime.settings(), first=uuid.UUID(delivery_id)
        )
        return ", ".join(f"{k} {v}" for k, v in sorted(outcomes.items())) or "skipped"


@tasks.periodic(cron="*/2 * * * *", periodic_id="requeue-stale-webhook-deliveries")
@tasks.task(
    name="requeue_stale_webhook_deliveries",
    queue="maintenance",
    queueing_lock="requeue_stale_webhook_deliveries",
)
async def requeue_stale(timestamp: int) -> int:
    """A worker killed mid-send leaves its claim: once stale, the delivery gets a new job."""
    now = datetime.now(UTC)
    async with runtime.session() as session:
        stale = (
            await session.scalars(
                select(WebhookDelivery.id)
                .where(
                    WebhookDelivery.status == DeliveryStatus.pending,
                    WebhookDelivery.claimed_at < now - sending.LEASE,
                    or_(
                        WebhookDelivery.next_attempt_at.is_(None),
                        WebhookDelivery.next_attempt_at <= now,
                    ),
                )
                .with_for_update(skip_locked=True)
                .limit(1000)
            )
        ).all()
        for delivery_id in stale:
            await events.queue(session, delivery_id, at=None)
        await session.commit()
    return len(stale)


@tasks.periodic(cron="41 3 * * *", periodic_id="remove-old-webhook-events")
@tasks.task(
    name="remove_old_webhook_events",
    queue="maintenance",
    queueing_lock="remove_old_webhook_events",
)
async def remove_old_events(timestamp: int) -> int:
    """Events and their delivery log are kept 30 days."""
    async with runtime.session() as session:
        result = await session.execute(
            delete(WebhookEvent).where(WebhookEvent.created_at < datetime.now(UTC) - KEEP)
        )
        await session.commit()
    return int(result.rowcount or 0)  # type: ignore[attr-defined]
