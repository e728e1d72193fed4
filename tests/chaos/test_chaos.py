"""Chaos: PostgreSQL restarted under load, the app ``kill -9``-ed mid-burst.

Its own PostgreSQL (a private ``initdb`` cluster on a free port in a temp directory — the
machine's shared server is never touched) and its own ``edudiary serve`` process with the
in-process worker. Registrations (each a keyed write that sends an SMS code) go out in
two bursts: PostgreSQL is restarted in the middle of the first, the app is killed with
SIGKILL in the middle of the second and started again. Clients retry with the same
``Idempotency-Key`` on 503, on 409 «in progress» and on a refused connection, as the SPA
does. Then:

* every registration committed exactly once (one account per phone, one code, one SMS);
* every SMS is delivered (the worker came back after the restart and the kill);
* no key is stuck: a key a killed request left pending is taken over once its lease is
  over (the lease is shortened in the database rather than waited for), and the retry
  then succeeds; a committed write whose answer was lost says so (409 completed), never
  runs twice.

Run with ``make chaos`` (not part of ``make test``): ``pytest -m chaos tests/chaos``.
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import psycopg
import pytest

from api import migrate
from tests.clusters import PrivatePostgres, free_port

pytestmark = pytest.mark.chaos

BURST = 30
ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "Хаос-тест-2026!"


@pytest.fixture(scope="module")
def postgres() -> Iterator[PrivatePostgres]:
    pg = PrivatePostgres()
    try:
        pg.init()
        pg.pg_ctl("start")
        with psycopg.connect(pg.url("postgres"), autocommit=True) as conn:
            conn.execute("CREATE DATABASE edudiary")
        migrate.upgrade(pg.url())
        yield pg
    finally:
        pg.remove()


class App:
    def __init__(self, pg: PrivatePostgres) -> None:
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.env = {
            **os.environ,
            "DATABASE_URL": pg.url(),
            "EDUDIARY_ENV": "development",
            "EDUDIARY_RUN_WORKER_IN_PROCESS": "true",
            "EDUDIARY_LOG_JSON": "false",
            "EDUDIARY_LOG_LEVEL": "WARNING",
            "EDUDIARY_DATA_DIR": str(pg.dir / "app"),
        }
        self.log = pg.dir / "app.log"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(  # noqa: S603 (our own command)
                [str(Path(sys.executable).parent / "edudiary"), "serve", "--port", str(self.port)],
                env=self.env, stdout=log, stderr=log, cwd=ROOT,
            )  # fmt: skip
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{self.base}/api/v1/health", timeout=2).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.3)
        raise AssertionError(self.log.read_text()[-3000:])

    def kill(self) -> None:
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)
        self.process.wait()

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.kill()


def _phone(burst: int, n: int) -> str:
    return f"+7917{burst}{os.getpid() % 1000:03d}{n:03d}"


DISRUPTED: dict[int, int] = {}  # burst → answers that were not final (503, refused, 409)


async def _register(
    http: httpx.AsyncClient, phone: str, key: str, burst: int = 0
) -> tuple[int, str]:
    """Retry as a client would until the answer is final (or 90 s pass)."""
    body = {"last_name": "Хаосова", "first_name": "Анна", "phone": phone, "password": PASSWORD}
    deadline = time.monotonic() + 90
    last = (0, "no answer")
    while time.monotonic() < deadline:
        try:
            answer = await http.post(
                "/api/v1/auth/register", json=body, headers={"Idempotency-Key": key}
            )
        except httpx.TransportError as error:
            last = (0, type(error).__name__)
            DISRUPTED[burst] = DISRUPTED.get(burst, 0) + 1
            await asyncio.sleep(0.3)
            continue
        code = answer.json().get("code", "") if answer.status_code >= 400 else ""
        last = (answer.status_code, code)
        if answer.status_code == 503 or code == "idempotency_request_in_progress":
            DISRUPTED[burst] = DISRUPTED.get(burst, 0) + 1
            await asyncio.sleep(0.3)
            continue
        return last
    return last


async def _burst(app: App, burst: int, chaos: object) -> dict[str, tuple[int, str]]:
    async with httpx.AsyncClient(base_url=app.base, timeout=15) as http:
        phones = [_phone(burst, n) for n in range(BURST)]
        tasks = [
            asyncio.create_task(_register(http, phone, f"chaos-{phone}", burst)) for phone in phones
        ]
        await asyncio.sleep(0.4)  # mid-burst
        await asyncio.to_thread(chaos)  # type: ignore[arg-type]
        results = await asyncio.gather(*tasks)
    return dict(zip(phones, results, strict=True))


def test_postgres_restart_and_kill_9_lose_no_sms_and_leave_no_stuck_key_or_twin_row(
    postgres: PrivatePostgres,
) -> None:
    app = App(postgres)
    app.start()
    try:
        first = asyncio.run(_burst(app, 1, lambda: postgres.pg_ctl("restart", "-m", "fast")))

        def crash() -> None:
            app.kill()
            app.start()

        second = asyncio.run(_burst(app, 2, crash))
        results = {**first, **second}
        # Keys a killed request left pending: end their lease, as two minutes would.
        taken_over = postgres.sql(
            "UPDATE idempotency_records SET expires_at = now() - interval '1 second' "
            "WHERE status_code = 0 RETURNING key"
        )

        async def retry() -> None:
            async with httpx.AsyncClient(base_url=app.base, timeout=15) as http:
                for (key,) in taken_over:
                    phone = str(key).removeprefix("chaos-")
                    results[phone] = await _register(http, phone, str(key))

        asyncio.run(retry())
        allowed = {(201, ""), (409, "idempotency_request_completed")}
        assert {phone: r for phone, r in results.items() if r not in allowed} == {}

        # Delivery catches up after the restart and the kill.
        # A job lost with its worker is retried once the worker misses its heartbeats
        # (30 s) by the next minute's retry_stalled_jobs.
        deadline = time.monotonic() + 150
        pending: list[tuple[object, ...]] = [("?",)]
        while pending and time.monotonic() < deadline:
            pending = postgres.sql(
                "SELECT recipient, status FROM outbound_messages WHERE status <> 'sent'"
            )
            time.sleep(0.5)
        jobs = postgres.sql(
            "SELECT status, attempts, args::text FROM procrastinate_jobs "
            "WHERE task_name LIKE '%deliver%' AND status <> 'succeeded'"
        )
    finally:
        app.stop()

    # The chaos was felt: each burst met refused connections, 503s or held keys.
    assert DISRUPTED.get(1, 0) > 0
    assert DISRUPTED.get(2, 0) > 0
    print(f"chaos: disrupted answers {DISRUPTED}, keys taken over {len(taken_over)}")
    assert pending == [], (pending, jobs)
    phones = sorted(results)
    per_phone: dict[object, object] = dict(
        postgres.sql(  # type: ignore[arg-type]
            "SELECT a.phone, count(*) FROM accounts a GROUP BY a.phone"
        )
    )
    assert {p: per_phone.get(p) for p in phones} == dict.fromkeys(phones, 1)
    sms: dict[object, object] = dict(
        postgres.sql(  # type: ignore[arg-type]
            "SELECT recipient, count(*) FROM outbound_messages WHERE status = 'sent' "
            "GROUP BY recipient"
        )
    )
    assert {p: sms.get(p) for p in phones} == dict.fromkeys(phones, 1)
    codes = postgres.sql(
        "SELECT a.phone, count(c.id) FROM accounts a LEFT JOIN one_time_codes c "
        "ON c.account_id = a.id GROUP BY a.phone HAVING count(c.id) <> 1"
    )
    assert codes == []
    stuck = postgres.sql("SELECT key FROM idempotency_records WHERE status_code = 0")
    assert stuck == []
