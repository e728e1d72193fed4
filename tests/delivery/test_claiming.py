"""No row lock is held while a provider is called; a claim left by a killed worker is
taken over once stale, and never while fresh."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import delete, text, update
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from api.config import Settings
from api.db import create_sessionmaker
from api.delivery import gateways, service
from api.delivery.models import DeliveryStatus, OutboundMessage

SETTINGS = Settings(env="test")


class ProbingGateway:
    """An SMS provider that, while "sending", checks from another connection whether the
    message row is locked, and whether a second worker would send it too."""

    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine
        self.sent: list[uuid.UUID] = []
        self.row_status: str | None = None
        self.lock_error: str | None = None
        self.twin_sent: bool | None = None

    async def send_sms(self, *, message_id: uuid.UUID, to: str, text: str) -> str | None:
        self.sent.append(message_id)
        async with self.engine.connect() as other:
            try:
                self.row_status = await other.scalar(_LOCK_NOWAIT, {"id": message_id})
            except DBAPIError as exc:
                self.lock_error = type(exc.orig).__name__
            await other.rollback()
        if self.twin_sent is None:
            async with create_sessionmaker(self.engine)() as twin:
                self.twin_sent = await service.deliver(twin, message_id, SETTINGS)
        return "prov-1"


_LOCK_NOWAIT = text(
    "SELECT CAST(status AS text) FROM outbound_messages WHERE id = :id FOR UPDATE NOWAIT"
)


@pytest.fixture
async def committed(engine: AsyncEngine) -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    """Real commits (another connection must see the row); cleaned up afterwards."""
    factory = create_sessionmaker(engine)
    yield factory
    async with factory() as session:
        await session.execute(delete(OutboundMessage).where(OutboundMessage.purpose == "claim-t"))
        await session.execute(
            text(
                "DELETE FROM procrastinate_jobs WHERE task_name = 'edudiary:deliver_message' "
                "AND args->>'message_id' IN (SELECT CAST(id AS text) FROM outbound_messages "
                "WHERE purpose = 'claim-t')"
            )
        )
        await session.commit()


async def _queued(factory: async_sessionmaker[AsyncSession]) -> uuid.UUID:
    async with factory() as session:
        message_id = await service.send_sms(
            session, to="+79991234567", text="Код 1", purpose="claim-t"
        )
        await session.commit()
    return message_id


async def test_the_row_is_not_locked_during_the_provider_call(
    engine: AsyncEngine,
    committed: async_sessionmaker[AsyncSession],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    gateway = ProbingGateway(engine)
    monkeypatch.setattr(gateways, "sms_gateway", lambda settings: gateway)
    message_id = await _queued(committed)

    async with committed() as session:
        sent = await service.deliver(session, message_id, SETTINGS)

    assert sent is True
    assert gateway.lock_error is None
    assert gateway.row_status == "sending"
    # A second worker running the same job meanwhile sends nothing.
    assert gateway.twin_sent is False
    assert gateway.sent == [message_id]
    async with committed() as session:
        message = await session.get(OutboundMessage, message_id)
    assert message is not None
    assert message.status == DeliveryStatus.sent
    assert message.claimed_at is None
    assert message.attempts == 1


async def _claimed_ago(session: AsyncSession, message_id: uuid.UUID, minutes: float) -> None:
    await session.execute(
        update(OutboundMessage)
        .where(OutboundMessage.id == message_id)
        .values(
            status=DeliveryStatus.sending,
            claimed_at=datetime.now(UTC) - timedelta(minutes=minutes),
            attempts=1,
        )
    )
    await session.flush()


async def test_a_fresh_claim_is_left_alone_a_stale_one_is_taken_over(
    session: AsyncSession,
) -> None:
    fresh = await service.send_sms(session, to="+79991234567", text="a", purpose="t")
    stale = await service.send_sms(session, to="+79991234568", text="b", purpose="t")
    await _claimed_ago(session, fresh, minutes=4.9)
    await _claimed_ago(session, stale, minutes=5.1)

    assert await service.deliver(session, fresh, SETTINGS) is False
    assert await service.deliver(session, stale, SETTINGS) is True

    fresh_row = await session.get(OutboundMessage, fresh)
    stale_row = await session.get(OutboundMessage, stale)
    assert fresh_row is not None
    assert stale_row is not None
    assert fresh_row.status == DeliveryStatus.sending
    assert (stale_row.status, stale_row.attempts) == (DeliveryStatus.sent, 2)


async def test_stale_sending_messages_get_a_new_job(session: AsyncSession) -> None:
    stale = await service.send_sms(session, to="+79991234567", text="a", purpose="t")
    fresh = await service.send_sms(session, to="+79991234568", text="b", purpose="t")
    await _claimed_ago(session, stale, minutes=6)
    await _claimed_ago(session, fresh, minutes=1)
    await session.execute(text("DELETE FROM procrastinate_jobs"))

    assert await service.requeue_stale(session) == 1

    jobs = (
        (await session.execute(text("SELECT args->>'message_id' FROM procrastinate_jobs")))
        .scalars()
        .all()
    )
    assert jobs == [str(stale)]


async def test_a_temporary_failure_puts_the_message_back_in_the_queue(
    session: AsyncSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    class Busy:
        async def send_sms(self, *, message_id: uuid.UUID, to: str, text: str) -> str | None:
            raise gateways.DeliveryError("provider answered 503")

    monkeypatch.setattr(gateways, "sms_gateway", lambda settings: Busy())
    message_id = await service.send_sms(session, to="+79991234567", text="a", purpose="t")

    with pytest.raises(gateways.DeliveryError):
        await service.deliver(session, message_id, SETTINGS)

    message = await session.get(OutboundMessage, message_id)
    assert message is not None
    assert (message.status, message.claimed_at) == (DeliveryStatus.queued, None)
    assert message.last_error == "provider answered 503"
