"""A stream event crossing from one API process to another: the teacher's message is
posted through one app (its own lifespan, engine and LISTEN connection) and heard on a
stream held by a second, both on a database of their own that really commits."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Iterator

import pytest
from fastapi import FastAPI
from httpx import ASGITransport, AsyncClient
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from api import migrate
from api.config import Settings
from api.db import create_engine
from api.main import create_app
from api.notifications.models import Notification
from api.stream.models import StreamEvent
from tests import support
from tests.diary.world import World, build_world
from tests.stream.sse import open_stream

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
