"""Writing events into the stream's log, and reading an account's log back on resume.

In-app notifications reach the log by a trigger on ``notifications`` (whatever inserted
them); messages and announcements are published here by ``api.messaging.publish``.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from sqlalchemy import insert, literal, select
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


async def head(session: AsyncSession, account_id: uuid.UUID) -> int:
    """The account's newest event id (0 before its first)."""
    last = await session.scalar(
        select(StreamHead.last_id).where(StreamHead.account_id == account_id)
    )
    return int(last or 0)
