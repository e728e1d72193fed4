"""Conversation list benchmark: ``GET /api/v1/conversations`` for a teacher with 300
conversations, among many other people's. Run by hand, never in CI:

    .venv/bin/python bench/conversations.py [--conversations 300] [--messages 20]
        [--others 20000] [--repeat 300]

It creates a scratch database on 127.0.0.1:5432 (or ``--admin-url``), migrates it, builds
the test school, then writes with SQL: ``--conversations`` conversations of the school's
teacher with as many parents (``--messages`` messages each, about a third unread), and
``--others`` conversations between other people (10 messages each) so the tables are not
the teacher's alone; ``VACUUM ANALYZE`` as autovacuum would. It then times the list's
first page (50, as the SPA asks), a later page and ``unread=true`` through the app (ASGI,
httpx, the whole request: auth, queries, JSON), prints p50/p99, and prints the plan of
every statement one list request runs (``EXPLAIN ANALYZE``). The database is dropped at
the end.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

from httpx import ASGITransport, AsyncClient
from sqlalchemy import event, text
from sqlalchemy.ext.asyncio import async_sessionmaker

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from api import migrate
from api.config import Settings
from api.db import create_engine
from api.main import create_app
from tests.diary.world import World, build_world
from tests.support import drop, recreate

_SEED = (
    # The teacher's correspondents: one parent per conversation.
    """
    INSERT INTO accounts (id, last_name, first_name, phone, password_hash, level, status,
                          roles)
    SELECT gen_random_uuid(), 'Родитель', 'Номер ' || i, '+7955' || lpad(i::text, 7, '0'),
           '!', 'simplified', 'active', ARRAY['parent']
    FROM generate_series(1, CAST(:people AS int)) AS i
    """,
    """
    CREATE TEMP TABLE people AS
    SELECT id, row_number() OVER (ORDER BY phone) AS n FROM accounts
    WHERE phone LIKE '+7955%'
    """,
    # The teacher's conversations (n ≤ mine) and the others' (a pair of the bench
    # accounts each), activity spread over the last 60 days.
    """
    INSERT INTO conversations (id, school_id, subject, created_by, created_at,
                               last_message_at)
    SELECT gen_random_uuid(), CAST(:school AS uuid), 'Разговор ' || n, CAST(:teacher AS uuid),
           now() - interval '60 days', now() - (n * interval '3 minutes')
    FROM generate_series(1, CAST(:mine AS int) + CAST(:others AS int)) AS n
    """,
    """
    CREATE TEMP TABLE numbered AS
    SELECT id, row_number() OVER (ORDER BY subject) AS n FROM conversations
    WHERE subject LIKE 'Разговор %'
    """,
    """
    INSERT INTO conversation_participants (conversation_id, account_id)
    SELECT c.id,
           CASE WHEN c.n <= CAST(:mine AS int) THEN CAST(:teacher AS uuid)
                ELSE (SELECT id FROM people
                      WHERE people.n = 1 + c.n % CAST(:people AS int)) END
    FROM numbered c
    """,
    """
    INSERT INTO conversation_participants (conversation_id, account_id)
    SELECT c.id, (SELECT id FROM people WHERE people.n = 1 + (c.n * 7 + 3) % CAST(:people AS int))
    FROM numbered c
    ON CONFLICT DO NOTHING
    """,
    """
    INSERT INTO conversation_messages (id, conversation_id, author_id, text, created_at)
    SELECT gen_random_uuid(), c.id, p.account_id, 'Сообщение ' || m,
           now() - interval '60 days' + m * interval '1 hour'
    FROM numbered c
    CROSS JOIN LATERAL generate_series(
        1, CASE WHEN c.n <= CAST(:mine AS int) THEN CAST(:messages AS int) ELSE 10 END
    ) AS m
    CROSS JOIN LATERAL (
        SELECT account_id FROM conversation_participants
        WHERE conversation_id = c.id ORDER BY account_id OFFSET m % 2 LIMIT 1
    ) AS p
    """,
    # Each participant has read all but the last few messages in two conversations of
    # three (so about a third show unread counts).
    """
    UPDATE conversation_participants p
    SET read_seq = (SELECT max(seq) - CASE WHEN c.n % 3 = 0 THEN 3 ELSE 0 END
                    FROM conversation_messages m WHERE m.conversation_id = p.conversation_id)
    FROM numbered c WHERE c.id = p.conversation_id
    """,
)


async def _seed(url: str, data_dir: Path, args: argparse.Namespace) -> World:
    settings = Settings(env="test", database_url=url, data_dir=data_dir)
    engine = create_engine(url, settings)
    async with async_sessionmaker(engine, expire_on_commit=False)() as session:
        world = await build_world(session, settings)
        await session.commit()
    params = {
        "people": max(args.conversations, 500),
        "mine": args.conversations,
        "others": args.others,
        "messages": args.messages,
        "school": world.school.id,
        "teacher": world.teacher.id,
    }
    started = time.perf_counter()
    async with engine.begin() as connection:
        for statement in _SEED:
            names = [k for k in params if f"(:{k} AS" in statement]
            await connection.execute(text(statement), {k: params[k] for k in names})
    async with engine.connect() as connection:
        autocommit = await connection.execution_options(isolation_level="AUTOCOMMIT")
        await autocommit.execute(text("VACUUM ANALYZE"))
        counts = (
            await connection.execute(
                text(
                    "SELECT (SELECT count(*) FROM conversations),"
                    " (SELECT count(*) FROM conversation_messages),"
                    " (SELECT count(*) FROM conversation_participants WHERE account_id = :t)"
                ),
                {"t": world.teacher.id},
            )
        ).one()
    await engine.dispose()
    print(
        f"seeded in {time.perf_counter() - started:.1f} s: {counts[0]} conversations, "
        f"{counts[1]} messages; the teacher is in {counts[2]}"
    )
    return world


def _quantiles(samples: list[float]) -> str:
    p = statistics.quantiles(samples, n=100)
    return f"p50 {p[49]:.1f} ms, p99 {p[98]:.1f} ms, max {max(samples):.1f} ms"


async def _run(url: str, data_dir: Path, world: World, repeat: int) -> None:
    settings = Settings(
        env="test", database_url=url, data_dir=data_dir, log_level="WARNING", log_json=False
    )
    app = create_app(settings)
    async with app.router.lifespan_context(app):
        transport = ASGITransport(app=app)
        async with AsyncClient(transport=transport, base_url="http://bench") as client:
            headers = world.teacher.headers
            cases: dict[str, dict[str, str | int]] = {
                "first page (50)": {"limit": 50},
                "page 4 (offset 150)": {"limit": 50, "offset": 150},
                "unread=true": {"limit": 50, "unread": "true"},
            }
            # A baseline in the same run (the machine is shared): the smallest authorised
            # read, the caller's own account.
            for _ in range(20):
                await client.get("/api/v1/me", headers=headers)
            baseline = []
            for _ in range(repeat):
                started = time.perf_counter()
                await client.get("/api/v1/me", headers=headers)
                baseline.append((time.perf_counter() - started) * 1000)
            print(f"baseline GET /api/v1/me: {_quantiles(baseline)}")
            for name, params in cases.items():
                answer = await client.get("/api/v1/conversations", params=params, headers=headers)
                answer.raise_for_status()
                body = answer.json()
                for _ in range(20):  # warm-up: prepared statements, caches
                    await client.get("/api/v1/conversations", params=params, headers=headers)
                samples = []
                for _ in range(repeat):
                    started = time.perf_counter()
                    answer = await client.get(
                        "/api/v1/conversations", params=params, headers=headers
                    )
                    samples.append((time.perf_counter() - started) * 1000)
                    assert answer.status_code == 200
                print(
                    f"{name}: total {body['total']}, {len(body['items'])} items, "
                    f"{len(answer.content) // 1024} KB — {_quantiles(samples)}"
                )

            # Every statement one request runs, and its plan.
            engine = app.state.sessionmaker.kw["bind"]
            statements: list[tuple[str, Any]] = []

            def record(conn: Any, cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
                statements.append((statement, parameters))

            event.listen(engine.sync_engine, "before_cursor_execute", record)
            await client.get("/api/v1/conversations", params={"limit": 50}, headers=headers)
            event.remove(engine.sync_engine, "before_cursor_execute", record)
            print(f"\none list request runs {len(statements)} statements through the engine:")
            async with engine.connect() as connection:
                for statement, parameters in statements:
                    if not statement.lstrip().upper().startswith(("SELECT", "WITH")):
                        continue
                    plan = await connection.exec_driver_sql(
                        "EXPLAIN (ANALYZE, COSTS OFF) " + statement, parameters
                    )
                    lines = [row[0] for row in plan]
                    print("\n" + " ".join(statement.split())[:160] + " …")
                    print("\n".join("    " + line for line in lines))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--conversations", type=int, default=300)
    parser.add_argument("--messages", type=int, default=20)
    parser.add_argument("--others", type=int, default=20000)
    parser.add_argument("--repeat", type=int, default=300)
    parser.add_argument("--admin-url", default="postgresql://postgres@127.0.0.1:5432/postgres")
    args = parser.parse_args()

    name = f"edudiary_bench_conversations_{os.getpid()}"
    url = recreate(args.admin_url, name)
    data_dir = Path(f"/tmp/{name}")
    try:
        migrate.upgrade(url)
        world = asyncio.run(_seed(url, data_dir, args))
        asyncio.run(_run(url, data_dir, world, args.repeat))
    finally:
        drop(args.admin_url, name)


if __name__ == "__main__":
    main()
