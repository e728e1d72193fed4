"""What admitting an integration client costs a request (docs/request-path.md).

Against a running server (``edudiary serve``) and its database: makes a client of the
first school directly in the database (all scopes, a limit high enough never to refuse),
then times ``GET /api/v1/bells`` — the cheapest client-readable route — by token, by
API key, and ``GET /api/v1/health`` as the floor. The server's CPU per request is read
from ``/proc/PID/task/*/schedstat``; the client's p50/p99 are wall time. The door is one
statement (client row + GCRA UPSERT + last_used_at), so token vs. health is what a
client's request pays on top of routing::

    DATABASE_URL=postgresql://… .venv/bin/python bench/client_door.py --port 8803 --pid PID

Run by hand; figures go into the report, never into a test.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import time
import uuid
from pathlib import Path

import asyncpg
import httpx

from api.db import libpq_url
from api.integrations import secrets
from api.integrations.scopes import SCOPES


def server_cpu_ns(pid: int) -> int:
    total = 0
    for task in Path(f"/proc/{pid}/task").iterdir():
        try:
            total += int((task / "schedstat").read_text().split()[0])
        except (OSError, ValueError):
            continue
    return total


async def make_client(url: str) -> tuple[str, str]:
    secret = secrets.new_secret()
    client_id = secrets.new_client_id()
    connection = await asyncpg.connect(libpq_url(url))
    try:
        school = await connection.fetchval("SELECT id FROM schools ORDER BY short_name LIMIT 1")
        await connection.execute(
            "INSERT INTO integration_clients (id, client_id, school_id, name, legal_basis, scopes,"
            " rate_limit_per_minute, secret_hash, secret_hint)"
            " VALUES ($1, $2, $3, 'bench', 'bench: client door', $4, 6000, $5, $6)",
            uuid.uuid4(),
            client_id,
            school,
            list(SCOPES),
            secrets.secret_hash(secret),
            secrets.hint(secret),
        )
    finally:
        await connection.close()
    return client_id, secret


def measure(
    http: httpx.Client, pid: int, path: str, headers: dict[str, str], n: int
) -> tuple[float, float, float]:
    for _ in range(20):
        assert http.get(path, headers=headers).status_code == 200
    times = []
    cpu = server_cpu_ns(pid)
    for _ in range(n):
        started = time.perf_counter()
        answer = http.get(path, headers=headers)
        times.append((time.perf_counter() - started) * 1000)
        assert answer.status_code == 200, answer.text
    cpu_ms = (server_cpu_ns(pid) - cpu) / n / 1e6
    times.sort()
    return cpu_ms, statistics.median(times), times[int(len(times) * 0.99) - 1]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--pid", type=int, required=True)
    parser.add_argument("--requests", type=int, default=300)
    args = parser.parse_args()
    client_id, secret = asyncio.run(make_client(os.environ["DATABASE_URL"]))
    with httpx.Client(base_url=f"http://127.0.0.1:{args.port}", timeout=30) as http:
        token = http.post(
            "/oauth/token",
            data={"grant_type": "client_credentials"},
            auth=(client_id, secret),
        ).json()["access_token"]
        cases = {
            "health (floor)": ("/api/v1/health", {}),
            "bells, client token": ("/api/v1/bells", {"Authorization": f"Bearer {token}"}),
            "bells, X-API-Key": ("/api/v1/bells", {"X-API-Key": secret}),
        }
        print(f"{'case':24} {'CPU ms':>7} {'p50 ms':>7} {'p99 ms':>7}")
        for name, (path, headers) in cases.items():
            cpu, p50, p99 = measure(http, args.pid, path, headers, args.requests)
            print(f"{name:24} {cpu:7.2f} {p50:7.2f} {p99:7.2f}")


if __name__ == "__main__":
    main()
