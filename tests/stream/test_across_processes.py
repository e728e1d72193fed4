"""A stream event crossing from one API process to another: the teacher's message is
posted through one app (its own lifespan, engine and LISTEN connection) and heard on a
stream held by a second, both on a database of their own that really commits."""

from __future__ import annotations

import asyncio
import json
import os
from collections.abc import AsyncIterator, Iterator
from datetime import timedelta

import asyncpg
import pytest
from fastapi import FastAPI
from httpx import ASGITransport, AsyncClient
from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from api import migrate
from api.config import Settings
from api.db import create_engine
from api.identity import sessions
from api.identity.models import Account
from api.main import create_app
from api.notifications.models import Notification
from api.stream.hub import CHANNEL
from api.stream.models import StreamEvent, StreamHead
from tests import support
from tests.diary.world import World, build_world
from tests.factories import token_for
from tests.stream.sse import PATIENCE_S, Stream, open_stream

DB = f"edudiary_test_stream_{os.getpid()}"


@pytest.fixture(scope="module")
def deployed_url(server_url: str) -> Iterator[str]:
    url = support.recreate(server_url, DB)
    migrate.upgrade(url)
    yield url
    support.drop(server_url, DB)


@pytest.fixture
async def direct(deployed_url: str) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(deployed_url, Settings(env="test", database_url=deployed_url))
    yield engine
    await engine.dispose()


async def _process(url: str) -> AsyncIterator[FastAPI]:
    app = create_app(Settings(env="test", database_url=url, log_json=False, max_concurrency=4))
    async with app.router.lifespan_context(app):
        yield app


@pytest.fixture
async def reader(deployed_url: str) -> AsyncIterator[FastAPI]:
    async for app in _process(deployed_url):
        yield app


@pytest.fixture
async def writer(deployed_url: str) -> AsyncIterator[FastAPI]:
    async for app in _process(deployed_url):
        yield app


@pytest.fixture
async def world(direct: AsyncEngine) -> World:
    async with async_sessionmaker(direct, expire_on_commit=False)() as session:
        world = await build_world(session, Settings(env="test"))
        await session.commit()
    return world


def client_of(app: FastAPI) -> AsyncClient:
    return AsyncClient(transport=ASGITransport(app=app), base_url="http://testserver")


async def test_a_message_posted_on_one_process_reaches_a_stream_on_another(
    reader: FastAPI, writer: FastAPI, direct: AsyncEngine, world: World
) -> None:
    async with open_stream(reader, world.parent.headers) as stream:
        assert stream.status == 200
        await stream.block()  # open: subscribed and listening
        async with client_of(writer) as api:
            posted = await api.post(
                "/api/v1/conversations",
                json={"recipient_ids": [str(world.parent.id)], "text": "Пётр сегодня молодец"},
                headers=world.teacher.headers,
            )
        assert posted.status_code == 201, posted.text
        message = await stream.event()
        notification = await stream.event()

    async with AsyncSession(direct) as session:
        logged = list(
            await session.scalars(
                select(StreamEvent)
                .where(StreamEvent.account_id == world.parent.id)
                .order_by(StreamEvent.id)
            )
        )
        note = await session.scalar(
            select(Notification).where(Notification.account_id == world.parent.id)
        )
    assert note is not None
    assert [(int(b.id or 0), b.event, b.json()) for b in (message, notification)] == [
        (e.id, e.type, e.data) for e in logged
    ]
    assert message.json()["id"] == posted.json()["last_message"]["id"]
    assert message.json()["conversation_id"] == posted.json()["id"]
    assert notification.json()["id"] == str(note.id)

    # Gone after the first event, back on the writer's process: the rest is replayed.
    async with open_stream(
        writer, {**world.parent.headers, "Last-Event-ID": str(message.id)}
    ) as again:
        await again.block()
        assert await again.event() == notification


async def _second_session(direct: AsyncEngine, world: World) -> dict[str, str]:
    """The parent signed in a second time (another device): a session of its own."""
    async with AsyncSession(direct, expire_on_commit=False) as session:
        account = await session.get(Account, world.parent.id)
        assert account is not None
        token = await token_for(session, Settings(env="test"), account)
    return {"Authorization": f"Bearer {token}"}


async def _ends(stream: Stream) -> list[str]:
    """The stream's remaining events, once it has ended by itself (a hang fails here:
    an open stream keeps sending keep-alives)."""
    async with asyncio.timeout(PATIENCE_S):
        return [b.event or "" for b in await stream.rest() if b.data is not None]


async def test_logging_out_ends_that_sessions_streams_on_every_process_at_once(
    reader: FastAPI, writer: FastAPI, direct: AsyncEngine, world: World
) -> None:
    other_device = await _second_session(direct, world)
    async with (
        open_stream(reader, world.parent.headers) as stream,
        open_stream(reader, other_device) as kept,
    ):
        assert (stream.status, kept.status) == (200, 200)
        await stream.block()
        await kept.block()
        async with client_of(writer) as api:
            out = await api.post("/api/v1/auth/logout", headers=world.parent.headers)
        assert out.status_code == 204, out.text
        assert await _ends(stream) == []
        # The other device's session is not revoked: its stream still hears the teacher.
        async with client_of(writer) as api:
            posted = await api.post(
                "/api/v1/conversations",
                json={"recipient_ids": [str(world.parent.id)], "text": "Добрый вечер"},
                headers=world.teacher.headers,
            )
        assert posted.status_code == 201, posted.text
        assert (await kept.event()).event == "message"
        assert reader.state.stream_hub.open_streams == 1

    # And the revoked token cannot open a new one.
    async with open_stream(reader, world.parent.headers) as refused:
        assert refused.status == 401


async def test_a_password_reset_and_an_operators_block_end_the_accounts_streams(
    reader: FastAPI, direct: AsyncEngine, world: World
) -> None:
    async with open_stream(reader, world.parent.headers) as stream:
        await stream.block()
        async with AsyncSession(direct) as session:
            await sessions.revoke_all(session, world.parent.id, reason="password_reset")
            await session.commit()
        assert await _ends(stream) == []

    # An operator blocks the teacher by hand (psql): the sessions stay, the streams end.
    async with open_stream(reader, world.teacher.headers) as stream:
        await stream.block()
        async with direct.begin() as connection:
            await connection.execute(
                text("UPDATE accounts SET status = 'blocked' WHERE id = :id"),
                {"id": world.teacher.id},
            )
        assert await _ends(stream) == []
    assert reader.state.stream_hub.open_streams == 0


_EVENT = text(
    "INSERT INTO stream_events (account_id, type, data) "
    """VALUES (:account, 'notification', '{"type": "notification", "id": "x"}')"""
)


async def test_two_transactions_writing_to_two_accounts_in_opposite_orders_both_commit(
    direct: AsyncEngine, world: World
) -> None:
    """One writes to A then B, the other to B then A, interleaved. With a head lock taken
    per insert this is a deadlock (PostgreSQL kills one: a 500 for its request); the
    heads are locked at commit in account order, so both commit."""
    a, b = sorted([world.parent.id, world.teacher.id])
    async with direct.connect() as one, direct.connect() as two:
        first, second = await one.begin(), await two.begin()
        await one.execute(_EVENT, {"account": a})
        await two.execute(_EVENT, {"account": b})
        await asyncio.wait_for(
            asyncio.gather(
                one.execute(_EVENT, {"account": b}), two.execute(_EVENT, {"account": a})
            ),
            PATIENCE_S,
        )
        await asyncio.wait_for(asyncio.gather(first.commit(), second.commit()), PATIENCE_S)

    async with AsyncSession(direct) as session:
        logged = {
            account: [
                e.id
                for e in await session.scalars(
                    select(StreamEvent)
                    .where(StreamEvent.account_id == account)
                    .order_by(StreamEvent.id)
                )
            ]
            for account in (a, b)
        }
        heads = {
            row.account_id: row.last_id
            for row in await session.scalars(
                select(StreamHead).where(StreamHead.account_id.in_([a, b]))
            )
        }
    assert [len(ids) for ids in logged.values()] == [2, 2]
    assert all(i > 0 for ids in logged.values() for i in ids), "all numbered at commit"
    assert heads == {a: logged[a][-1], b: logged[b][-1]}


async def test_only_accounts_with_a_stream_open_are_announced(
    reader: FastAPI, deployed_url: str, direct: AsyncEngine, world: World
) -> None:
    """NOTIFY serialises the commits of every transaction that sends one, so a writer
    announces only accounts whose head says a stream is open. The teacher has none; the
    parent opens one. Notifications arrive in commit order: when the parent's (second
    commit) is heard, the teacher's (first commit) would have been heard before it."""
    heard: asyncio.Queue[str] = asyncio.Queue()
    listener = await asyncpg.connect(deployed_url.replace("+asyncpg", ""))
    try:
        await listener.add_listener(CHANNEL, lambda *args: heard.put_nowait(str(args[-1])))
        async with open_stream(reader, world.parent.headers) as stream:
            await stream.block()  # open: the parent's head is marked
            async with direct.begin() as connection:
                await connection.execute(_EVENT, {"account": world.teacher.id})
            async with direct.begin() as connection:
                await connection.execute(_EVENT, {"account": world.parent.id})
            first = json.loads(await asyncio.wait_for(heard.get(), PATIENCE_S))
            assert first["account_id"] == str(world.parent.id), "the teacher was announced"
            assert (await stream.event()).id == str(first["id"])
    finally:
        await listener.close()
    assert heard.empty()

    async with AsyncSession(direct) as session:
        rows = await session.execute(
            select(StreamHead.account_id, StreamHead.listened_until).where(
                StreamHead.account_id.in_([world.parent.id, world.teacher.id])
            )
        )
        heads = {row.account_id: row.listened_until for row in rows}
        now = await session.scalar(select(func.now()))
    # Marked for the token's life (15 minutes) and no more: a stream that outlives its
    # mark would miss events, one marked for days would cost every writer a NOTIFY.
    assert heads[world.teacher.id] is None
    parent_until = heads[world.parent.id]
    assert parent_until is not None
    assert now is not None
    assert timedelta(minutes=14) < parent_until - now < timedelta(minutes=16)
