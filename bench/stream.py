"""Live stream benchmark: idle streams one API process holds (its resident memory), and
the delay from posting a message to its event on the recipient's stream while hundreds
of other streams are open. Run by hand, never in CI:

    .venv/bin/python bench/stream.py [--idle 2000] [--open 500] [--messages 200] [--port 8791]

It creates a scratch database on 127.0.0.1:5432 (or ``--admin-url``), migrates it, builds
the test school (a teacher and a parent who may write to each other) and accounts for the
idle streams, starts one ``edudiary serve`` on a local port (no in-process worker), and
holds the streams over plain sockets (a light client, so the figures are the server's).
Every wait is bounded; the server and database are removed at the end.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

import httpx
from sqlalchemy.ext.asyncio import async_sessionmaker

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from api import migrate
from api.config import Settings
from api.db import create_engine
from tests.diary.world import World, build_world
from tests.factories import make_person
from tests.support import drop, recreate

ACCOUNTS = 250  # idle streams are spread over these (several tabs each)
_MESSAGE_EVENT = re.compile(rb"event: message\r?\ndata: (\{[^\r\n]*\})\r?\n")


async def _seed(url: str, data_dir: Path) -> tuple[World, list[str]]:
    # The server's data directory: its JWT signing key is made there, and must sign these.
    settings = Settings(env="test", database_url=url, data_dir=data_dir)
    engine = create_engine(url, settings)
    async with async_sessionmaker(engine, expire_on_commit=False)() as session:
        world = await build_world(session, settings)
        await session.commit()
        tokens = [(await make_person(session, settings)).token for _ in range(ACCOUNTS)]
    await engine.dispose()
    return world, tokens


class RawStream:
    """One stream over a plain socket: the request, then bytes as they come."""

    def __init__(self, port: int, token: str) -> None:
        self.port = port
        self.token = token
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def open(self) -> None:
        self.reader, self.writer = await asyncio.open_connection("127.0.0.1", self.port)
        self.writer.write(
            (
                "GET /api/v1/me/stream HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                f"Authorization: Bearer {self.token}\r\nAccept: text/event-stream\r\n\r\n"
            ).encode()
        )
        await self.writer.drain()
        head = await asyncio.wait_for(self.reader.readuntil(b"\r\n\r\n"), 60)
        if not head.startswith(b"HTTP/1.1 200"):
            raise RuntimeError(head.split(b"\r\n", 1)[0].decode())
        await asyncio.wait_for(self.reader.readuntil(b"\n\n"), 60)  # the opening block

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()


async def _open_many(port: int, tokens: list[str], count: int) -> list[RawStream]:
    streams = [RawStream(port, tokens[i % len(tokens)]) for i in range(count)]
    for start in range(0, count, 100):  # in waves, as browsers after a deploy would not
        await asyncio.gather(*(s.open() for s in streams[start : start + 100]))
    return streams


def _rss_mb(pid: int) -> float:
    """Resident memory of the server process (Linux: /proc), in MiB."""
    status = Path(f"/proc/{pid}/status").read_text()
    kib = next(line.split()[1] for line in status.splitlines() if line.startswith("VmRSS:"))
    return int(kib) / 1024


async def idle(port: int, pid: int, tokens: list[str], count: int) -> None:
    before = _rss_mb(pid)
    started = time.perf_counter()
    streams = await _open_many(port, tokens, count)
    opened_in = time.perf_counter() - started
    await asyncio.sleep(20)  # past a heartbeat: the streams are alive, not just accepted
    alive = sum(1 for s in streams if s.reader is not None and not s.reader.at_eof())
    after = _rss_mb(pid)
    print(
        f"idle: {alive}/{count} streams alive after 20 s, opened in {opened_in:.1f} s; "
        f"server RSS {before:.0f} MB before, {after:.0f} MB with them "
        f"({(after - before) * 1024 / count:.0f} KB per stream)"
    )
    for s in streams:
        s.close()


async def latency(
    port: int, pid: int, world: World, tokens: list[str], count: int, messages: int
) -> None:
    base = f"http://127.0.0.1:{port}"
    others = await _open_many(port, tokens, count - 1)
    mine = RawStream(port, world.parent.token)
    await mine.open()
    assert mine.reader is not None
    arrived: dict[str, float] = {}
    posted: dict[str, float] = {}
    done = asyncio.Event()

    async def listen() -> None:
        assert mine.reader is not None
        buffer = b""
        while True:
            chunk = await mine.reader.read(65536)
            if not chunk:
                return
            now = time.perf_counter()
            buffer += chunk
            for match in _MESSAGE_EVENT.finditer(buffer):
                arrived.setdefault(json.loads(match.group(1))["id"], now)
            if len(arrived) > messages:  # the opening message too
                done.set()
            # Keep only an unfinished event for the next read.
            buffer = buffer[buffer.rfind(b"\n\n") + 2 :] if b"\n\n" in buffer else buffer

    listener = asyncio.create_task(listen())
    async with httpx.AsyncClient(base_url=base, timeout=60) as client:
        start = await client.post(
            "/api/v1/conversations",
            json={"recipient_ids": [str(world.parent.id)], "text": "Начало"},
            headers=world.teacher.headers,
        )
        start.raise_for_status()
        path = f"/api/v1/conversations/{start.json()['id']}/messages"
        for i in range(messages):
            sent = time.perf_counter()
            answer = await client.post(
                path, json={"text": f"Сообщение {i}"}, headers=world.teacher.headers
            )
            answer.raise_for_status()
            posted[answer.json()["id"]] = sent
            await asyncio.sleep(0.05)
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(done.wait(), 30)
    listener.cancel()
    delays = sorted((arrived[m] - posted[m]) * 1000 for m in posted if m in arrived)
    lost = len(posted) - len(delays)
    p = statistics.quantiles(delays, n=100) if len(delays) > 1 else delays * 99
    print(
        f"post → event with {count} open streams, {len(posted)} messages: "
        f"p50 {p[49]:.0f} ms, p99 {p[98]:.0f} ms, max {delays[-1]:.0f} ms, lost {lost}; "
        f"server RSS {_rss_mb(pid):.0f} MB"
    )
    mine.close()
    for s in others:
        s.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--idle", type=int, default=2000)
    parser.add_argument("--open", type=int, default=500)
    parser.add_argument("--messages", type=int, default=200)
    parser.add_argument("--port", type=int, default=8791)
    parser.add_argument("--admin-url", default="postgresql://postgres@127.0.0.1:5432/postgres")
    args = parser.parse_args()

    name = f"edudiary_bench_stream_{os.getpid()}"
    url = recreate(args.admin_url, name)
    server: subprocess.Popen[bytes] | None = None
    try:
        migrate.upgrade(url)
        world, tokens = asyncio.run(_seed(url, Path(f"/tmp/{name}")))
        env = {
            **os.environ,
            "DATABASE_URL": url,
            "EDUDIARY_ENV": "test",
            "EDUDIARY_LOG_LEVEL": "WARNING",
            "EDUDIARY_DATA_DIR": f"/tmp/{name}",
            "EDUDIARY_RUN_WORKER_IN_PROCESS": "false",
            "EDUDIARY_MAX_STREAMS": str(max(args.idle, args.open) + 10),
        }
        server = subprocess.Popen(
            [str(Path(sys.executable).parent / "edudiary"), "serve", "--port", str(args.port)],
            env=env,
        )
        for _ in range(600):
            try:
                httpx.get(f"http://127.0.0.1:{args.port}/api/v1/health", timeout=1)
                break
            except httpx.HTTPError:
                time.sleep(0.1)
        asyncio.run(idle(args.port, server.pid, tokens, args.idle))
        asyncio.run(latency(args.port, server.pid, world, tokens, args.open, args.messages))
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=90)
        drop(args.admin_url, name)


if __name__ == "__main__":
    main()
