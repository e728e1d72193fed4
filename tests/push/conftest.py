"""A push service on this machine: takes Web Push requests (and native relay requests)
like a browser vendor's would, records them, answers as told."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator
from dataclasses import dataclass, field

import pytest
import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes


@dataclass
class PushService:
    base_url: str = ""
    status: int = 201
    received: list[Received] = field(default_factory=list)

    async def handle(self, request: Request) -> Response:
        self.received.append(
            Received(request.url.path, dict(request.headers), await request.body())
        )
        return Response(status_code=self.status)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
async def push_service() -> AsyncIterator[PushService]:
    service = PushService()
    port = _free_port()
    app = Starlette(routes=[Route("/{path:path}", service.handle, methods=["POST"])])
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_config=None, lifespan="off")
    )
    task = asyncio.create_task(server.serve())
    while not server.started:  # noqa: ASYNC110 - uvicorn exposes only a flag
        await asyncio.sleep(0.01)
    service.base_url = f"http://127.0.0.1:{port}"
    yield service
    server.should_exit = True
    await task
