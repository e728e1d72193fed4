"""The mixed load of ``make scale-check``: a closed loop of virtual users, each request
sent to the next API process in turn.

The mix, by count: the week diary and the grade list of a family (the hot reads), a
teacher's grade post for the whole class (a write with a job and a webhook event), a
school's analytics (read on the replica through PgBouncer), and password log-ins
(argon2id, the CPU-heavy door). Tokens of the demo's people are signed with the
deployment's key, as bench/diary_load.py does, so the run measures serving, not log-ins;
the log-ins are of parents without the SMS second factor.

The client shares the machine's cores with everything it measures: the figures are a
floor for the topology, not a capacity (docs/deployment.md says what to read from them).
"""

from __future__ import annotations

import asyncio
import itertools
import random
import time
import uuid
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import psycopg

from api.config import Settings
from api.identity import tokens
from tests.scale.topology import Topology

CONCURRENCY = 32
# Requests per kind in each round of the loop: its share of the mix.
MIX = {"diary": 10, "grades": 5, "post": 2, "analytics": 1, "login": 1}


@dataclass(frozen=True)
class Call:
    kind: str
    method: str
    path: str
    headers: dict[str, str]
    body: Any = None


@dataclass
class Figures:
    seconds: float
    requests: Counter[str] = field(default_factory=Counter)
    statuses: Counter[str] = field(default_factory=Counter)
    server_errors: dict[str, int] = field(default_factory=dict)
    transport_errors: int = 0
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))

    def percentile(self, kind: str, p: float) -> float:
        values = sorted(self.latencies[kind])
        return values[min(len(values) - 1, int(p * len(values)))] * 1000 if values else 0.0

    def rows(self) -> list[tuple[str, int, float, float, float]]:
        kinds = [*MIX, "all"]
        everything = [v for k in MIX for v in self.latencies[k]]
        self.latencies["all"] = everything
        self.requests["all"] = sum(self.requests[k] for k in MIX)
        return [
            (
                kind,
                self.requests[kind],
                self.requests[kind] / self.seconds,
                self.percentile(kind, 0.5),
                self.percentile(kind, 0.99),
            )
            for kind in kinds
        ]

    def table(self) -> str:
        lines = [f"{'kind':<10} {'requests':>9} {'rps':>8} {'p50 ms':>8} {'p99 ms':>8}"]
        for kind, count, rps, p50, p99 in self.rows():
            lines.append(f"{kind:<10} {count:>9} {rps:>8.1f} {p50:>8.1f} {p99:>8.1f}")
        lines.append(f"statuses: {dict(sorted(self.statuses.items()))}")
        lines.append(
            f"server errors: {self.server_errors or 0}, transport errors: {self.transport_errors}"
        )
        return "\n".join(lines)

    def as_json(self) -> dict[str, Any]:
        return {
            "seconds": self.seconds,
            "concurrency": CONCURRENCY,
            "rows": [
                {
                    "kind": k,
                    "requests": n,
                    "rps": round(r, 1),
                    "p50_ms": round(a, 1),
                    "p99_ms": round(b, 1),
                }
                for k, n, r, a, b in self.rows()
            ],
            "statuses": dict(self.statuses),
            "server_errors": self.server_errors,
            "transport_errors": self.transport_errors,
        }


@dataclass
class Plan:
    bases: list[str]
    calls: dict[str, list[Call]]


def prepare(world: Topology, parents: list[str], password: str) -> Plan:
    """The calls of the mix, from the demo's data on the primary."""
    env = world.env
    settings = Settings(
        env="test",
        database_url=world.primary.url(),
        jwt_private_keys=env["EDUDIARY_JWT_PRIVATE_KEYS"],
        secret_keys=env["EDUDIARY_SECRET_KEYS"],
    )
    now = datetime.now(UTC)
    with psycopg.connect(world.primary.url(), autocommit=True) as conn:

        def bearer(account_id: uuid.UUID) -> dict[str, str]:
            session_id = uuid.uuid4()
            conn.execute(
                "INSERT INTO refresh_sessions (id, account_id, created_at, last_used_at,"
                " expires_at) VALUES (%s, %s, %s, %s, %s)",
                (session_id, account_id, now, now, now + timedelta(days=1)),
            )
            token, _ = tokens.issue_access_token(
                settings, account_id=account_id, session_id=session_id
            )
            return {"Authorization": f"Bearer {token}"}

        calls: dict[str, list[Call]] = {kind: [] for kind in MIX}
        today = now.date()
        week = "{}-W{:02d}".format(*today.isocalendar()[:2])
        for account_id, student_id in conn.execute(
            "SELECT account_id, student_id FROM guardianships"
        ).fetchall():
            headers = bearer(account_id)
            calls["diary"].append(
                Call("diary", "GET", f"/api/v1/students/{student_id}/diary?week={week}", headers)
            )
            calls["grades"].append(
                Call("grades", "GET", f"/api/v1/students/{student_id}/grades", headers)
            )
        lessons = conn.execute(
            "SELECT l.id, l.teacher_id, l.class_id FROM lessons l"
            " WHERE l.date BETWEEN %s AND %s AND l.teacher_id IS NOT NULL"
            " ORDER BY l.date DESC LIMIT 20",
            (today - timedelta(days=14), today - timedelta(days=1)),
        ).fetchall()
        rng = random.Random(7)
        for lesson_id, teacher_id, class_id in lessons:
            headers = bearer(teacher_id)
            roster = [
                row[0]
                for row in conn.execute(
                    "SELECT id FROM students WHERE class_id = %s AND archived_at IS NULL",
                    (class_id,),
                ).fetchall()
            ]
            body = [
                {"student_id": str(s), "value": rng.choice((3, 4, 5)), "absent_confirmed": True}
                for s in roster
            ]
            calls["post"].append(
                Call("post", "POST", f"/api/v1/lessons/{lesson_id}/grades", headers, body)
            )
        for account_id, school_id in conn.execute(
            "SELECT id, school_id FROM accounts"
            " WHERE 'school_admin' = ANY(roles) AND school_id IS NOT NULL"
        ).fetchall():
            calls["analytics"].append(
                Call("analytics", "GET", f"/api/v1/schools/{school_id}/analytics",
                     bearer(account_id))
            )  # fmt: skip
    for phone in parents:
        calls["login"].append(
            Call("login", "POST", "/api/v1/auth/login", {}, {"login": phone, "password": password})
        )
    # A few demo lessons refuse these marks (422 grades_invalid): keep the posts accepted.
    calls["post"] = [
        call
        for call in calls["post"]
        if httpx.post(
            world.apis[0].base + call.path, headers=call.headers, json=call.body, timeout=120
        ).status_code
        == 201
    ]
    empty = [kind for kind, listed in calls.items() if not listed]
    assert not empty, f"the demo data gave no calls for {empty}"
    return Plan([api.base for api in world.apis], calls)


async def run(plan: Plan, seconds: float) -> Figures:
    figures = Figures(seconds)
    order = [kind for kind, n in MIX.items() for _ in range(n)]
    random.Random(1).shuffle(order)
    clients = [
        # A long timeout: on a saturated machine a slow answer is a figure, not an error.
        # Idle connections are dropped before uvicorn's 5 s keep-alive ends, or a request
        # may go out on a connection the server is closing (RemoteProtocolError).
        httpx.AsyncClient(
            base_url=base,
            timeout=120,
            limits=httpx.Limits(max_connections=64, keepalive_expiry=2),
        )
        for base in plan.bases
    ]
    turn = itertools.count()
    deadline = time.monotonic() + seconds

    async def user(n: int) -> None:
        rng = random.Random(n)
        kinds = itertools.cycle(order[n % len(order) :] + order[: n % len(order)])
        while time.monotonic() < deadline:
            kind = next(kinds)
            call = rng.choice(plan.calls[kind])
            client = clients[next(turn) % len(clients)]
            started = time.perf_counter()
            try:
                answer = await client.request(
                    call.method,
                    call.path,
                    headers=call.headers,
                    json=call.body,
                )
            except httpx.HTTPError as error:
                figures.transport_errors += 1
                figures.statuses[f"{kind} {type(error).__name__}"] += 1
                continue
            figures.latencies[kind].append(time.perf_counter() - started)
            figures.requests[kind] += 1
            figures.statuses[f"{kind} {answer.status_code}"] += 1
            if answer.status_code >= 400:
                code = answer.json().get("code") if answer.content else None
                figures.statuses[f"{kind} {answer.status_code} {code}"] += 1
            if answer.status_code >= 500:
                key = f"{kind} {answer.status_code}"
                figures.server_errors[key] = figures.server_errors.get(key, 0) + 1

    try:
        await asyncio.gather(*(user(n) for n in range(CONCURRENCY)))
    finally:
        for client in clients:
            await client.aclose()
    return figures
