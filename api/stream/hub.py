"""One process's side of the stream: a single LISTEN connection, fanned out in memory.

Every API process opens one dedicated connection (not from a pool) and ``LISTEN``s on
``edudiary_stream``; the commit trigger of ``stream_events`` NOTIFYs there each event of
an account that has a stream open somewhere (``stream_heads.listened_until``), payload
and all. The process hands each event to the open streams of its account.
An open stream holds no database connection — 2,000 of them cost one.

A stream that falls behind (its browser stopped reading) or a LISTEN connection that is
lost closes streams rather than dropping events silently: the client reconnects with
``Last-Event-ID`` and reads what it missed from the log.

The same channel says when a session is revoked or an account stops being active
(``{"end": "session"|"account", ...}``, migration 0039's triggers): the streams opened with
it end at once instead of at their access token's expiry; the client's reconnect is then
refused.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import logging
import uuid
from collections import deque
from dataclasses import dataclass
from typing import Any

import asyncpg

logger = logging.getLogger("edudiary.stream")

CHANNEL = "edudiary_stream"
# Events a stream may have waiting before it is closed (and resumed from the log).
BACKLOG_LIMIT = 500
RECONNECT_DELAYS = (0.5, 1.0, 2.0, 5.0, 10.0)


def encode(data: Any) -> str:
    """An event's ``data:`` line: compact JSON, Cyrillic as is."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


@dataclass(frozen=True, slots=True)
class Event:
    id: int
    type: str
    data: str  # the JSON object as text, exactly what goes after ``data:``


class Subscription:
    """One open stream of one account: events pushed by the hub, taken by the response."""

    __slots__ = ("_pending", "_wake", "account_id", "closed", "session_id")

    def __init__(self, account_id: uuid.UUID, session_id: uuid.UUID | None = None) -> None:
        self.account_id = account_id
        self.session_id = session_id
        self.closed = False
        self._pending: deque[Event] = deque()
        self._wake = asyncio.Event()

    def push(self, event: Event) -> None:
        if self.closed:
            return
        if len(self._pending) >= BACKLOG_LIMIT:
            self.close()
            return
        self._pending.append(event)
        self._wake.set()

    def close(self) -> None:
        self.closed = True
        self._wake.set()

    async def take(self, within: float) -> list[Event]:
        """What arrived, waiting up to ``within`` seconds; [] on a quiet interval."""
        if not self._pending and not self.closed:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), within)
        self._wake.clear()
        taken = list(self._pending)
        self._pending.clear()
        return taken


class StreamHub:
    def __init__(self, max_streams: int) -> None:
        self.max_streams = max_streams
        self._by_account: dict[uuid.UUID, set[Subscription]] = {}
        self._count = 0
        self._url: str | None = None
        self._connection: asyncpg.Connection[Any] | None = None
        self._keeper: asyncio.Task[None] | None = None
        self._lost = asyncio.Event()
        self.listening = asyncio.Event()
        self.stopping = False

    @property
    def open_streams(self) -> int:
        return self._count

    def subscribe(
        self, account_id: uuid.UUID, session_id: uuid.UUID | None = None
    ) -> Subscription | None:
        """A new stream, or None when this process already holds ``max_streams``."""
        if self._count >= self.max_streams or self.stopping:
            return None
        subscription = Subscription(account_id, session_id)
        self._by_account.setdefault(account_id, set()).add(subscription)
        self._count += 1
        return subscription

    def unsubscribe(self, subscription: Subscription) -> None:
        subscriptions = self._by_account.get(subscription.account_id)
        if subscriptions is None or subscription not in subscriptions:
            return
        subscriptions.discard(subscription)
        self._count -= 1
        if not subscriptions:
            del self._by_account[subscription.account_id]

    def close_all(self) -> None:
        for subscriptions in self._by_account.values():
            for subscription in subscriptions:
                subscription.close()

    def shutdown(self) -> None:
        """The server is stopping: end every stream now (clients reconnect elsewhere) and
        accept no new ones, so a graceful shutdown does not wait on idle streams."""
        self.stopping = True
        self.close_all()

    def end(self, account_id: uuid.UUID, session_id: uuid.UUID | None = None) -> None:
        """Close the account's streams (only those of ``session_id`` when given)."""
        for subscription in tuple(self._by_account.get(account_id, ())):
            if session_id is None or subscription.session_id == session_id:
                subscription.close()

    def deliver(self, payload: str) -> None:
        try:
            raw = json.loads(payload)
            account_id = uuid.UUID(raw["account_id"])
            if "end" in raw:
                session = raw.get("session_id") if raw["end"] == "session" else None
                self.end(account_id, uuid.UUID(session) if session else None)
                return
            event = Event(int(raw["id"]), str(raw["type"]), encode(raw["data"]))
        except (ValueError, KeyError, TypeError):
            logger.warning("stream notification not understood")
            return
        for subscription in tuple(self._by_account.get(account_id, ())):
            subscription.push(event)

    def _on_notify(self, connection: Any, pid: int, channel: str, payload: object) -> None:
        self.deliver(str(payload))

    def _on_lost(self, connection: Any) -> None:
        self._lost.set()

    async def start(self, url: str) -> None:
        """Listen from now on (returns once listening); keeps the connection up."""
        self._url = url
        await self._connect()
        self._keeper = asyncio.create_task(self._keep_listening(), name="stream-listener")

    async def _connect(self) -> None:
        assert self._url is not None
        connection = await asyncpg.connect(
            self._url, server_settings={"application_name": "edudiary-stream"}
        )
        connection.add_termination_listener(self._on_lost)
        await connection.add_listener(CHANNEL, self._on_notify)
        self._connection = connection
        self._lost.clear()
        self.listening.set()

    async def _keep_listening(self) -> None:
        while not self.stopping:
            await self._lost.wait()
            if self.stopping:
                return
            self.listening.clear()
            # Events committed while nobody listened would be missed by the live streams:
            # close them, and their clients resume from the log.
            self.close_all()
            logger.warning("stream listener connection lost; reconnecting")
            for delay in itertools.chain(RECONNECT_DELAYS, itertools.repeat(RECONNECT_DELAYS[-1])):
                await asyncio.sleep(delay)
                if self.stopping:
                    return
                try:
                    await self._connect()
                    break
                except (OSError, asyncpg.PostgresError):
                    continue

    async def stop(self) -> None:
        self.shutdown()
        self._lost.set()
        if self._keeper is not None:
            self._keeper.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._keeper
        if self._connection is not None and not self._connection.is_closed():
            await self._connection.close()
        self._connection = None
