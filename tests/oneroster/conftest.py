"""OneRoster tests: the diary's small world, a client of its school, and a second world
(another school with its own classes and pupils) whose ids must stay invisible."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from httpx import AsyncClient, Response
from sqlalchemy.ext.asyncio import AsyncSession

from api.config import Settings
from api.oneroster.service import DEMOGRAPHICS, GUARDIANS, ROSTER, ROSTER_CORE
from tests.diary.world import World, build_world
from tests.integrations.conftest import client_token, create_client

ROSTERING = "/ims/oneroster/rostering/v1p2"
GRADEBOOK = "/ims/oneroster/gradebook/v1p2"
NAMESPACE = uuid.UUID("c5fcf35a-efd6-4ee4-a9c9-05590387d92d")
ALL_SCOPES = [ROSTER_CORE, ROSTER, DEMOGRAPHICS, GUARDIANS]


def v5(name: str) -> str:
    return str(uuid.uuid5(NAMESPACE, name))


@pytest.fixture
async def world(session: AsyncSession, settings: Settings) -> World:
    return await build_world(session, settings)


@pytest.fixture
async def foreign(session: AsyncSession, settings: Settings) -> World:
    return await build_world(session, settings)


class Platform:
    """An integration client of ``world.school`` calling OneRoster."""

    def __init__(self, http: AsyncClient, token: str) -> None:
        self.http = http
        self.token = token

    async def get(self, path: str, **params: Any) -> Response:
        return await self.http.get(
            ROSTERING + path, params=params, headers={"Authorization": f"Bearer {self.token}"}
        )

    async def items(self, path: str, key: str, **params: Any) -> list[dict[str, Any]]:
        answer = await self.get(path, **params)
        assert answer.status_code == 200, answer.text
        found: list[dict[str, Any]] = answer.json()[key]
        return found


async def platform(
    client: AsyncClient, world: World, scopes: list[str], *, token_scopes: str | None = None
) -> Platform:
    made = await create_client(client, world.admin.token, scopes=scopes)
    form = {"scope": token_scopes} if token_scopes is not None else {}
    token = await client_token(client, made["client_id"], made["client_secret"], **form)
    return Platform(client, token)


@pytest.fixture
async def full(client: AsyncClient, world: World) -> Platform:
    return await platform(client, world, ALL_SCOPES)


def minor(answer: Response) -> str:
    body = answer.json()
    value: str = body["imsx_CodeMinor"]["imsx_codeMinorField"][0]["imsx_codeMinorFieldValue"]
    assert body["imsx_codeMajor"] == "failure"
    return value
