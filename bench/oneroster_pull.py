"""The ``roster`` scenario of ``bench/integration.py`` (issue 10): a full OneRoster roster
pull of a 1,500-student school — ``/users``, ``/enrollments`` and ``/classes`` at 1,000 a
page through a real ``edudiary serve`` (HTTP, X-API-Key, the audit row of each
personal-data page included) — against a bare asyncpg query of the same rows (the
resource's rows, same order and pages, no JSON, no count, no HTTP) in the same run. Prints
rows/s and p50/p99 per page for both and the ratio (goal: the API ≥ 50 % of the bare
query's rows/s)::

    .venv/bin/python -m bench.integration roster                  # loads edudiary_bench_integration
    .venv/bin/python -m bench.integration roster --skip-load --repeat 5

``gradebook`` — the same for the gradebook: ``/results`` of the school, ``/classes/{id}/results``
of its busiest scheduled class and ``/lineItems`` of the school, with a client holding
``gradebook.readonly`` (same dataset and options)::

    .venv/bin/python -m bench.integration gradebook --skip-load --repeat 5

The dataset is ``bench/diary_dataset.py``'s, with one school of 30 classes × 50 pupils.
Nothing here is run by CI.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

import asyncpg
import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("EDUDIARY_ENV", "development")

from bench import diary_dataset
from bench.endpoints import start_server

DEFAULT_URL = "postgresql://postgres@127.0.0.1:5432/edudiary_bench_integration"
BASE = "/ims/oneroster/rostering/v1p2"
PAGE = 1000
RESOURCES = ("users", "enrollments", "classes")
GRADEBOOK = "/ims/oneroster/gradebook/v1p2"
GRADEBOOK_RESOURCES = ("lineItems", "results")


@dataclass
class Pull:
    rows: int
    seconds: float
    pages: list[float]

    @property
    def rate(self) -> float:
        return self.rows / self.seconds

    def p(self, q: float) -> float:
        ordered = sorted(self.pages)
        return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))] * 1000


def load(url: str) -> None:
    diary_dataset.STUDENTS = 50  # 30 classes × 50 = 1,500 pupils
    print(f"Recreating and migrating {url}", flush=True)
    diary_dataset.recreate(url)
    diary_dataset.generate(url, 1, 48)


async def make_client(url: str, scopes: list[str] | None = None) -> tuple[uuid.UUID, str]:
    """An integration client of the school with every rostering scope (or ``scopes``);
    its secret."""
    from api.integrations import secrets
    from api.oneroster.service import DEMOGRAPHICS, GUARDIANS, ROSTER, ROSTER_CORE

    connection = await asyncpg.connect(url)
    try:
        school = await connection.fetchval("SELECT id FROM schools LIMIT 1")
        secret = secrets.new_secret()
        await connection.execute(
            "INSERT INTO integration_clients (id, client_id, school_id, name, legal_basis,"
            " scopes, rate_limit_per_minute, secret_hash, secret_hint)"
            " VALUES ($1, $2, $3, 'bench', 'Договор № 1 от 01.09.2026', $4, 6000, $5, $6)",
            uuid.uuid4(),
            secrets.new_client_id(),
            school,
            scopes or [ROSTER_CORE, ROSTER, DEMOGRAPHICS, GUARDIANS],
            secrets.secret_hash(secret),
            secrets.hint(secret),
        )
        return school, secret
    finally:
        await connection.close()


def pull_api(base: str, secret: str, resource: str, path: str | None = None) -> Pull:
    """Every page of ``path`` (default: the rostering ``/{resource}``), envelope ``resource``."""
    pages: list[float] = []
    rows = 0
    started = time.perf_counter()
    with httpx.Client(base_url=base, timeout=60, headers={"X-API-Key": secret}) as client:
        url: str | None = f"{path or f'{BASE}/{resource}'}?limit={PAGE}&offset=0"
        while url is not None:
            t0 = time.perf_counter()
            answer = client.get(url)
            answer.raise_for_status()
            items = answer.json()[resource]
            pages.append(time.perf_counter() - t0)
            rows += len(items)
            url = answer.links.get("next", {}).get("url")
    return Pull(rows, time.perf_counter() - started, pages)


async def pull_bare(
    url: str, school: uuid.UUID, resource: str, link: uuid.UUID | None = None
) -> Pull:
    """The same rows of the same resource, page by page, as plain records (``link``: only
    the rows of that scheduled class, as ``/classes/{id}/results`` answers)."""
    from sqlalchemy import Integer, bindparam, select

    from api.oneroster.classes import CLASSES
    from api.oneroster.enrollments import ENROLLMENTS
    from api.oneroster.line_items import LINE_ITEMS
    from api.oneroster.results import RESULTS
    from api.oneroster.sql import LINK
    from api.oneroster.users import USERS
    from api.statements import Compiled, k

    chosen = {
        "users": USERS,
        "enrollments": ENROLLMENTS,
        "classes": CLASSES,
        "lineItems": LINE_ITEMS,
        "results": RESULTS,
    }[resource]
    rows_of = chosen.readable().subquery("r")
    query = select(rows_of)
    if resource in GRADEBOOK_RESOURCES:
        # Their readable rows include the recently removed (tombstones): lists omit them.
        query = query.where(rows_of.c.status == k("active"))
    if link is not None:
        query = query.where(rows_of.c.class_sid == LINK)
    statement = Compiled.of(
        query.order_by(rows_of.c.sourced_id)
        .limit(bindparam("limit", type_=Integer))
        .offset(bindparam("offset", type_=Integer))
    )
    connection = await asyncpg.connect(url)
    try:
        pages: list[float] = []
        rows = 0
        started = time.perf_counter()
        offset = 0
        while True:
            t0 = time.perf_counter()
            records = await connection.fetch(
                statement.sql,
                *statement.args(
                    school=school,
                    limit=PAGE,
                    offset=offset,
                    guardians=True,
                    admins=True,
                    **({"link": link} if link is not None else {}),
                ),
            )
            pages.append(time.perf_counter() - t0)
            rows += len(records)
            offset += PAGE
            if len(records) < PAGE:
                break
        return Pull(rows, time.perf_counter() - started, pages)
    finally:
        await connection.close()


def roster(args: argparse.Namespace) -> int:
    if not args.skip_load:
        load(args.database_url)
    school, secret = asyncio.run(make_client(args.database_url))
    server = start_server(args.database_url, args.port, {})
    try:
        base = f"http://127.0.0.1:{args.port}"
        pull_api(base, secret, "users")  # warm: compiled statements, connections
        api: dict[str, list[Pull]] = {r: [] for r in RESOURCES}
        bare: dict[str, list[Pull]] = {r: [] for r in RESOURCES}
        for _ in range(args.repeat):
            for resource in RESOURCES:
                bare[resource].append(asyncio.run(pull_bare(args.database_url, school, resource)))
                api[resource].append(pull_api(base, secret, resource))
    finally:
        server.terminate()
        server.wait()
    print(f"\nRoster pull, {PAGE} a page, {args.repeat} runs (API over HTTP vs bare asyncpg)")
    print(
        f"{'resource':<12}{'rows':>7}{'API rows/s':>12}{'bare rows/s':>13}{'ratio':>7}"
        f"{'API p50/p99 ms':>17}{'bare p50/p99 ms':>18}"
    )
    total_api = total_bare = 0.0
    for resource in RESOURCES:
        a = merge(api[resource])
        b = merge(bare[resource])
        total_api += a.seconds
        total_bare += b.seconds
        print(
            f"{resource:<12}{a.rows // args.repeat:>7}{a.rate:>12.0f}{b.rate:>13.0f}"
            f"{a.rate / b.rate:>7.0%}{a.p(0.5):>9.1f}/{a.p(0.99):<7.1f}"
            f"{b.p(0.5):>9.1f}/{b.p(0.99):.1f}"
        )
    rows = sum(merge(api[r]).rows for r in RESOURCES)
    print(
        f"{'all':<12}{rows // args.repeat:>7}{rows / total_api:>12.0f}{rows / total_bare:>13.0f}"
        f"{total_bare / total_api:>7.0%}"
    )
    return 0


async def busiest_class(url: str, school: uuid.UUID) -> uuid.UUID:
    """The scheduled class (class × subject) with the most grades: its sourcedId."""
    connection = await asyncpg.connect(url)
    try:
        found: uuid.UUID = await connection.fetchval(
            "SELECT oneroster_uuid5('class:' || l.class_id || ':' || l.subject_id)"
            " FROM grades g JOIN lessons l ON l.id = g.lesson_id"
            " WHERE l.school_id = $1 AND g.deleted_at IS NULL"
            " GROUP BY l.class_id, l.subject_id ORDER BY count(*) DESC LIMIT 1",
            school,
        )
        return found
    finally:
        await connection.close()


def gradebook(args: argparse.Namespace) -> int:
    """``/results`` of the school and ``/classes/{id}/results`` of its busiest scheduled
    class (and ``/lineItems`` of the school) against bare queries of the same rows."""
    from api.oneroster.service import GRADEBOOK_READ

    if not args.skip_load:
        load(args.database_url)
    school, secret = asyncio.run(make_client(args.database_url, [GRADEBOOK_READ]))
    cls = asyncio.run(busiest_class(args.database_url, school))
    pulls: dict[str, tuple[str, str, uuid.UUID | None]] = {
        "results (school)": ("results", f"{GRADEBOOK}/results", None),
        "results (class)": ("results", f"{GRADEBOOK}/classes/{cls}/results", cls),
        "lineItems (school)": ("lineItems", f"{GRADEBOOK}/lineItems", None),
    }
    server = start_server(args.database_url, args.port, {})
    try:
        base = f"http://127.0.0.1:{args.port}"
        pull_api(base, secret, "results", f"{GRADEBOOK}/results")  # warm
        api: dict[str, list[Pull]] = {name: [] for name in pulls}
        bare: dict[str, list[Pull]] = {name: [] for name in pulls}
        for _ in range(args.repeat):
            for name, (resource, path, link) in pulls.items():
                bare[name].append(asyncio.run(pull_bare(args.database_url, school, resource, link)))
                api[name].append(pull_api(base, secret, resource, path))
    finally:
        server.terminate()
        server.wait()
    print(f"\nGradebook pull, {PAGE} a page, {args.repeat} runs (API over HTTP vs bare asyncpg)")
    print(
        f"{'pull':<20}{'rows':>7}{'API rows/s':>12}{'bare rows/s':>13}{'ratio':>7}"
        f"{'API p50/p99 ms':>17}{'bare p50/p99 ms':>18}"
    )
    for name in pulls:
        a = merge(api[name])
        b = merge(bare[name])
        print(
            f"{name:<20}{a.rows // args.repeat:>7}{a.rate:>12.0f}{b.rate:>13.0f}"
            f"{a.rate / b.rate:>7.0%}{a.p(0.5):>9.1f}/{a.p(0.99):<7.1f}"
            f"{b.p(0.5):>9.1f}/{b.p(0.99):.1f}"
        )
    return 0


def merge(pulls: list[Pull]) -> Pull:
    return Pull(
        sum(p.rows for p in pulls),
        sum(p.seconds for p in pulls),
        [page for p in pulls for page in p.pages],
    )


def add_arguments(pull: argparse.ArgumentParser) -> None:
    pull.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL))
    pull.add_argument("--port", type=int, default=8801)
    pull.add_argument("--repeat", type=int, default=3)
    pull.add_argument("--skip-load", action="store_true")
