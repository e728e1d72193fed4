"""A local webhook receiver that answers what it is told: a few lines of HTTP/1.1 over
asyncio (no framework), so the sender is exercised over a real socket."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class Received:
    headers: dict[str, str]
    body: bytes
    status: int


Answer = Callable[["Received"], tuple[int, dict[str, str]]]


def _ok(_: Received) -> tuple[int, dict[str, str]]:
    return 204, {}


@dataclass
class Receiver:
    answer: Answer = _ok
    received: list[Received] = field(default_factory=list)
    port: int = 0
    _server: asyncio.Server | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/hooks"

    async def start(self) -> Receiver:
        self._server = await asyncio.start_server(self._serve, "127.0.0.1", 0)
        self.port = self._server.sockets[0].getsockname()[1]
        return self

    async def stop(self) -> None:
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                lines = head.decode("latin-1").split("\r\n")
                headers = {}
                for line in lines[1:]:
                    if ":" in line:
                        name, _, value = line.partition(":")
                        headers[name.strip().lower()] = value.strip()
                body = await reader.readexactly(int(headers.get("content-length", "0")))
                item = Received(headers, body, 0)
                status, extra = self.answer(item)
                item.status = status
                self.received.append(item)
                reply = f"HTTP/1.1 {status} X\r\ncontent-length: 0\r\n"
                reply += "".join(f"{k}: {v}\r\n" for k, v in extra.items())
                writer.write((reply + "\r\n").encode())
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        finally:
            writer.close()
