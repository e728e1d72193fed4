"""Fixtures of application tests: a movable clock, documents on disk, a family."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from httpx import ASGITransport, AsyncClient
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from api.applications import clock
from api.config import Settings
from api.identity.models import AccountLevel
from api.main import create_app
from tests.applications.world import Clock, Family, add_child, add_class, add_school, staff
from tests.factories import make_person


@pytest.fixture
def frozen_clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    """The applications' clock at Saturday 28 November 2026, 12:00 in Moscow (the UX page's
    example); log-in tokens keep the real clock."""
    fake = Clock(datetime(2026, 11, 28, 9, 0, tzinfo=UTC))
    monkeypatch.setattr(clock, "now", fake)
    return fake


@pytest.fixture
def data_settings(settings: Settings, tmp_path: Path) -> Settings:
    return settings.model_copy(update={"data_dir": tmp_path})


@pytest.fixture
async def client(
    data_settings: Settings, sessionmaker: async_sessionmaker[AsyncSession]
) -> AsyncIterator[AsyncClient]:
    app = create_app(data_settings, manage_database=False)
    app.state.sessionmaker = sessionmaker
    transport = ASGITransport(app=app, raise_app_exceptions=False)
    async with AsyncClient(transport=transport, base_url="http://testserver") as client:
        yield client


@pytest.fixture
async def family(client: AsyncClient, session: AsyncSession, data_settings: Settings) -> Family:
    """Persons are made with ``data_settings``: the signing keys live in its data dir."""
    settings = data_settings
    school = await add_school(session)
    class_b = await add_class(session, school, 9, "Б")
    class_a = await add_class(session, school, 9, "А")
    parent = await make_person(session, settings, level=AccountLevel.confirmed)
    admin = await staff(session, settings, school)
    child = await add_child(client, parent, birth_date=date(2011, 5, 4).isoformat())
    return Family(school, class_b, class_a, parent, child, admin)
