"""Queue messages in the caller's transaction; deliver them from a job."""

from __future__ import annotations

import logging
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import and_, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from api.config import Settings
from api.delivery import gateways
from api.delivery.models import Channel, DeliveryStatus, OutboundMessage
from api.jobs.defer import defer

logger = logging.getLogger("edudiary.delivery")

DELIVER_TASK = "deliver_message"
QUEUE = "notifications"


async def _queue(session: AsyncSession, message: OutboundMessage) -> uuid.UUID:
    session.add(message)
    await session.flush()
    await defer(
        session,
        DELIVER_TASK,
        {"message_id": str(message.id)},
        queue=QUEUE,
        scheduled_at=message.not_before,
    )
    return message.id


async def send_sms(
    session: AsyncSession,
    *,
    to: str,
    text: str,
    purpose: str,
    not_before: datetime | None = None,
) -> uuid.UUID:
    """``to`` is an E.164 phone number (validated by the caller). ``not_before``: held
    until then (the recipient's quiet hours)."""
    return await _queue(
        session,
        OutboundMessage(
            id=uuid.uuid4(),
            channel=Channel.sms,
            recipient=to,
            body=text,
            purpose=purpose,
            not_before=not_before,
        ),
    )


async def send_email(
    session: AsyncSession,
    *,
    to: str,
    subject: str,
    body: str,
    purpose: str,
    not_before: datetime | None = None,
) -> uuid.UUID:
    return await _queue(
        session,
        OutboundMessage(
            id=uuid.uuid4(),
            channel=Channel.email,
            recipient=to.strip().lower(),
            subject=subject,
            body=body,
            purpose=purpose,
            not_before=not_before,
        ),
    )


# A worker killed during the provider call leaves its message ``sending``; after this long
# another worker may take it over. The provider call times out well before (10-20 s), and
# the message id travels as the provider's idempotency key, so a takeover after a crash
# that did reach the provider is recognised there rather than sent twice.
SENDING_LEASE = timedelta(minutes=5)


async def _claim(session: AsyncSession, message_id: uuid.UUID) -> OutboundMessage | None:
    """Mark the message ``sending`` (or take over a stale claim); None if not ours to send.

    ``SKIP LOCKED``: a message another worker is claiming right now is simply not ours."""
    now = datetime.now(UTC)
    message = await session.scalar(
        select(OutboundMessage)
        .where(
            OutboundMessage.id == message_id,
            or_(
                OutboundMessage.status == DeliveryStatus.queued,
                and_(
                    OutboundMessage.status == DeliveryStatus.sending,
                    OutboundMessage.claimed_at < now - SENDING_LEASE,
                ),
            ),
        )
        .with_for_update(skip_locked=True)
    )
    if message is None:
        return None
    message.status = DeliveryStatus.sending
    message.claimed_at = now
    message.attempts += 1
    return message


async def deliver(session: AsyncSession, message_id: uuid.UUID, settings: Settings) -> bool:
    """Send one message unless it already went out. Returns True when it was sent now.

    A job-side unit of work in three short transactions (so it commits, unlike request
    services): claim the row (``sending``), commit — no lock is held while the SMS gateway
    or the SMTP server is talked to, which can take seconds — then record the outcome. A
    temporary failure puts the message back to ``queued`` and raises ``DeliveryError``
    for the job to retry.
    """
    message = await _claim(session, message_id)
    if message is None:
        return False
    await session.commit()
    try:
        if message.channel == Channel.sms:
            provider_id = await gateways.sms_gateway(settings).send_sms(
                message_id=message.id, to=message.recipient, text=message.body
            )
        else:
            provider_id = await gateways.email_gateway(settings).send_email(
                message_id=message.id,
                to=message.recipient,
                subject=message.subject,
                body=message.body,
            )
    except gateways.PermanentDeliveryError as exc:
        await _record(session, message.id, status=DeliveryStatus.failed, error=str(exc))
        logger.warning("message refused", extra={"message_id": str(message.id)})
        return False
    except gateways.DeliveryError as exc:
        await _record(session, message.id, status=DeliveryStatus.queued, error=str(exc))
        raise
    values: dict[str, Any] = {"sent_at": datetime.now(UTC), "provider_message_id": provider_id}
    if settings.env != "development":
        # Codes and links are only needed until delivered; keep no copy at rest.
        values["body"] = ""
    await _record(session, message.id, status=DeliveryStatus.sent, error=None, **values)
    logger.info("message sent", extra={"message_id": str(message.id), "channel": message.channel})
    return True


async def _record(
    session: AsyncSession,
    message_id: uuid.UUID,
    *,
    status: DeliveryStatus,
    error: str | None,
    **values: Any,
) -> None:
    # Only our own claim is settled: if the lease ran out and another worker took the
    # message over, its outcome is the one that counts.
    await session.execute(
        update(OutboundMessage)
        .where(OutboundMessage.id == message_id, OutboundMessage.status == DeliveryStatus.sending)
        .values(status=status, last_error=error[:500] if error else None, claimed_at=None, **values)
    )
    await session.commit()


async def requeue_stale(session: AsyncSession) -> int:
    """Messages left ``sending`` by a killed worker go back to the queue with a new job."""
    stale = (
        await session.scalars(
            select(OutboundMessage.id)
            .where(
                OutboundMessage.status == DeliveryStatus.sending,
                OutboundMessage.claimed_at < datetime.now(UTC) - SENDING_LEASE,
            )
            .with_for_update(skip_locked=True)
        )
    ).all()
    for message_id in stale:
        await defer(session, DELIVER_TASK, {"message_id": str(message_id)}, queue=QUEUE)
    return len(stale)


async def outbox(session: AsyncSession, *, to: str | None, limit: int) -> list[OutboundMessage]:
    query = select(OutboundMessage).order_by(OutboundMessage.created_at.desc()).limit(limit)
    if to:
        query = query.where(OutboundMessage.recipient == to)
    return list((await session.scalars(query)).all())
