"""Integration platform scenarios (issue 10), one subcommand each.

``webhooks`` — fan-out of grade events to a local receiver:

1. a scratch database (``edudiary_bench_integration``, dropped and recreated, migrated);
   a school, an integration client with ``gradebook.readonly`` and one webhook to the
   receiver below;
2. ``--workers`` real ``edudiary worker --queue webhooks`` processes (development mode:
   loopback allowed), each job sending a batch of what is due;
3. ``--events`` grade events written as the bulk grade post writes them — through
   ``api.webhooks.events.emit_on`` inside a transaction, ``--batch`` grades per "post",
   one post every ``--interval`` seconds;
4. a receiver (asyncio, HTTP/1.1) that answers 500 to ``--fail`` of first attempts
   (decided per ``webhook-id``) and 200 otherwise; it verifies every signature.

It waits until every delivery is settled and reports: lost events (no 2xx ever), events
accepted twice under one ``webhook-id``, signature failures, and the time from the event
(its ``timestamp``, the grade transaction's time) to its first attempt — p50/p95/max — and
to its success. Goal (issue 10): 0 lost, 0 twice, p95 to first attempt ≤ 5 s.

    .venv/bin/python -m bench.integration webhooks [--events 1000] [--workers 2]

``roster`` — a full OneRoster roster pull against a bare query of the same rows;
``gradebook`` — a results pull of a school and of a class, the same way
(``bench/oneroster_pull.py``).
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import hashlib
import hmac
import os
import random
import statistics
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import orjson

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import oneroster_pull  # after the path: the file also runs as a script

SERVER = "postgresql://postgres@127.0.0.1:5432"
DB = "edudiary_bench_integration"
RECEIVER_PORT = 8898


# --- the receiver ----------------------------------------------------------------------


@dataclass
class Tally:
    secret: bytes
    fail: float
    first_seen: dict[str, float] = field(default_factory=dict)  # webhook-id → first attempt
    event_time: dict[str, float] = field(default_factory=dict)  # webhook-id → event time
    succeeded: dict[str, int] = field(default_factory=dict)  # webhook-id → 2xx answers
    success_at: dict[str, float] = field(default_factory=dict)
    attempts: int = 0
    bad_signatures: int = 0

    def verify(self, headers: dict[str, str], body: bytes) -> bool:
        signed = f"{headers['webhook-id']}.{headers['webhook-timestamp']}.".encode() + body
        digest = base64.b64encode(hmac.new(self.secret, signed, hashlib.sha256).digest())
        return any(
            hmac.compare_digest(digest.decode(), s.removeprefix("v1,"))
            for s in headers.get("webhook-signature", "").split(" ")
        )

    def answer(self, headers: dict[str, str], body: bytes) -> int:
        now = time.time()
        self.attempts += 1
        if not self.verify(headers, body):
            self.bad_signatures += 1
            return 400
        msg = headers["webhook-id"]
        if msg not in self.first_seen:
            self.first_seen[msg] = now
            stamp = orjson.loads(body)["timestamp"]
            self.event_time[msg] = datetime.fromisoformat(stamp).timestamp()
            if random.random() < self.fail:
                return 500
        self.succeeded[msg] = self.succeeded.get(msg, 0) + 1
        self.success_at.setdefault(msg, now)
        return 200


async def serve(tally: Tally) -> asyncio.Server:
    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                headers: dict[str, str] = {}
                for line in head.decode("latin-1").split("\r\n")[1:]:
                    name, sep, value = line.partition(":")
                    if sep:
                        headers[name.strip().lower()] = value.strip()
                body = await reader.readexactly(int(headers.get("content-length", "0")))
                status = tally.answer(headers, body)
                writer.write(f"HTTP/1.1 {status} X\r\ncontent-length: 0\r\n\r\n".encode())
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        finally:
            writer.close()

    return await asyncio.start_server(handle, "127.0.0.1", RECEIVER_PORT)


# --- the data --------------------------------------------------------------------------


async def prepare(url: str) -> tuple[uuid.UUID, str]:
    """A school, a client with gradebook.readonly and a webhook to the receiver."""
    import asyncpg

    from api import migrate
    from api.webhooks import signing

    admin = await asyncpg.connect(f"{SERVER}/postgres")
    await admin.execute(f'DROP DATABASE IF EXISTS "{DB}" WITH (FORCE)')
    await admin.execute(f'CREATE DATABASE "{DB}"')
    await admin.close()
    await asyncio.to_thread(migrate.upgrade, url)
    school, client, hook = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    secret = signing.new_secret()
    connection = await asyncpg.connect(url)
    await connection.execute(
        "INSERT INTO schools (id, full_name, short_name, inn, ogrn, kpp, region_code,"
        " region_name, address, kind, status, connected, timezone, search_text)"
        " VALUES ($1, 'Школа (бенчмарк)', 'Школа (бенчмарк)', '7700000001', '1027700000001',"
        " '770101001', '77', 'Москва', 'Москва', 'school', 'active', true, 'Europe/Moscow',"
        " 'школа')",
        school,
    )
    await connection.execute(
        "INSERT INTO integration_clients (id, client_id, school_id, name, legal_basis, scopes,"
        " secret_hash, secret_hint) VALUES ($1, $2, $3, 'Бенчмарк', 'Договор № 1 от 01.09.2026',"
        " $4, $5, 'edsk_…0000')",
        client,
        "edc_" + uuid.uuid4().hex[:22],  # the format does not matter here
        school,
        ["https://purl.imsglobal.org/spec/or/v1p2/scope/gradebook.readonly"],
        hashlib.sha256(os.urandom(16)).hexdigest(),
    )
    await connection.execute(
        "INSERT INTO webhooks (id, client_id, school_id, url, event_types, secret_enc)"
        " VALUES ($1, $2, $3, $4, $5, $6)",
        hook,
        client,
        school,
        f"http://127.0.0.1:{RECEIVER_PORT}/hooks",
        ["grade.created"],
        signing.seal(secret, hook),
    )
    await connection.close()
    return school, secret


async def write_grades(
    url: str, school: uuid.UUID, total: int, batch: int, interval: float
) -> None:
    """Grade events as the bulk post writes them: one transaction per post."""
    import asyncpg

    from api.webhooks import events

    connection = await asyncpg.connect(url)
    lesson, klass, subject = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    written = 0
    while written < total:
        size = min(batch, total - written)
        async with connection.transaction():
            await events.emit_on(
                connection,
                school,
                [
                    events.grade_event(
                        True,
                        grade_id=uuid.uuid4(),
                        student_id=uuid.uuid4(),
                        lesson_id=lesson,
                        work_type_id=uuid.uuid4(),
                        class_id=klass,
                        subject_id=subject,
                        school_id=school,
                    )
                    for _ in range(size)
                ],
            )
        written += size
        await asyncio.sleep(interval)
    await connection.close()


async def pending(url: str) -> int:
    import asyncpg

    connection = await asyncpg.connect(url)
    count = await connection.fetchval(
        "SELECT count(*) FROM webhook_deliveries WHERE status = 'pending'"
    )
    await connection.close()
    return int(count)


async def workers_ready(url: str, count: int) -> None:
    """The clock starts once every worker has registered (imports take seconds)."""
    import asyncpg

    connection = await asyncpg.connect(url)
    try:
        while await connection.fetchval("SELECT count(*) FROM procrastinate_workers") < count:  # noqa: ASYNC110 - polling another process
            await asyncio.sleep(0.2)
    finally:
        await connection.close()


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


async def webhooks(args: argparse.Namespace) -> int:
    url = f"{SERVER}/{DB}"
    school, secret = await prepare(url)
    tally = Tally(base64.b64decode(secret.removeprefix("whsec_")), args.fail)
    server = await serve(tally)
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "EDUDIARY_ENV": "development",
        "EDUDIARY_LOG_LEVEL": "WARNING",
        "EDUDIARY_LOG_JSON": "false",
    }
    workers = [
        subprocess.Popen(  # noqa: ASYNC220 - started once, before the measurement
            [str(ROOT / ".venv/bin/edudiary"), "worker", "--queue", "webhooks"],
            env=env,
            stdout=subprocess.DEVNULL,
        )
        for _ in range(args.workers)
    ]
    try:
        await workers_ready(url, args.workers)
        started = time.monotonic()
        await write_grades(url, school, args.events, args.batch, args.interval)
        while time.monotonic() - started < args.timeout and (
            len(tally.success_at) < args.events or await pending(url)
        ):
            await asyncio.sleep(1)
            print(
                f"{time.monotonic() - started:5.0f} s: {tally.attempts} attempts, "
                f"{len(tally.success_at)}/{args.events} delivered",
                file=sys.stderr,
            )
        elapsed = time.monotonic() - started
    finally:
        for worker in workers:
            worker.terminate()
        for worker in workers:
            try:
                await asyncio.to_thread(worker.wait, 30)
            except subprocess.TimeoutExpired:
                worker.kill()
        server.close()
    first = [tally.first_seen[m] - tally.event_time[m] for m in tally.first_seen]
    done = [tally.success_at[m] - tally.event_time[m] for m in tally.success_at]
    failed_first = len(tally.first_seen) - sum(
        1 for m in tally.first_seen if tally.success_at.get(m) == tally.first_seen[m]
    )
    report: dict[str, Any] = {
        "events": args.events,
        "workers": args.workers,
        "attempts": tally.attempts,
        "first_attempts_failed": failed_first,
        "lost": args.events - len(tally.success_at),
        "accepted_twice": sum(1 for n in tally.succeeded.values() if n > 1),
        "bad_signatures": tally.bad_signatures,
        "to_first_attempt_s": {
            "p50": round(statistics.median(first), 3),
            "p95": round(percentile(first, 0.95), 3),
            "max": round(max(first), 3),
        },
        "to_success_s": {
            "p50": round(statistics.median(done), 3),
            "p95": round(percentile(done, 0.95), 3),
            "max": round(max(done), 3),
        },
        "wall_s": round(elapsed, 1),
    }
    print(orjson.dumps(report, option=orjson.OPT_INDENT_2).decode())
    ok = report["lost"] == 0 and report["accepted_twice"] == 0
    return 0 if ok and report["to_first_attempt_s"]["p95"] <= 5 else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    scenarios = parser.add_subparsers(dest="scenario", required=True)
    fan_out = scenarios.add_parser("webhooks", help="fan-out of grade events to a receiver")
    fan_out.add_argument("--events", type=int, default=1000)
    fan_out.add_argument("--batch", type=int, default=25, help="grades per post")
    fan_out.add_argument("--interval", type=float, default=0.05, help="seconds between posts")
    fan_out.add_argument("--fail", type=float, default=0.30, help="share of first attempts failed")
    fan_out.add_argument("--workers", type=int, default=2)
    fan_out.add_argument("--timeout", type=float, default=180)
    pull = scenarios.add_parser("roster", help="OneRoster roster pull vs a bare query")
    oneroster_pull.add_arguments(pull)
    book = scenarios.add_parser("gradebook", help="OneRoster results pull vs a bare query")
    oneroster_pull.add_arguments(book)
    args = parser.parse_args()
    if args.scenario == "webhooks":
        return asyncio.run(webhooks(args))
    if args.scenario == "roster":
        return oneroster_pull.roster(args)
    if args.scenario == "gradebook":
        return oneroster_pull.gradebook(args)
    return 2


if __name__ == "__main__":
    raise SystemExit(main())
