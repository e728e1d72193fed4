"""``require_scopes``: an integration-only route refuses people and under-scoped clients."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated

import pytest
from fastapi import Depends
from httpx import ASGITransport, AsyncClient
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from api.config import Settings
from api.identity.deps import Principal, require_scopes
from api.main import create_app
from tests.diary.world import World
from tests.integrations.conftest import HOMEWORK, SCHEDULE, bearer, client_token, create_client


@pytest.fixture
async def http(
    settings: Settings, sessionmaker: async_sessionmaker[AsyncSession]
) -> AsyncIterator[AsyncClient]:
    app = create_app(settings, manage_database=False)
    app.state.sessionmaker = sessionmaker

    @app.get("/api/v1/integration/probe")
    async def probe(
        caller: Annotated[Principal, Depends(require_scopes(HOMEWORK))],
    ) -> dict[str, str]:
        return {"school_id": str(caller.school_id)}

    transport = ASGITransport(app=app, raise_app_exceptions=False)
    async with AsyncClient(transport=transport, base_url="http://testserver") as client:
        yield client


async def test_people_and_under_scoped_clients_are_refused(http: AsyncClient, world: World) -> None:
    made = await create_client(http, world.admin.token)
    person = await http.get("/api/v1/integration/probe", headers=bearer(world.admin.token))
    assert person.status_code == 403
    assert person.json()["code"] == "client_required"

    narrow = await client_token(http, made["client_id"], made["client_secret"], scope=SCHEDULE)
    refused = await http.get("/api/v1/integration/probe", headers=bearer(narrow))
    assert refused.status_code == 403
    assert refused.json()["code"] == "insufficient_scope"

    full = await client_token(http, made["client_id"], made["client_secret"])
    admitted = await http.get("/api/v1/integration/probe", headers=bearer(full))
    assert admitted.status_code == 200
    assert admitted.json() == {"school_id": str(world.school.id)}
