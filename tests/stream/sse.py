"""Reading ``text/event-stream`` straight from an ASGI app: httpx's ASGITransport hands a
response over only once the app has finished, and a stream does not finish by itself."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

from starlette.types import ASGIApp, Message

# A guard against a hang, not a measurement: an expected event comes in milliseconds.
PATIENCE_S = 20


@dataclass
class Block:
    """One blank-line-terminated block of the stream, fields as the spec parses them."""

    comments: list[str] = field(default_factory=list)
    id: str | None = None
    event: str | None = None
    data: str | None = None
    retry: str | None = None

    def json(self) -> Any:
        assert self.data is not None
        return json.loads(self.data)


def parse_block(text: str) -> Block:
    block = Block()
    for line in text.split("\n"):
        if line.startswith(":"):
            block.comments.append(line[1:].strip())
            continue
        name, _, value = line.partition(":")
        value = value.removeprefix(" ")
        if name == "data":
            block.data = value if block.data is None else f"{block.data}\n{value}"
        elif name in ("id", "event", "retry"):
            setattr(block, name, value)
    return block


class Stream:
    def __init__(self) -> None:
        self.status = 0
        self.headers: dict[str, str] = {}
        self.started = asyncio.Event()
        self.chunks: asyncio.Queue[bytes | None] = asyncio.Queue()
        self.buffer = ""
        self.ended = False

    async def block(self) -> Block:
        while "\n\n" not in self.buffer:
            chunk = await asyncio.wait_for(self.chunks.get(), PATIENCE_S)
            if chunk is None:
                self.ended = True
                raise EOFError("the stream ended")
            self.buffer += chunk.decode()
        text, self.buffer = self.buffer.split("\n\n", 1)
        return parse_block(text)

    async def event(self) -> Block:
        """The next block that fires an event (comments and id-only blocks skipped)."""
        async with asyncio.timeout(PATIENCE_S):  # keep-alives alone must not wait forever
            while True:
                block = await self.block()
                if block.data is not None:
                    return block

    async def rest(self) -> list[Block]:
        """Every block up to the end of a stream that ends by itself."""
        blocks = []
        while True:
            try:
                blocks.append(await self.block())
            except EOFError:
                return blocks


@asynccontextmanager
async def open_stream(
    app: ASGIApp, headers: dict[str, str], path: str = "/api/v1/me/stream"
) -> AsyncIterator[Stream]:
    """The response's status and headers are there on entry; leaving disconnects."""
    stream = Stream()
    gone = asyncio.Event()
    asked = False

    async def receive() -> Message:
        nonlocal asked
        if not asked:
            asked = True
            return {"type": "http.request", "body": b"", "more_body": False}
        await gone.wait()
        return {"type": "http.disconnect"}

    async def send(message: Message) -> None:
        if message["type"] == "http.response.start":
            stream.status = message["status"]
            stream.headers = {k.decode(): v.decode() for k, v in message["headers"]}
            stream.started.set()
        elif message["type"] == "http.response.body":
            await stream.chunks.put(message.get("body", b""))
            if not message.get("more_body", False):
                await stream.chunks.put(None)

    scope = {
        "type": "http",
        "asgi": {"version": "3.0", "spec_version": "2.3"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": [(k.lower().encode(), v.encode()) for k, v in headers.items()],
        "client": ("127.0.0.1", 50000),
        "server": ("testserver", 80),
        "state": {},
    }

    async def serve() -> None:
        await app(scope, receive, send)

    task = asyncio.create_task(serve())
    try:
        await asyncio.wait_for(stream.started.wait(), PATIENCE_S)
        yield stream
    finally:
        gone.set()
        await asyncio.wait_for(task, PATIENCE_S)
