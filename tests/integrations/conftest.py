"""Integration-client tests run in the diary's small world (two schools, an admin each)."""

from __future__ import annotations

import base64
from typing import Any

import pytest
from httpx import AsyncClient, Response
from sqlalchemy.ext.asyncio import AsyncSession

from api.config import Settings
from tests.diary.world import World, build_world
from tests.identity.conftest import Clock, frozen_clock

__all__ = ["Clock", "frozen_clock"]

SCHEDULE = "edudiary:schedule.readonly"
HOMEWORK = "edudiary:homework.readonly"


@pytest.fixture
async def world(session: AsyncSession, settings: Settings) -> World:
    return await build_world(session, settings)


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def client_body(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "name": "Электронная библиотека",
        "scopes": [SCHEDULE, HOMEWORK],
        "legal_basis": "Договор поручения обработки ПДн № 12 от 01.09.2026",
    }
    body.update(overrides)
    return body


async def create_client(http: AsyncClient, admin_token: str, **overrides: Any) -> dict[str, Any]:
    answer = await http.post(
        "/api/v1/integration-clients", json=client_body(**overrides), headers=bearer(admin_token)
    )
    assert answer.status_code == 201, answer.text
    created: dict[str, Any] = answer.json()
    return created


def basic(client_id: str, secret: str) -> dict[str, str]:
    raw = base64.b64encode(f"{client_id}:{secret}".encode()).decode()
    return {"Authorization": f"Basic {raw}"}


async def token_request(http: AsyncClient, client_id: str, secret: str, **form: str) -> Response:
    return await http.post(
        "/oauth/token",
        data={"grant_type": "client_credentials", **form},
        headers=basic(client_id, secret),
    )


async def client_token(http: AsyncClient, client_id: str, secret: str, **form: str) -> str:
    answer = await token_request(http, client_id, secret, **form)
    assert answer.status_code == 200, answer.text
    token: str = answer.json()["access_token"]
    return token
