"""Rules that must hold across processes, checked on the production topology
(``tests.scale.topology``: two API processes and a worker behind PgBouncer in transaction
mode, a primary and its streaming replica). Run with ``make scale-check`` (not part of
``make test``).

Each test sends consecutive requests of one person or client to alternating API processes,
so a rule kept in one process's memory would see at most half of them: the lock-out would
come later, the revoked token would still work on the other process, the replayed key
would run the create again, the rate limit would admit twice the quota, the SMS cooldown
would let a second code out. Each asserts the outcome that only a shared count gives, and
the rows PostgreSQL holds.

The last test is the mixed load (``tests.scale.load``): 60 s of diary reads, grade
posts, analytics (on the replica) and password log-ins, spread over both processes. It
prints the figures (bench/README.md keeps them) and asserts only that no answer was a
server error — speed is measured here, never asserted.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import os
import re
import time
import uuid
from collections.abc import Iterator
from typing import Any

import asyncpg
import httpx
import psycopg
import pytest

from api.identity.passwords import hash_password
from tests.scale import load
from tests.scale.topology import SERVER_POOL, Topology, topology

pytestmark = pytest.mark.scale

PASSWORD = "Масштаб-проверка-2026!"
DEMO_ADMIN = "+79000000203"
DEMO_PASSWORD = "Dnevnik-Demo-2026!"  # the demo's published one


@pytest.fixture(scope="module")
def world() -> Iterator[Topology]:
    with topology() as running:
        running.run("seed-demo")
        yield running


def sql(world: Topology, statement: str, *args: object) -> list[tuple[Any, ...]]:
    """A statement on the primary itself (not through PgBouncer)."""
    with psycopg.connect(world.primary.url(), autocommit=True) as conn:
        cursor = conn.execute(statement, args)
        return list(cursor.fetchall()) if cursor.description else []


def new_phone() -> str:
    return f"+7916{uuid.uuid4().int % 10_000_000:07d}"


def new_parent(world: Topology, phone: str | None = None) -> str:
    """A confirmed parent without the SMS second factor; returns the phone."""
    phone = phone or new_phone()
    password_hash = asyncio.run(hash_password(PASSWORD))
    sql(
        world,
        "INSERT INTO accounts (id, last_name, first_name, phone, phone_confirmed_at,"
        " password_hash, level, status, roles, mfa_sms_enabled, failed_logins)"
        " VALUES (%s, 'Масштабова', 'Вера', %s, now(), %s, 'confirmed', 'active',"
        " ARRAY['parent'], false, 0)",
        uuid.uuid4(),
        phone,
        password_hash,
    )
    return phone


def alternating(world: Topology) -> Iterator[str]:
    """api-1, api-2, api-1, …: consecutive requests never meet in one process."""
    return itertools.cycle(api.base for api in world.apis)


def login(base: str, phone: str, password: str = PASSWORD) -> httpx.Response:
    return httpx.post(
        f"{base}/api/v1/auth/login", json={"login": phone, "password": password}, timeout=30
    )


def sms_code(world: Topology, phone: str, purpose: str) -> str:
    """The newest code the worker delivered to ``phone`` (the development outbox)."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        answer = httpx.get(f"{world.apis[0].base}/api/v1/dev/outbox", params={"to": phone})
        for message in answer.json():
            found = re.search(r"\b(\d{6})\b", message["body"])
            if message["purpose"] == purpose and found:
                return found.group(1)
        time.sleep(0.2)
    raise AssertionError(f"the worker delivered no {purpose} code\n{world.logs()}")


async def test_unnamed_statements_are_safe_behind_pgbouncer(world: Topology) -> None:
    """What ``EDUDIARY_DATABASE_POOLER=transaction`` relies on (``api.db._pooler_args``):
    with asyncpg's statement cache off, a statement outside a transaction (the autocommit
    reads, the hot pool) reaches one server whole, however the pooler shares them. Many
    clients on PgBouncer, each reading back its own numbers; with the cache on, the
    named statements collide on the shared servers and this fails."""
    url = world.bouncer.url()

    async def client(n: int) -> list[int]:
        connection = await asyncpg.connect(url, statement_cache_size=0)
        try:
            wrong = []
            for i in range(200):
                row = await connection.fetchrow(f"SELECT $1::int * 1000 + {n}, $2::text", i, "x")
                if row is None or row[0] != i * 1000 + n:
                    wrong.append(i)
            return wrong
        finally:
            await connection.close()

    results = await asyncio.gather(*(client(n) for n in range(3 * SERVER_POOL)))
    assert results == [[]] * (3 * SERVER_POOL)


def test_listen_and_the_job_queue_bypass_the_pooler(world: Topology) -> None:
    """LISTEN keeps a session's state, which transaction pooling does not keep: each API
    process's stream listener and every job connection reach the primary directly
    (DATABASE_DIRECT_URL), while the request pools go through PgBouncer."""
    names = sql(
        world,
        "SELECT application_name, count(*) FROM pg_stat_activity"
        " WHERE datname = 'edudiary' AND client_port IS NOT NULL GROUP BY 1",
    )
    direct = dict(names)
    assert direct.get("edudiary-stream") == len(world.apis)
    assert direct.get("edudiary-jobs", 0) >= len(world.apis) + 1  # each process's job app
    through_bouncer = {row["application_name"] for row in world.bouncer.show("CLIENTS")}
    assert "edudiary-stream" not in through_bouncer
    assert "edudiary-jobs" not in through_bouncer
    assert {"edudiary", "edudiary-hot"} <= through_bouncer


def test_login_lockout_and_throttle_count_across_processes(world: Topology) -> None:
    phone = new_parent(world)
    apis = alternating(world)
    answers = [login(next(apis), phone, "wrong-password-1").status_code for _ in range(5)]
    # The 5th consecutive failure locks (423), though each process saw only 2 or 3 of them.
    assert answers == [401, 401, 401, 401, 423]
    assert sql(world, "SELECT failed_logins FROM accounts WHERE phone = %s", phone) == [(5,)]
    # Locked everywhere: even the right password, on the other process.
    locked = login(next(apis), phone)
    assert locked.status_code == 423
    assert locked.json()["code"] == "login_locked"
    # 10 refused attempts of one log-in from one address in 15 min, then 429 before any
    # work: 6 refused so far (5 wrong + 1 locked), 4 more, then the 11th.
    assert [login(next(apis), phone).status_code for _ in range(4)] == [423] * 4
    limited = login(next(apis), phone)
    assert limited.status_code == 429
    assert limited.json()["code"] == "login_rate_limited"
    assert int(limited.headers["Retry-After"]) > 0


def test_a_revoked_session_is_refused_by_the_other_process(world: Topology) -> None:
    phone = new_parent(world)
    first, second = (api.base for api in world.apis)
    tokens = login(first, phone).json()
    bearer = {"Authorization": f"Bearer {tokens['access_token']}"}
    # Both processes accept the token (the signature and the session row)…
    assert httpx.get(f"{second}/api/v1/me", headers=bearer).status_code == 200
    assert httpx.get(f"{first}/api/v1/me", headers=bearer).status_code == 200
    # …the log-out goes to one, and the other refuses the same, unexpired token at once.
    assert httpx.post(f"{first}/api/v1/auth/logout", headers=bearer).status_code == 204
    refused = httpx.get(f"{second}/api/v1/me", headers=bearer)
    assert refused.status_code == 401
    revoked = sql(
        world,
        "SELECT count(*) FROM refresh_sessions s JOIN accounts a ON a.id = s.account_id"
        " WHERE a.phone = %s AND s.revoked_at IS NOT NULL",
        phone,
    )
    assert revoked == [(1,)]


def test_an_idempotency_key_replays_on_the_other_process(world: Topology) -> None:
    phone = new_parent(world)
    first, second = (api.base for api in world.apis)
    bearer = {"Authorization": f"Bearer {login(first, phone).json()['access_token']}"}
    key = {"Idempotency-Key": str(uuid.uuid4())}
    body = {"subject": "Не открывается дневник", "description": "Проверка ключа повтора."}
    created = httpx.post(
        f"{first}/api/v1/support/tickets", json=body, headers={**bearer, **key}, timeout=30
    )
    assert created.status_code == 201
    replayed = httpx.post(
        f"{second}/api/v1/support/tickets", json=body, headers={**bearer, **key}, timeout=30
    )
    assert (replayed.status_code, replayed.json()) == (201, created.json())
    tickets = sql(
        world,
        "SELECT t.id FROM support_tickets t JOIN accounts a ON a.id = t.account_id"
        " WHERE a.phone = %s",
        phone,
    )
    assert tickets == [(uuid.UUID(created.json()["id"]),)]
    # The same key with another body is refused on either process.
    other = {**body, "description": "Другой текст."}
    reused = httpx.post(
        f"{first}/api/v1/support/tickets", json=other, headers={**bearer, **key}, timeout=30
    )
    assert reused.status_code == 409
    assert reused.json()["code"] == "idempotency_key_reused"


def _admin_token(world: Topology) -> str:
    """The demo school admin's log-in, the SMS code delivered by the worker."""
    first, second = (api.base for api in world.apis)
    sql(world, "DELETE FROM throttle_events")
    challenge = login(first, DEMO_ADMIN, DEMO_PASSWORD).json()
    assert challenge.get("mfa_required"), challenge
    code = sms_code(world, DEMO_ADMIN, "login")
    verified = httpx.post(
        f"{second}/api/v1/auth/login/verify",
        json={"challenge_id": challenge["challenge_id"], "code": code, "method": "sms"},
        timeout=30,
    )
    assert verified.status_code == 200, verified.text
    token: str = verified.json()["access_token"]
    return token


QUOTA = 6  # a minute: one more request every 10 s after the burst


def test_a_clients_rate_limit_is_shared_by_the_processes(world: Topology) -> None:
    admin = {"Authorization": f"Bearer {_admin_token(world)}"}
    created = httpx.post(
        f"{world.apis[0].base}/api/v1/integration-clients",
        headers=admin,
        json={
            "name": "Проверка масштаба",
            "scopes": ["edudiary:schedule.readonly"],
            "rate_limit_per_minute": QUOTA,
            "legal_basis": "Договор поручения обработки ПДн № 1 от 01.09.2026",
        },
        timeout=30,
    )
    assert created.status_code == 201, created.text
    key = {"X-API-Key": created.json()["client_secret"]}
    apis = alternating(world)
    answers = [httpx.get(f"{next(apis)}/api/v1/bells", headers=key, timeout=30) for _ in range(10)]
    # The quota once, over both processes (each would have admitted QUOTA on its own).
    assert [a.status_code for a in answers] == [200] * QUOTA + [429] * (10 - QUOTA)
    assert [a.headers["RateLimit"] for a in answers[:2]] == [
        f'"client";r={QUOTA - 1};t=10',
        f'"client";r={QUOTA - 2};t=20',
    ]
    assert int(answers[-1].headers["Retry-After"]) > 0


def test_the_sms_cooldown_and_hourly_limit_hold_across_processes(world: Topology) -> None:
    phone = new_phone()
    apis = alternating(world)
    registered = httpx.post(
        f"{next(apis)}/api/v1/auth/register",
        json={"last_name": "Масштабов", "first_name": "Иван", "phone": phone, "password": PASSWORD},
        timeout=30,
    )
    assert registered.status_code == 201, registered.text
    # One SMS a minute per number: the other process refuses the resend at once.
    resend = {"phone": phone}
    cooled = httpx.post(f"{next(apis)}/api/v1/auth/phone/resend", json=resend, timeout=30)
    assert cooled.status_code == 429
    assert cooled.json()["code"] == "code_resend_cooldown"
    # Ten an hour: with each minute's cooldown made to pass (the events moved back a
    # minute, not waited for), resends alternate between the processes until the 11th.
    answers = []
    for _ in range(10):
        sql(world, "UPDATE throttle_events SET created_at = created_at - interval '61 s'")
        answer = httpx.post(f"{next(apis)}/api/v1/auth/phone/resend", json=resend, timeout=30)
        answers.append(answer.status_code)
    assert answers == [202] * 9 + [429]
    delivered = [m for m in _outbox(world, phone) if m["purpose"] == "register"]
    deadline = time.monotonic() + 30
    while len(delivered) < 10 and time.monotonic() < deadline:
        time.sleep(0.3)
        delivered = [m for m in _outbox(world, phone) if m["purpose"] == "register"]
    assert len(delivered) == 10  # 1 at registration + 9 resends, each sent once


def _outbox(world: Topology, phone: str) -> list[dict[str, Any]]:
    answer = httpx.get(f"{world.apis[1].base}/api/v1/dev/outbox", params={"to": phone})
    messages: list[dict[str, Any]] = answer.json()
    return messages


def test_mixed_load_for_a_minute_without_server_errors(world: Topology) -> None:
    seconds = float(os.environ.get("SCALE_LOAD_SECONDS", "60"))
    plan = load.prepare(world, [new_parent(world) for _ in range(8)], PASSWORD)
    load_before = os.getloadavg()[0]
    figures = asyncio.run(load.run(plan, seconds))
    # The machine's load average: the client and every process share its cores, and on a
    # shared machine other work too; read the figures with it.
    load_after = os.getloadavg()[0]
    stats = [row for row in world.bouncer.show("STATS") if row["database"] != "pgbouncer"]
    report = {
        **figures.as_json(),
        "cpus": os.cpu_count(),
        "loadavg_1m": [load_before, load_after],
        "pgbouncer_stats": [{k: str(v) for k, v in row.items()} for row in stats],
    }
    print("\nscale-check mixed load:\n" + figures.table())
    print(f"cpus: {os.cpu_count()}, load average (1 min) before/after: "
          f"{load_before:.1f}/{load_after:.1f}")  # fmt: skip
    for row in stats:
        print(
            f"pgbouncer {row['database']}: {row['total_xact_count']} transactions, "
            f"{row['total_query_count']} queries, clients waited "
            f"{int(str(row['total_wait_time'])) / 1e6:.1f} s in all for a server"
        )
    out = world.primary.dir.parent / f"edudiary-scale-check-{os.getpid()}.json"
    out.write_text(json.dumps(report, ensure_ascii=False, indent=2))
    print(f"(written to {out})")
    assert figures.server_errors == {}, world.logs()
    assert figures.transport_errors == 0, world.logs()
    assert all(count > 0 for count in figures.requests.values()), figures.requests
