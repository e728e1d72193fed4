"""Webhook tests: the diary's small world, a client of its school holding the event scopes,
and a local receiver over a real socket."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest
from httpx import AsyncClient
from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from api.config import Settings
from api.webhooks import sending
from api.webhooks.models import WebhookDelivery, WebhookEvent
from tests.diary.world import World, build_world
from tests.identity.conftest import Clock, frozen_clock
from tests.integrations.conftest import bearer, create_client
from tests.webhooks.receiver import Receiver

__all__ = ["Clock", "frozen_clock"]

OR = "https://purl.imsglobal.org/spec/or/v1p2/scope/"
GRADEBOOK = f"{OR}gradebook.readonly"
MANAGE = "edudiary:webhooks.manage"
ATTENDANCE = "edudiary:attendance.readonly"
HOMEWORK = "edudiary:homework.readonly"
SCHEDULE = "edudiary:schedule.readonly"
APPLICATIONS = "edudiary:applications.readonly"
ALL = [GRADEBOOK, MANAGE, ATTENDANCE, HOMEWORK, SCHEDULE, APPLICATIONS]
ALL_TYPES = [
    "grade.created",
    "grade.updated",
    "grade.deleted",
    "attendance.marked",
    "homework.assigned",
    "lesson.changed",
    "application.status_changed",
]


@pytest.fixture
async def world(session: AsyncSession, settings: Settings) -> World:
    return await build_world(session, settings)


@pytest.fixture
def dev_settings(settings: Settings) -> Settings:
    """Development mode: ``http://`` and loopback allowed (the local receiver)."""
    return settings.model_copy(update={"env": "development"})


@pytest.fixture
async def dev_client(
    dev_settings: Settings, sessionmaker: async_sessionmaker[AsyncSession]
) -> AsyncIterator[AsyncClient]:
    from httpx import ASGITransport

    from api.main import create_app

    app = create_app(dev_settings, manage_database=False)
    app.state.sessionmaker = sessionmaker
    transport = ASGITransport(app=app, raise_app_exceptions=False)
    async with AsyncClient(transport=transport, base_url="http://testserver") as http:
        yield http


@pytest.fixture
async def receiver() -> AsyncIterator[Receiver]:
    server = await Receiver().start()
    yield server
    await server.stop()


def api_key(secret: str) -> dict[str, str]:
    return {"X-API-Key": secret}


async def make_client(http: AsyncClient, admin_token: str, scopes: list[str]) -> dict[str, Any]:
    return await create_client(http, admin_token, scopes=scopes)


async def subscribe(
    http: AsyncClient, key: str, url: str, types: list[str] | None = None
) -> dict[str, Any]:
    answer = await http.post(
        "/api/v1/integration/webhooks",
        json={"url": url, "event_types": types or ALL_TYPES},
        headers=api_key(key),
    )
    assert answer.status_code == 201, answer.text
    made: dict[str, Any] = answer.json()
    return made


async def events_of(session: AsyncSession, type_: str | None = None) -> list[WebhookEvent]:
    query = select(WebhookEvent).order_by(WebhookEvent.id)
    if type_ is not None:
        query = query.where(WebhookEvent.type == type_)
    return list((await session.scalars(query.execution_options(populate_existing=True))).all())


async def deliveries_of(session: AsyncSession) -> list[WebhookDelivery]:
    return list(
        (
            await session.scalars(
                select(WebhookDelivery)
                .order_by(WebhookDelivery.message_id)
                .execution_options(populate_existing=True)
            )
        ).all()
    )


async def jobs_for(session: AsyncSession, delivery_id: object) -> int:
    count = await session.scalar(
        text(
            "SELECT count(*) FROM procrastinate_jobs WHERE queue_name = 'webhooks'"
            " AND args->>'delivery_id' = :d"
        ),
        {"d": str(delivery_id)},
    )
    return int(count or 0)


async def run(
    sessionmaker: async_sessionmaker[AsyncSession],
    delivery_id: object,
    settings: Settings,
    *,
    manual: bool = False,
) -> str:
    async with sessionmaker() as session:
        return await sending.deliver(session, delivery_id, settings, manual=manual)  # type: ignore[arg-type]


def bearer_headers(token: str) -> dict[str, str]:
    return bearer(token)
