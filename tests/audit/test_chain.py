"""The audit log is hash-chained: ``edudiary audit verify`` names an edited or deleted row,
and concurrent appends never fork the chain."""

from __future__ import annotations

import asyncio
import uuid

from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from api.audit import service as audit
from api.audit.chain import verify_chain
from api.audit.models import AuditEvent
from api.cli import build_parser
from api.identity.deps import Principal
from api.identity.models import AccountLevel, Role


def _operator() -> Principal:
    return Principal(
        account_id=uuid.uuid4(),
        session_id=uuid.uuid4(),
        roles=frozenset({Role.operator}),
        level=AccountLevel.confirmed,
        school_id=None,
    )


async def _record(session: AsyncSession, n: int) -> list[AuditEvent]:
    actor = _operator()
    return [
        await audit.record(session, actor, "account.view", "account", uuid.uuid4(), {"n": i})
        for i in range(n)
    ]


async def _tamper(session: AsyncSession, sql: str, **params: object) -> None:
    """What someone with the owner's rights could do: switch the append-only trigger off."""
    await session.execute(
        text("ALTER TABLE audit_events DISABLE TRIGGER audit_events_no_update_delete")
    )
    await session.execute(text(sql), params)
    await session.execute(
        text("ALTER TABLE audit_events ENABLE TRIGGER audit_events_no_update_delete")
    )


async def test_appends_form_an_unbroken_chain(session: AsyncSession) -> None:
    events = await _record(session, 4)
    seqs = list(
        await session.scalars(
            select(AuditEvent.chain_seq).where(AuditEvent.id.in_([e.id for e in events]))
        )
    )
    assert sorted(seqs) == [min(seqs) + i for i in range(4)]
    report = await verify_chain(session)
    assert report.intact, report.problems
    assert report.rows >= 4
    assert report.head_seq == max(seqs)


async def test_an_edited_row_is_named(session: AsyncSession) -> None:
    events = await _record(session, 3)
    edited = events[1]
    await _tamper(
        session,
        "UPDATE audit_events SET details = '{\"n\": 7}'::jsonb WHERE id = :id",
        id=edited.id,
    )
    report = await verify_chain(session)
    assert not report.intact
    assert report.problems == [f"запись id={edited.id} (№ {edited.chain_seq}) изменена"]


async def test_an_edited_actor_is_named_too(session: AsyncSession) -> None:
    [event] = await _record(session, 1)
    await _tamper(
        session,
        "UPDATE audit_events SET actor_id = :other WHERE id = :id",
        other=uuid.uuid4(),
        id=event.id,
    )
    assert (await verify_chain(session)).problems == [
        f"запись id={event.id} (№ {event.chain_seq}) изменена"
    ]


async def test_a_deleted_row_is_named(session: AsyncSession) -> None:
    events = await _record(session, 3)
    await _tamper(session, "DELETE FROM audit_events WHERE id = :id", id=events[1].id)
    report = await verify_chain(session)
    assert report.problems == [
        f"удалены записи № {events[1].chain_seq} (перед записью id={events[2].id})"
    ]


async def test_concurrent_appends_do_not_fork_the_chain(engine: AsyncEngine) -> None:
    # Two real transactions, committed: the advisory lock makes the second wait for the
    # first's commit. Without it both read the same last link (a unique violation on
    # chain_seq, or a fork). The rows stay in this process's test database; they are a
    # valid chain, so later tests are not affected.
    makers = async_sessionmaker(engine, expire_on_commit=False)

    async def writer() -> None:
        async with makers() as session:
            for _ in range(5):
                await _record(session, 1)
                await asyncio.sleep(0)
            await session.commit()

    await asyncio.gather(writer(), writer(), writer())
    async with makers() as session:
        report = await verify_chain(session)
    assert report.intact, report.problems
    assert report.rows >= 15


def test_verify_is_an_edudiary_audit_command() -> None:
    args = build_parser().parse_args(["audit", "verify"])
    assert args.handler.__name__ == "_audit_verify"
