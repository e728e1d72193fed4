"""The stream of one account: what it replays after ``Last-Event-ID``, that it carries the
account's own events only, and who may open it. (Events crossing between processes:
``test_across_processes.py``.)"""

from __future__ import annotations

import json
import uuid
from collections.abc import AsyncIterator
from typing import Any

import pytest
from fastapi import FastAPI
from httpx import ASGITransport, AsyncClient
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from api.config import Settings
from api.main import create_app
from api.notifications.models import Notification
from api.stream.hub import StreamHub
from api.stream.models import StreamEvent
from tests.diary.world import World, build_world
from tests.factories import Person
from tests.stream.sse import open_stream


@pytest.fixture
def app(settings: Settings, sessionmaker: async_sessionmaker[AsyncSession]) -> FastAPI:
    app = create_app(settings, manage_database=False)
    app.state.sessionmaker = sessionmaker
    return app


@pytest.fixture
async def api(app: FastAPI) -> AsyncIterator[AsyncClient]:
    transport = ASGITransport(app=app, raise_app_exceptions=False)
    async with AsyncClient(transport=transport, base_url="http://testserver") as client:
        yield client


@pytest.fixture
async def world(session: AsyncSession, settings: Settings) -> World:
    world = await build_world(session, settings)
    await session.commit()
    return world


async def _write(api: AsyncClient, author: Person, to: Person, text: str) -> Any:
    answer = await api.post(
        "/api/v1/conversations",
        json={"recipient_ids": [str(to.id)], "subject": "Контрольная", "text": text},
        headers=author.headers,
    )
    assert answer.status_code == 201, answer.text
    return answer.json()


async def _log(session: AsyncSession, person: Person) -> list[StreamEvent]:
    rows = await session.scalars(
        select(StreamEvent).where(StreamEvent.account_id == person.id).order_by(StreamEvent.id)
    )
    return list(rows)


async def test_a_message_is_logged_for_every_participant_with_the_notification_of_it(
    api: AsyncClient, session: AsyncSession, world: World
) -> None:
    conversation = await _write(api, world.parent, world.teacher, "Здравствуйте!")
    message_id = conversation["last_message"]["id"]

    teacher = await _log(session, world.teacher)
    parent = await _log(session, world.parent)
    note = await session.scalar(
        select(Notification).where(Notification.account_id == world.teacher.id)
    )
    assert note is not None
    expected_message = {
        "type": "message",
        "id": message_id,
        "conversation_id": conversation["id"],
        "author_id": str(world.parent.id),
    }
    assert [(e.type, e.data) for e in teacher] == [
        ("message", expected_message),
        (
            "notification",
            {
                "type": "notification",
                "id": str(note.id),
                "kind": "message",
                "title": note.title,
                "link": f"/messages/{conversation['id']}",
            },
        ),
    ]
    # The author's other tabs hear their own message too; nobody notifies the author.
    assert [(e.type, e.data) for e in parent] == [("message", expected_message)]
    assert teacher[0].id < teacher[1].id


async def test_last_event_id_replays_exactly_what_came_after_it_and_only_ones_own(
    app: FastAPI, api: AsyncClient, session: AsyncSession, world: World
) -> None:
    conversation = await _write(api, world.parent, world.teacher, "Здравствуйте!")
    reply = await api.post(
        f"/api/v1/conversations/{conversation['id']}/messages",
        json={"text": "Добрый день!"},
        headers=world.teacher.headers,
    )
    assert reply.status_code == 201, reply.text
    # A conversation between colleagues: the parent must hear none of it.
    await _write(api, world.teacher, world.class_teacher, "Коллеге")
    logged = await _log(session, world.parent)
    assert [e.type for e in logged] == ["message", "message", "notification"]

    async with open_stream(
        app, {**world.parent.headers, "Last-Event-ID": str(logged[0].id)}
    ) as stream:
        assert stream.status == 200
        assert stream.headers["content-type"].startswith("text/event-stream")
        assert stream.headers["cache-control"] == "no-store"
        opening = await stream.block()
        assert opening.id == str(logged[0].id)
        replayed = [await stream.event(), await stream.event()]

    assert [(b.id, b.event, b.json()) for b in replayed] == [
        (str(e.id), e.type, e.data) for e in logged[1:]
    ]
    assert replayed[0].json()["id"] == reply.json()["id"]

    async with open_stream(app, {**world.parent.headers, "Last-Event-ID": "0"}) as stream:
        everything = [await stream.event() for _ in logged]
    assert [int(b.id or 0) for b in everything] == [e.id for e in logged]
    teachers = {e.id for e in await _log(session, world.teacher)}
    assert teachers.isdisjoint(int(b.id or 0) for b in everything)


async def test_a_fresh_stream_starts_at_the_newest_event_so_a_reconnect_loses_nothing(
    app: FastAPI, api: AsyncClient, session: AsyncSession, world: World
) -> None:
    async with open_stream(app, world.parent.headers) as stream:
        first = await stream.block()
    assert first.id == "0"
    assert first.retry is not None

    await _write(api, world.parent, world.teacher, "Здравствуйте!")
    newest = (await _log(session, world.parent))[-1].id
    async with open_stream(app, world.parent.headers) as stream:
        opening = await stream.block()
    assert opening.id == str(newest)
    assert opening.data is None, "an id-only block moves Last-Event-ID and fires nothing"


async def test_a_live_event_reaches_the_accounts_streams_only(app: FastAPI, world: World) -> None:
    hub: StreamHub = app.state.stream_hub

    def announce(account: uuid.UUID, event_id: int) -> None:
        data = {"type": "announcement", "id": str(uuid.uuid4())}
        payload = {"account_id": str(account), "id": event_id, "type": "announcement"}
        hub.deliver(json.dumps({**payload, "data": data}))

    async with (
        open_stream(app, world.parent.headers) as mine,
        open_stream(app, world.other_parent.headers) as theirs,
    ):
        await mine.block()
        await theirs.block()
        assert hub.open_streams == 2
        announce(world.other_parent.id, 10_001)
        announce(world.parent.id, 10_002)
        announce(world.parent.id, 10_002)  # heard twice (a replay and a NOTIFY): sent once
        announce(world.parent.id, 10_003)
        got = [await mine.event(), await mine.event()]
        other = await theirs.event()
    assert [(b.id, b.event) for b in got] == [("10002", "announcement"), ("10003", "announcement")]
    assert other.id == "10001"
    assert hub.open_streams == 0, "a closed stream leaves the hub"


async def test_a_stream_ends_when_the_server_shuts_down(app: FastAPI, world: World) -> None:
    hub: StreamHub = app.state.stream_hub
    async with open_stream(app, world.parent.headers) as stream:
        await stream.block()
        hub.shutdown()
        assert await stream.rest() == []
        assert stream.ended
    refused = await AsyncClient(transport=ASGITransport(app=app), base_url="http://testserver").get(
        "/api/v1/me/stream", headers=world.parent.headers
    )
    assert refused.status_code == 503
    assert refused.json()["code"] == "stream_capacity"
    assert refused.headers["retry-after"] == "5"


async def test_without_a_token_the_stream_answers_401(api: AsyncClient) -> None:
    answer = await api.get("/api/v1/me/stream")
    assert answer.status_code == 401
    assert answer.headers["content-type"].startswith("application/problem+json")
    assert answer.json()["code"] == "token_invalid"


async def test_a_malformed_last_event_id_is_refused_in_russian(
    api: AsyncClient, world: World
) -> None:
    answer = await api.get(
        "/api/v1/me/stream", headers={**world.parent.headers, "Last-Event-ID": "abc"}
    )
    assert answer.status_code == 422
    body = answer.json()
    assert body["code"] == "last_event_id_invalid"
    assert body["errors"][0]["field"] == "Last-Event-ID"
    assert body["detail"].startswith("Last-Event-ID должен быть номером")
