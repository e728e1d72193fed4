"""Writing events into the stream's log, and reading an account's log back on resume.

In-app notifications reach the log by a trigger on ``notifications`` (whatever inserted
them); messages and announcements are published here by ``api.messaging.publish``.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from sqlalchemy import func, insert, literal, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession

from api.identity import clock
from api.identity.deps import Principal, caller_select
from api.stream.hub import Event, encode
from api.stream.models import StreamEvent, StreamHead

# Events one connection replays before it is ended to be resumed (a client back after a
# long absence reads its log in pages of this size, one reconnection each).
REPLAY_LIMIT = 500


async def publish(
    session: AsyncSession,
    account_ids: Iterable[uuid.UUID],
    type_: str,
    data: Mapping[str, Any],
) -> None:
    """One event of ``type_`` for each account, in the caller's transaction (heard by the
    streams when it commits). ``data`` gets ``type`` added; it must carry ``id``. Takes no
    lock: the accounts' heads are locked at commit, all at once in account order."""
    accounts = sorted(set(account_ids))
    if not accounts:
        return
    body = {"type": type_, **data}
    await session.execute(
        insert(StreamEvent),
        [{"account_id": account, "type": type_, "data": body} for account in accounts],
    )


async def replay(session: AsyncSession, account_id: uuid.UUID, after: int) -> Sequence[Event]:
    """The account's events after ``after``, oldest first, at most ``REPLAY_LIMIT + 1``
    (one more than is sent tells the caller the log goes on)."""
    rows = await session.execute(
        select(StreamEvent.id, StreamEvent.type, StreamEvent.data)
        .where(StreamEvent.account_id == account_id, StreamEvent.id > after)
        .order_by(StreamEvent.id)
        .limit(REPLAY_LIMIT + 1)
    )
    return [Event(row.id, row.type, encode(row.data)) for row in rows]


async def session_open(session: AsyncSession, principal: Principal) -> bool:
    """Whether the caller's session is still open and the account active (now)."""
    if principal.session_id is None:
        return False
    query = caller_select(
        literal(principal.account_id), literal(principal.session_id), literal(clock.now())
    )
    return await session.scalar(query.with_only_columns(literal(True))) is not None


async def listen(session: AsyncSession, account_id: uuid.UUID, seconds: float) -> int:
    """Mark the account as heard live for ``seconds`` (the stream's remaining life, counted
    in the database's clock, which the commit trigger compares with), and return its
    newest event id (0 before its first).

    Run after the subscription is taken and before the log is read. The mark is written
    on the head row a writer locks to number its events, so it waits for a writer that
    got there first (which did not announce: its events are in the id returned here, or
    in the replay that follows), and every later writer sees it and announces. A GET's
    session is in autocommit: the row is released as soon as it is written."""
    until = func.now() + func.make_interval(0, 0, 0, 0, 0, 0, literal(seconds))
    fresh = pg_insert(StreamHead).values(account_id=account_id, last_id=0, listened_until=until)
    statement = fresh.on_conflict_do_update(
        index_elements=[StreamHead.account_id],
        # Another stream of the account (another device) may live longer: keep the later.
        set_={
            "listened_until": func.greatest(
                StreamHead.listened_until, fresh.excluded.listened_until
            )
        },
    ).returning(StreamHead.last_id)
    return int(await session.scalar(statement) or 0)
