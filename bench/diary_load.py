"""Load test of the diary's hot paths against a raw Starlette + asyncpg baseline.

For each scenario — the week diary (``GET /students/{id}/diary``), the grade list
(``GET /students/{id}/grades``) and the teacher's bulk grade post
(``POST /lessons/{id}/grades``, 25 grades) — it runs, back to back on this machine:

1. ``baseline``: a bare Starlette app on an asyncpg pool executing the very same SQL
   (``api/diary/reading/statements.py``, ``api/diary/grades/statements.py``), with no
   JWT, no FastAPI, no validation, on pools set up as the app's are (the reads on a pool
   with generic plans, the post on one with PostgreSQL's default plan mode);
2. ``no-reset``: the same, its pool handing connections back without asyncpg's reset
   round trip (the stronger baseline: our app's pool does not spend that round trip);
3. ``edudiary``: the real app, ``edudiary serve`` (uvicorn, uvloop, httptools, one
   process): FastAPI routing, token check, the routes' own dependencies.

All get the same requests from ``wrk`` (``apt-get install -y wrk``): 64 connections,
2 threads, ``--duration`` seconds after a short warm-up. It prints requests per second,
p50 and p99 latency of each and the ratios (ours / baseline). Speed is measured here,
never asserted in tests.

Run after ``bench/diary_dataset.py``:
``.venv/bin/python bench/diary_load.py [--duration 20] [--scenario diary]``.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DEFAULT_URL = "postgresql://postgres@127.0.0.1:5432/edudiary_bench"
DATA_DIR = Path(tempfile.gettempdir()) / "edudiary-bench"
BASELINE_PORT, APP_PORT = 8801, 8802
CONNECTIONS = 64


# --- The baseline server ---------------------------------------------------------------


def serve_baseline(url: str, port: int, *, reset: bool = True) -> None:
    """Starlette + asyncpg, the same statements as the fast path, nothing else.

    ``reset=False``: the pool hands connections back without asyncpg's reset round trip
    (``RESET ALL`` and friends on every release) — the stronger baseline, since our app
    checks connections out of SQLAlchemy's pool, which does not spend that round trip."""
    import asyncpg
    import uvicorn
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import Response
    from starlette.routing import Route

    from api.diary.grades import statements as grade_statements
    from api.diary.reading import statements as read_statements
    from api.identity import clock

    diary, grade_list, context = (
        read_statements.diary_statement(),
        read_statements.grade_list_statement(),
        grade_statements.grade_context_statement(),
    )
    pool: asyncpg.Pool[Any] | None = None
    write_pool: asyncpg.Pool[Any] | None = None

    def caller(request: Request) -> dict[str, Any]:
        return {
            "account_id": uuid.UUID(request.headers["x-bench-account"]),
            "session_id": uuid.UUID(request.headers["x-bench-session"]),
            "now": clock.now(),
        }

    async def week(request: Request) -> Response:
        week = request.query_params["week"]
        monday = date.fromisocalendar(int(week[:4]), int(week[6:]), 1)
        args = diary.args(
            **caller(request),
            student_id=uuid.UUID(request.path_params["student_id"]),
            days=[monday + timedelta(days=n) for n in range(7)],
            week=week,
        )
        assert pool is not None
        row = await pool.fetchrow(diary.sql, *args)
        assert row is not None
        return Response(row["body"].encode(), media_type="application/json")

    async def grades(request: Request) -> Response:
        args = grade_list.args(
            **caller(request),
            student_id=uuid.UUID(request.path_params["student_id"]),
            start=None,
            end=None,
            subject_id=None,
            limit=50,
            offset=0,
        )
        assert pool is not None
        row = await pool.fetchrow(grade_list.sql, *args)
        assert row is not None
        return Response(row["body"].encode(), media_type="application/json")

    async def post(request: Request) -> Response:
        body = json.loads(await request.body())
        lesson_id = uuid.UUID(request.path_params["lesson_id"])
        who = caller(request)
        assert write_pool is not None
        async with write_pool.acquire() as connection, connection.transaction():
            row = await connection.fetchrow(context.sql, *context.args(**who, lesson_id=lesson_id))
            assert row is not None
            ctx = json.loads(row["body"])
            work_type = next(w for w in ctx["work_types"] if w["is_default"])["id"]
            day = date.fromisoformat(ctx["date"])
            out = await connection.fetchrow(
                grade_statements.GRADE_WRITE_SQL,
                lesson_id,
                who["account_id"],
                [uuid.UUID(i["student_id"]) for i in body],
                [uuid.UUID(work_type)] * len(body),
                [i["value"] for i in body],
                [None] * len(body),
                [None] * len(body),
                uuid.UUID(ctx["subject_id"]),
                day,
                ctx["subject_name"],
                "{}-W{:02d}".format(*day.isocalendar()[:2]),
            )
        assert out is not None
        return Response(out["body"].encode(), status_code=201, media_type="application/json")

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        nonlocal pool, write_pool

        async def keep(connection: asyncpg.Connection[Any]) -> None:
            return None

        # As the app's pools (``api.db.create_hot_pool`` for the reads, the engine's for the
        # post's transaction): both sides run the same statements with the same plans.
        # min_size 1: two pools of CONNECTIONS each would exceed PostgreSQL's default 100
        # connections; the warm-up run fills whichever pool the scenario uses.
        pool = await asyncpg.create_pool(
            url,
            min_size=1,
            max_size=CONNECTIONS,
            reset=None if reset else keep,
            server_settings={"plan_cache_mode": "force_generic_plan"},
        )
        write_pool = await asyncpg.create_pool(
            url, min_size=1, max_size=CONNECTIONS, reset=None if reset else keep
        )
        yield
        await pool.close()
        await write_pool.close()

    app = Starlette(
        routes=[
            Route("/api/v1/students/{student_id}/diary", week),
            Route("/api/v1/students/{student_id}/grades", grades),
            Route("/api/v1/lessons/{lesson_id}/grades", post, methods=["POST"]),
        ],
        lifespan=lifespan,
    )
    uvicorn.run(
        app,
        host="127.0.0.1",
        port=port,
        loop="uvloop",
        http="httptools",
        access_log=False,
        log_level="warning",
    )


# --- Preparing requests ----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Call:
    method: str
    path: str
    headers: dict[str, str]
    body: str | None = None


async def prepare(url: str, sample: int) -> dict[str, list[Call]]:
    """Log-in sessions and access tokens for sampled parents and teachers."""
    import asyncpg

    from api.config import Settings
    from api.identity import tokens

    settings = Settings(env="test", database_url=url, data_dir=DATA_DIR)
    connection = await asyncpg.connect(url)
    try:
        parents = await connection.fetch(
            "SELECT g.account_id, g.student_id FROM guardianships g ORDER BY random() LIMIT $1",
            sample,
        )
        today = datetime.now(UTC).date()
        monday = today - timedelta(days=today.weekday() + 7)  # last week: every lesson held
        week = "{}-W{:02d}".format(*monday.isocalendar()[:2])
        teachers = await connection.fetch(
            """SELECT DISTINCT ON (l.teacher_id) l.teacher_id, l.id AS lesson_id, l.class_id
               FROM lessons l WHERE l.date = $1 ORDER BY l.teacher_id, random() LIMIT $2""",
            monday,
            sample,
        )
        rosters = {
            r["class_id"]: [
                s["id"]
                for s in await connection.fetch(
                    "SELECT id FROM students WHERE class_id = $1", r["class_id"]
                )
            ]
            for r in teachers
        }
        now = datetime.now(UTC)

        async def login(account_id: uuid.UUID) -> dict[str, str]:
            session_id = uuid.uuid4()
            await connection.execute(
                "INSERT INTO refresh_sessions"
                " (id, account_id, created_at, last_used_at, expires_at)"
                " VALUES ($1, $2, $3, $3, $4)",
                session_id,
                account_id,
                now,
                now + timedelta(days=1),
            )
            token, _ = tokens.issue_access_token(
                settings, account_id=account_id, session_id=session_id
            )
            return {
                "Authorization": f"Bearer {token}",
                "X-Bench-Account": str(account_id),
                "X-Bench-Session": str(session_id),
            }

        calls: dict[str, list[Call]] = {"diary": [], "grades": [], "post": []}
        for row in parents:
            headers = await login(row["account_id"])
            student = row["student_id"]
            calls["diary"].append(
                Call("GET", f"/api/v1/students/{student}/diary?week={week}", headers)
            )
            calls["grades"].append(Call("GET", f"/api/v1/students/{student}/grades", headers))
        rng = random.Random(7)
        for row in teachers:
            headers = {**await login(row["teacher_id"]), "Content-Type": "application/json"}
            for _ in range(4):
                # absent_confirmed: a pupil marked «Н» gets a grade only when the teacher
                # confirms it (docs/diary.md); the baseline writes every grade, so do we.
                body = [
                    {
                        "student_id": str(s),
                        "value": rng.choice((2, 3, 4, 5)),
                        "absent_confirmed": True,
                    }
                    for s in rosters[row["class_id"]]
                ]
                calls["post"].append(
                    Call(
                        "POST",
                        f"/api/v1/lessons/{row['lesson_id']}/grades",
                        headers,
                        json.dumps(body),
                    )
                )
        return calls
    finally:
        await connection.close()


def lua_script(calls: list[Call], path: Path) -> None:
    def quote(text: str) -> str:
        return json.dumps(text, ensure_ascii=True)

    lines = ["local calls = {"]
    for call in calls:
        headers = ", ".join(f"[{quote(k)}] = {quote(v)}" for k, v in call.headers.items())
        body = quote(call.body) if call.body is not None else "nil"
        lines.append(f"  {{{quote(call.method)}, {quote(call.path)}, {{{headers}}}, {body}}},")
    lines += [
        "}",
        "local i = 0",
        "init = function(args)",
        "  math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16))",
        "  i = math.random(#calls)",
        "end",
        "request = function()",
        "  i = i % #calls + 1",
        "  local c = calls[i]",
        "  return wrk.format(c[1], c[2], c[3], c[4])",
        "end",
    ]
    path.write_text("\n".join(lines) + "\n")


# --- Running ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Result:
    rps: float
    p50_ms: float
    p99_ms: float
    errors: int


def _ms(value: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", value).groups()  # type: ignore[union-attr]
    return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def run_wrk(port: int, script: Path, duration: int, threads: int) -> Result:
    wrk = shutil.which("wrk")
    if wrk is None:
        raise SystemExit("wrk is missing: apt-get install -y wrk")
    command = [
        wrk,
        f"-t{threads}",
        f"-c{CONNECTIONS}",
        f"-d{duration}s",
        "--latency",
        "-s",
        str(script),
        f"http://127.0.0.1:{port}",
    ]
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))  # type: ignore[union-attr]
    p50 = _ms(re.search(r"\s50%\s+(\S+)", output).group(1))  # type: ignore[union-attr]
    p99 = _ms(re.search(r"\s99%\s+(\S+)", output).group(1))  # type: ignore[union-attr]
    errors = sum(
        int(n)
        for n in re.findall(
            r"(?:Non-2xx or 3xx responses|Socket errors:.*?timeout)\D+(\d+)", output
        )
    )
    return Result(rps, p50, p99, errors)


def wait_ready(port: int, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v1/students/x/diary", timeout=1)
        except urllib.error.HTTPError:
            return
        except OSError:
            time.sleep(0.3)
            continue
        return
    raise SystemExit(f"server on port {port} did not start")


def start(command: list[str], env: dict[str, str], port: int) -> subprocess.Popen[bytes]:
    process = subprocess.Popen(
        command, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    wait_ready(port)
    return process


def stop(process: subprocess.Popen[bytes]) -> None:
    process.send_signal(signal.SIGINT)
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL))
    parser.add_argument("--duration", type=int, default=20)
    parser.add_argument("--warmup", type=int, default=4)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--sample", type=int, default=256)
    parser.add_argument("--scenario", choices=["diary", "grades", "post", "all"], default="all")
    parser.add_argument("--serve-baseline", type=int, metavar="PORT", help=argparse.SUPPRESS)
    parser.add_argument("--no-reset", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve_baseline:
        serve_baseline(args.database_url, args.serve_baseline, reset=not args.no_reset)
        return 0
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    calls = asyncio.run(prepare(args.database_url, args.sample))
    python = str(ROOT / ".venv" / "bin" / "python")
    env = {
        **os.environ,
        "DATABASE_URL": args.database_url,
        "EDUDIARY_ENV": "test",
        "EDUDIARY_DATA_DIR": str(DATA_DIR),
        "EDUDIARY_LOG_LEVEL": "WARNING",
        "EDUDIARY_MAX_CONCURRENCY": str(CONNECTIONS),
    }
    scenarios = ["diary", "grades", "post"] if args.scenario == "all" else [args.scenario]
    with tempfile.TemporaryDirectory() as scratch:
        for scenario in scenarios:
            script = Path(scratch) / f"{scenario}.lua"
            lua_script(calls[scenario], script)
            results: dict[str, Result] = {}
            for name, command, port in (
                (
                    "baseline",
                    [
                        python,
                        __file__,
                        "--serve-baseline",
                        str(BASELINE_PORT),
                        "--database-url",
                        args.database_url,
                    ],
                    BASELINE_PORT,
                ),
                (
                    "no-reset",
                    [
                        python,
                        __file__,
                        "--serve-baseline",
                        str(BASELINE_PORT),
                        "--no-reset",
                        "--database-url",
                        args.database_url,
                    ],
                    BASELINE_PORT,
                ),
                (
                    "edudiary",
                    [str(ROOT / ".venv" / "bin" / "edudiary"), "serve", "--port", str(APP_PORT)],
                    APP_PORT,
                ),
            ):
                process = start(command, env, port)
                try:
                    run_wrk(port, script, args.warmup, args.threads)
                    results[name] = run_wrk(port, script, args.duration, args.threads)
                finally:
                    stop(process)
            base, strong = results["baseline"], results["no-reset"]
            for name, result in results.items():
                print(
                    f"{scenario:7} {name:9} {result.rps:7.0f} rps"
                    f"  p50 {result.p50_ms:7.1f} ms  p99 {result.p99_ms:7.1f} ms"
                    f"  errors {result.errors:4}"
                    f" | vs baseline: rps {result.rps / base.rps:5.0%}"
                    f" p99 ×{result.p99_ms / base.p99_ms:4.2f}"
                    f" | vs no-reset: rps {result.rps / strong.rps:5.0%}"
                    f" p99 ×{result.p99_ms / strong.p99_ms:4.2f}",
                    flush=True,
                )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
