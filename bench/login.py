"""Login benchmark: argon2id logins per second, and ``GET /api/v1/me`` latency with and
without a concurrent login storm. Run by hand, never in CI:

    .venv/bin/python bench/login.py [--seconds 10] [--port 8790]

It creates a scratch database on 127.0.0.1:5432 (or ``--admin-url``), migrates it, adds
accounts that log in with one password (parents without a second factor, so a login is
one request), starts ``edudiary serve`` on a local port and drives it with httpx. Every
loop is bounded in time; the server and database are removed at the end.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import time
import uuid
from pathlib import Path

import httpx
import psycopg

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from api import migrate
from api.identity.passwords import hash_password
from tests.support import drop, recreate

PASSWORD = "Бенчмарк-2026!Пароль"
ACCOUNTS = 200


async def _seed(url: str) -> list[str]:
    password_hash = await hash_password(PASSWORD)
    phones = [f"+7999{7000000 + i:07d}" for i in range(ACCOUNTS)]
    with psycopg.connect(url.replace("postgresql+asyncpg", "postgresql")) as conn:
        with conn.cursor() as cur:
            cur.executemany(
                "INSERT INTO accounts (id, last_name, first_name, phone, phone_confirmed_at,"
                " password_hash, level, status, roles, mfa_sms_enabled, failed_logins)"
                " VALUES (%s, 'Бенчмарков', 'Иван', %s, now(), %s, 'confirmed', 'active',"
                " ARRAY['parent'], false, 0)",
                [(uuid.uuid4(), phone, password_hash) for phone in phones],
            )
        conn.commit()
    return phones


async def _login(client: httpx.AsyncClient, phone: str) -> str:
    response = await client.post("/api/v1/auth/login", json={"login": phone, "password": PASSWORD})
    response.raise_for_status()
    token: str = response.json()["access_token"]
    return token


async def _login_loop(client: httpx.AsyncClient, phones: list[str], until: float) -> int:
    done = 0
    while time.perf_counter() < until:
        await _login(client, phones[done % len(phones)])
        done += 1
    return done


async def _me_loop(client: httpx.AsyncClient, token: str, until: float) -> list[float]:
    latencies: list[float] = []
    headers = {"Authorization": f"Bearer {token}"}
    while time.perf_counter() < until:
        started = time.perf_counter()
        response = await client.get("/api/v1/me", headers=headers)
        response.raise_for_status()
        latencies.append((time.perf_counter() - started) * 1000)
    return latencies


def _p(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100)[int(q) - 1] if len(values) > 1 else values[0]


async def run(base_url: str, phones: list[str], seconds: float) -> None:
    limits = httpx.Limits(max_connections=128, max_keepalive_connections=128)
    async with httpx.AsyncClient(base_url=base_url, limits=limits, timeout=60) as client:
        tokens = [await _login(client, phones[i]) for i in range(32)]
        cores = os.cpu_count() or 1

        until = time.perf_counter() + seconds
        counts = await asyncio.gather(*(_login_loop(client, phones, until) for _ in range(16)))
        rate = sum(counts) / seconds
        print(
            f"logins: {rate:.1f}/s with 16 concurrent clients "
            f"({rate / cores:.1f}/s per core, {cores} cores)"
        )

        until = time.perf_counter() + seconds
        quiet = await asyncio.gather(*(_me_loop(client, t, until) for t in tokens))
        flat = [v for loop in quiet for v in loop]
        print(
            f"/me alone: {len(flat) / seconds:.0f} rps, p50 {_p(flat, 50):.1f} ms, "
            f"p99 {_p(flat, 99):.1f} ms (32 concurrent)"
        )

        until = time.perf_counter() + seconds
        me_loops = asyncio.gather(*(_me_loop(client, t, until) for t in tokens))
        storm = asyncio.gather(*(_login_loop(client, phones, until) for _ in range(16)))
        during, storm_counts = await asyncio.gather(me_loops, storm)
        stormy = [v for loop in during for v in loop]
        print(
            f"/me during a login storm ({sum(storm_counts) / seconds:.1f} logins/s): "
            f"{len(stormy) / seconds:.0f} rps, p50 {_p(stormy, 50):.1f} ms, "
            f"p99 {_p(stormy, 99):.1f} ms"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--port", type=int, default=8790)
    parser.add_argument("--admin-url", default="postgresql://postgres@127.0.0.1:5432/postgres")
    args = parser.parse_args()

    name = f"edudiary_bench_login_{os.getpid()}"
    url = recreate(args.admin_url, name)
    server: subprocess.Popen[bytes] | None = None
    try:
        migrate.upgrade(url)
        phones = asyncio.run(_seed(url))
        env = {
            **os.environ,
            "DATABASE_URL": url,
            "EDUDIARY_ENV": "test",
            "EDUDIARY_LOG_LEVEL": "WARNING",
            "EDUDIARY_DATA_DIR": f"/tmp/{name}",
        }
        server = subprocess.Popen(
            [str(ROOT / ".venv/bin/edudiary"), "serve", "--port", str(args.port)], env=env
        )
        base = f"http://127.0.0.1:{args.port}"
        for _ in range(100):
            try:
                if httpx.get(f"{base}/api/v1/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        asyncio.run(run(base, phones, args.seconds))
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=20)
        drop(args.admin_url, name)


if __name__ == "__main__":
    main()
