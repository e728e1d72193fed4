"""School search latency on a national-size register (not a test; run by hand).

    .venv/bin/python -m bench.schools                      # 45 000 schools, new scratch DB
    .venv/bin/python -m bench.schools --count 100000 --repeat 50
    .venv/bin/python -m bench.schools --database-url postgresql://postgres@127.0.0.1:5432/x \
        --skip-load                                          # reuse a loaded database

Loads N generated schools (bench/generate_schools.py) into a scratch database through the
real importer (reporting its speed), then times ``GET /api/v1/schools?q=...`` for realistic
queries, typos included: through the service function (``api.schools.search.search``)
and through HTTP (httpx against the ASGI app, JSON encoding included). Prints p50/p99 per
query and overall, and the plan of one query to show the trigram index at work.
The default database ``edudiary_bench_schools`` on 127.0.0.1:5432 is dropped and recreated.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
from pathlib import Path

import psycopg
from httpx import ASGITransport, AsyncClient
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from api import migrate
from api.config import Settings
from api.db import create_engine, create_sessionmaker, libpq_url
from api.main import create_app
from api.schools import search as schools_search
from api.schools.importer import import_file
from api.schools.search import search
from bench import generate_schools

DEFAULT_DB = "edudiary_bench_schools"
ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres"

QUERIES = (
    "школа 57",
    "школа №57",
    "ШКОЛА № 57",
    "гимназия 1514",
    "гимназя 1514",  # typo
    "лицей вторая школа",
    "лицеи втарая школа",  # two typos
    "лицей 239",
    "физико математический лицей 239",
    "покровская сош",
    "пакровская",  # typo
    "кемецкая",
    "ёлкинская",
    "елкинская оош",
    "екатеринбург 57",
    "новосибирск гимназия 1",
    "краснодар лицей 4",
    "центр образования 12",
    "школа 1",
    "сош 5",
    "школа",
    "гимназия",
    "москва гимназия",
    "школа 5 масква",
    "ханты-мансийск",
    "{inn}",  # an ИНН typed exactly
    "шкла 57",  # «школа» misspelt, four letters
    "школ 1514",  # cut short
    "тверская-ямская",  # a street named like a region: found on the second pass
    "гимназия 15144",  # no such number: the swapped-digits pass runs too
)


def percentile(samples: list[float], share: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def vacuum(url: str) -> None:
    """What autovacuum does in a running system: statistics and the visibility map."""
    with psycopg.connect(libpq_url(url), autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE schools")


def recreate(name: str) -> str:
    with psycopg.connect(ADMIN_URL, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"


async def load(sessionmaker: async_sessionmaker[AsyncSession], count: int, seed: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "schools.csv"
        generate_schools.main(["--count", str(count), "--seed", str(seed), "-o", str(path)])
        started = time.perf_counter()
        async with sessionmaker() as session:
            report = await import_file(session, path)
            await session.commit()
        elapsed = time.perf_counter() - started
    print(
        f"import: {report.inserted} schools in {elapsed:.1f} s "
        f"({report.inserted / elapsed:,.0f} rows/s), rejected {len(report.rejected)}"
    )


async def service_timings(
    sessionmaker: async_sessionmaker[AsyncSession], queries: list[str], repeat: int
) -> dict[str, list[float]]:
    timings: dict[str, list[float]] = {q: [] for q in queries}
    async with sessionmaker() as session:
        for _ in range(repeat):
            for q in queries:
                started = time.perf_counter()
                page = await search(session, q=q, limit=20)
                timings[q].append((time.perf_counter() - started) * 1000)
                await session.rollback()
            _ = page
    return timings


async def http_timings(
    settings: Settings,
    sessionmaker: async_sessionmaker[AsyncSession],
    queries: list[str],
    repeat: int,
) -> tuple[dict[str, list[float]], dict[str, tuple[int, str]]]:
    app = create_app(settings, manage_database=False)
    app.state.sessionmaker = sessionmaker
    timings: dict[str, list[float]] = {q: [] for q in queries}
    first: dict[str, tuple[int, str]] = {}
    transport = ASGITransport(app=app)
    async with AsyncClient(transport=transport, base_url="http://bench") as client:
        for _ in range(repeat):
            for q in queries:
                started = time.perf_counter()
                response = await client.get("/api/v1/schools", params={"q": q, "limit": 20})
                timings[q].append((time.perf_counter() - started) * 1000)
                response.raise_for_status()
                body = response.json()
                top = body["items"][0]["short_name"] if body["items"] else "—"
                first[q] = (body["total"], top)
    return timings, first


def report(title: str, timings: dict[str, list[float]]) -> None:
    every = [t for samples in timings.values() for t in samples]
    print(f"\n{title}: p50 {percentile(every, 0.5):.2f} ms, p99 {percentile(every, 0.99):.2f} ms")


async def explain(
    sessionmaker: async_sessionmaker[AsyncSession], query: str, threshold: float
) -> None:
    async with sessionmaker() as session:
        await session.execute(
            text(f"SET LOCAL pg_trgm.strict_word_similarity_threshold = {threshold}")
        )
        plan = await session.execute(
            text(
                "EXPLAIN (ANALYZE, COSTS OFF) SELECT id FROM schools "
                "WHERE search_text %>> :word AND status <> 'closed' "
                "ORDER BY strict_word_similarity(:q, search_text) DESC LIMIT 20"
            ),
            {"word": query, "q": query},
        )
        print(f"\nplan of «{query}» at strict word similarity {threshold}:")
        for (line,) in plan:
            print("   ", line)


async def main_async(args: argparse.Namespace, url: str) -> None:
    settings = Settings(env="test", database_url=url, log_json=False, max_concurrency=4)
    engine = create_engine(url, settings)
    sessionmaker = create_sessionmaker(engine)
    if not args.skip_load:
        await load(sessionmaker, args.count, args.seed)
        await asyncio.to_thread(vacuum, url)
    async with sessionmaker() as session:
        total = await session.scalar(text("SELECT count(*) FROM schools"))
        inn = await session.scalar(text("SELECT inn FROM schools ORDER BY inn LIMIT 1 OFFSET 7"))
    print(
        f"register: {total} schools; strict word similarity {schools_search.NEAR_EXACT}, "
        f"then {schools_search.WORD_SIMILARITY} when nothing matches"
    )
    queries = [q.format(inn=inn) for q in QUERIES]
    await service_timings(sessionmaker, queries, 2)  # warm the caches
    by_service = await service_timings(sessionmaker, queries, args.repeat)
    by_http, first = await http_timings(settings, sessionmaker, queries, args.repeat)
    print(
        f"\n{'query':34} {'total':>6}  {'service p50/p99 ms':>19}  {'HTTP p50/p99 ms':>16}  top hit"
    )
    for q in queries:
        s, h = by_service[q], by_http[q]
        print(
            f"{q:34} {first[q][0]:>6}  {statistics.median(s):>8.2f} / {percentile(s, 0.99):<8.2f}"
            f"  {statistics.median(h):>7.2f} / {percentile(h, 0.99):<7.2f}  {first[q][1]}"
        )
    report("service, all queries", by_service)
    report("HTTP, all queries", by_http)
    await explain(sessionmaker, "кемецкая", schools_search.NEAR_EXACT)
    await explain(sessionmaker, "пакровская", schools_search.WORD_SIMILARITY)
    await engine.dispose()
    print(f"\ndatabase: {libpq_url(url)}")


def main() -> None:
    parser = argparse.ArgumentParser(description="School search benchmark")
    parser.add_argument("--database-url", help=f"default: a new {DEFAULT_DB} on 127.0.0.1:5432")
    parser.add_argument("--count", type=int, default=45_000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--repeat", type=int, default=30, help="runs of each query")
    parser.add_argument("--skip-load", action="store_true", help="use the schools already there")
    parser.add_argument("--threshold", type=float, help="try another WORD_SIMILARITY")
    args = parser.parse_args()
    if args.threshold is not None:
        schools_search.WORD_SIMILARITY = args.threshold
    url = args.database_url or recreate(DEFAULT_DB)
    if not args.skip_load:
        migrate.upgrade(url)  # alembic runs its own event loop: before ours
    asyncio.run(main_async(args, url))


if __name__ == "__main__":
    main()
