"""Queue messages in the caller's transaction; deliver them from a job."""

from __future__ import annotations

import logging
import uuid
from datetime import UTC, datetime

from sqlalchemy import select
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
    await defer(session, DELIVER_TASK, {"message_id": str(message.id)}, queue=QUEUE)
    return message.id


async def send_sms(session: AsyncSession, *, to: str, text: str, purpose: str) -> uuid.UUID:
    """``to`` is an E.164 phone number (validated by the caller)."""
    return await _queue(
        session,
        OutboundMessage(
            id=uuid.uuid4(), channel=Channel.sms, recipient=to, body=text, purpose=purpose
        ),
    )


async def send_email(
    session: AsyncSession, *, to: str, subject: str, body: str, purpose: str
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
        ),
    )


async def deliver(session: AsyncSession, message_id: uuid.UUID, settings: Settings) -> bool:
    """Send one message unless it already went out. Returns True when it was sent now.

    The row is locked for the duration, so two workers never send the same message; a
    temporary failure raises ``DeliveryError`` for the job to retry.
    """
    message = await session.scalar(
        select(OutboundMessage).where(OutboundMessage.id == message_id).with_for_update()
    )
    if message is None or message.status != DeliveryStatus.queued:
        return False
    message.attempts += 1
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
        message.status = DeliveryStatus.failed
        message.last_error = str(exc)[:500]
        logger.warning("message refused", extra={"message_id": str(message.id)})
        return False
    except gateways.DeliveryError as exc:
        message.last_error = str(exc)[:500]
        raise
    message.status = DeliveryStatus.sent
    message.sent_at = datetime.now(UTC)
    message.provider_message_id = provider_id
    message.last_error = None
    if settings.env != "development":
        # Codes and links are only needed until delivered; keep no copy at rest.
        message.body = ""
    logger.info("message sent", extra={"message_id": str(message.id), "channel": message.channel})
    return True


async def outbox(session: AsyncSession, *, to: str | None, limit: int) -> list[OutboundMessage]:
    query = select(OutboundMessage).order_by(OutboundMessage.created_at.desc()).limit(limit)
    if to:
        query = query.where(OutboundMessage.recipient == to)
    return list((await session.scalars(query)).all())
