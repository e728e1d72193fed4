"""Report files: how long rendering takes and how much memory it holds (issue 12).

Renders, from reports built in memory to the shapes the report services return:

* a 30-student class's «сводная ведомость» (15 subjects) as XLSX — goal ≤ 1 s;
* a student's year report (15 subjects, ~60 grades each, 9 months) as PDF — goal ≤ 2 s;
* a 1,500-student school's analytics (60 classes × 15 subjects) as XLSX, CSV and PDF,
  with the peak of Python memory while rendering (tracemalloc) — goal ≤ 200 MB.

Each is rendered ``--repeat`` times; the median is printed with its goal and the ratio.

``job`` — the whole thing as a school administrator gets it: one school of 1,500 pupils
(``bench/diary_dataset.py``'s data, 30 classes × 50, as ``bench/integration.py roster``
loads it) into ``edudiary_bench_reports``, a real ``edudiary worker --queue exports``
process, and a ``school_analytics`` export requested through ``api.reports.exports.create``
(the route's own function). Timed from the request's commit to ``done`` (the report
queries, the layout, the file written into PostgreSQL), per format, each in a fresh
worker whose peak resident memory (``VmHWM`` in ``/proc/PID/status``) is the figure —
goal ≤ 60 s and ≤ 200 MB.

``endpoint`` — ``GET /classes/{id}/analytics`` over HTTP on the same data against a real
``edudiary serve``: every class of the school in turn, sequentially and with 8 clients at
once, p50/p99.

Run by hand (not in CI):
``.venv/bin/python bench/reports.py [files] [--repeat 5]``,
``.venv/bin/python bench/reports.py job [--skip-load]``,
``.venv/bin/python bench/reports.py endpoint --skip-load``.
Needs the PDF fonts (``make pdf-tools``) and PostgreSQL on 127.0.0.1:5432.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from api.config import Settings
from api.reports.files import documents
from api.reports.files.document import Document
from api.reports.files.render import render
from api.reports.schemas import (
    ClassAnalytics,
    ClassSummary,
    Distribution,
    MonthAttendance,
    ReportAttendance,
    ReportGrade,
    ReportPeriod,
    ReportStudent,
    SchoolAnalytics,
    SchoolIndicators,
    StudentReport,
    SubjectIndicators,
    SubjectReport,
    SummaryCell,
    SummaryStudent,
    SummarySubject,
)

SUBJECTS = [f"Предмет {n:02d}" for n in range(1, 16)]
NOW = datetime(2026, 12, 7, 9, tzinfo=UTC)
ZONE = "Europe/Moscow"
rng = random.Random(12)


def class_summary(students: int = 30) -> ClassSummary:
    subjects = [
        SummarySubject(subject_id=uuid.uuid4(), name=n, assessment="graded") for n in SUBJECTS
    ]
    return ClassSummary(
        class_id=uuid.uuid4(),
        class_name="9-Б",
        term_id=uuid.uuid4(),
        term_title="2-я четверть 2026/2027",
        subjects=subjects,
        students=[
            SummaryStudent(
                student_id=uuid.uuid4(),
                name=f"Ученикова Ученица {i:02d}",
                cells=[
                    SummaryCell(
                        subject_id=s.subject_id,
                        result=rng.choice([3, 4, 4, 5, 5]),
                        final=rng.random() < 0.7,
                        average=round(rng.uniform(2.5, 5), 2),
                    )
                    for s in subjects
                ],
            )
            for i in range(students)
        ],
    )


def year_report() -> StudentReport:
    start = date(2026, 9, 1)
    subjects = []
    for name in SUBJECTS:
        grades = [
            ReportGrade(
                value=rng.choice([3, 4, 5]),
                weight=rng.choice([1.0, 1.0, 2.0]),
                date=start + timedelta(days=rng.randrange(270)),
                work_type=rng.choice(["Ответ на уроке", "Контрольная работа"]),
            )
            for _ in range(60)
        ]
        grades.sort(key=lambda g: g.date)
        subjects.append(
            SubjectReport(
                subject_id=uuid.uuid4(),
                name=name,
                assessment="graded",
                grades=grades,
                average=4.12,
                term_grade="4",
                trend=[],
                overdue_homework=rng.randrange(3),
            )
        )
    months = [
        MonthAttendance(
            month=f"{(start + timedelta(days=31 * m)):%Y-%m}",
            lessons_held=120,
            absent=2,
            absent_excused=3,
            late=1,
            attendance_rate=95.8,
        )
        for m in range(9)
    ]
    return StudentReport(
        student=ReportStudent(
            id=uuid.uuid4(), name="Иванов Пётр", class_name="9-Б", school_name="Лицей № 1"
        ),
        period=ReportPeriod(
            from_date=start, to_date=date(2027, 5, 31), title="2026/2027 учебный год"
        ),
        subjects=subjects,
        attendance=ReportAttendance(
            lessons_held=1080,
            absent=18,
            absent_excused=27,
            late=9,
            attendance_rate=95.8,
            months=months,
        ),
        gaps=[],
        generated_at=NOW,
    )


def _indicators(name: str) -> SubjectIndicators:
    return SubjectIndicators(
        subject_id=uuid.uuid4(),
        name=name,
        assessment="graded",
        teacher_name="Соколова Анна Петровна",
        students_graded=25,
        success_rate=100.0,
        quality_rate=72.0,
        sou=66.4,
        average=4.1,
        distribution=Distribution.model_validate({"5": 8, "4": 10, "3": 7, "2": 0, "1": 0}),
    )


def school_analytics(classes: int = 60) -> SchoolAnalytics:
    term = uuid.uuid4()
    return SchoolAnalytics(
        classes=[
            ClassAnalytics(
                class_id=uuid.uuid4(),
                class_name=f"{5 + c // 10}-{'АБВГДЕЖЗИК'[c % 10]}",
                students_count=25,
                subjects=[_indicators(n) for n in SUBJECTS],
                attendance_rate=95.1,
                term_id=term,
                term_title="2-я четверть 2026/2027",
            )
            for c in range(classes)
        ],
        school=SchoolIndicators(
            students_count=classes * 25,
            students_graded=classes * 25,
            success_rate=99.1,
            quality_rate=71.3,
            sou=65.9,
            average=4.0,
            distribution=Distribution.model_validate({"5": 1, "4": 1, "3": 1, "2": 0, "1": 0}),
            attendance_rate=95.1,
        ),
        term_id=term,
        term_title="2-я четверть 2026/2027",
    )


def measure(
    label: str, make: Callable[[], Document], fmt: str, fonts: Path, repeat: int, goal: float
) -> None:
    times: list[float] = []
    size = 0
    for _ in range(repeat):
        started = time.perf_counter()
        _, data = render(make(), fmt, fonts=fonts)
        times.append(time.perf_counter() - started)
        size = len(data)
    # Memory in one more run of its own: tracing slows Python several times over.
    tracemalloc.start()
    render(make(), fmt, fonts=fonts)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    median = statistics.median(times)
    print(
        f"{label:<44} {fmt:<4} median {median * 1000:7.0f} ms  goal {goal * 1000:5.0f} ms  "
        f"ratio {median / goal:4.2f}  file {size / 1024:6.0f} KiB  "
        f"peak {peak / 2**20:5.1f} MiB"
    )


def files(args: argparse.Namespace) -> None:
    fonts = Settings().pdf_font_dir
    summary, report, school = class_summary(), year_report(), school_analytics()
    measure(
        "class summary, 30 students × 15 subjects",
        lambda: documents.class_summary(summary, "Лицей № 1", NOW, ZONE),
        "xlsx",
        fonts,
        args.repeat,
        1.0,
    )
    measure(
        "student's year report, 15 × 60 grades",
        lambda: documents.student_report(report, ZONE),
        "pdf",
        fonts,
        args.repeat,
        2.0,
    )
    for fmt in ("xlsx", "csv", "pdf"):
        measure(
            "school analytics, 1,500 students (60 × 15)",
            lambda: documents.school_analytics(school, "Лицей № 1", NOW, ZONE),
            fmt,
            fonts,
            args.repeat,
            60.0,
        )


# --- The export job on the bench dataset, through a real worker ---------------------------

DEFAULT_DB = "postgresql://postgres@127.0.0.1:5432/edudiary_bench_reports"
DATA_DIR = Path(tempfile.gettempdir()) / "edudiary-bench-reports"
EDUDIARY = ROOT / ".venv" / "bin" / "edudiary"


def load(url: str) -> None:
    from bench import diary_dataset

    diary_dataset.STUDENTS = 50  # 30 classes × 50 = 1,500 pupils, as bench/integration.py
    diary_dataset.recreate(url)
    diary_dataset.generate(url, 1, 48)


async def school_and_admin(url: str) -> tuple[uuid.UUID, uuid.UUID, uuid.UUID, list[uuid.UUID]]:
    """(school, term, a school administrator of it, the school's classes); the dataset has
    no administrator: one is added once."""
    import asyncpg

    connection = await asyncpg.connect(url)
    try:
        school = await connection.fetchval("SELECT id FROM schools ORDER BY id LIMIT 1")
        term = await connection.fetchval(
            "SELECT id FROM terms WHERE school_id = $1 ORDER BY starts_on LIMIT 1", school
        )
        classes = [
            r["id"]
            for r in await connection.fetch(
                "SELECT id FROM school_classes WHERE school_id = $1 ORDER BY grade, letter", school
            )
        ]
        admin = await connection.fetchval(
            "SELECT id FROM accounts WHERE school_id = $1 AND 'school_admin' = ANY(roles)", school
        )
        if admin is None:
            admin = uuid.uuid4()
            await connection.execute(
                "INSERT INTO accounts (id, last_name, first_name, phone, phone_confirmed_at,"
                " password_hash, level, status, roles, school_id)"
                " VALUES ($1, 'Директорова', 'Анна', '+79990001500', now(), '!', 'confirmed',"
                " 'active', ARRAY['school_admin'], $2)",
                admin,
                school,
            )
        return school, term, admin, classes
    finally:
        await connection.close()


def worker_env(url: str) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": url,
        "EDUDIARY_ENV": "test",
        "EDUDIARY_DATA_DIR": str(DATA_DIR),
        "EDUDIARY_LOG_LEVEL": "WARNING",
        "EDUDIARY_LOG_JSON": "false",
    }


def proc_status(pid: int, field: str) -> int:
    """A ``/proc/PID/status`` memory field in bytes (VmRSS, VmHWM)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1]) * 1024
    raise LookupError(field)


async def worker_ready(url: str) -> None:
    import asyncpg

    connection = await asyncpg.connect(url)
    try:
        while not await connection.fetchval("SELECT count(*) FROM procrastinate_workers"):  # noqa: ASYNC110 - polling another process
            await asyncio.sleep(0.2)
    finally:
        await connection.close()


async def request_export(
    url: str, admin: uuid.UUID, school: uuid.UUID, term: uuid.UUID, fmt: str
) -> uuid.UUID:
    """As ``POST /api/v1/exports`` does it: ``exports.create`` in one transaction."""
    from api.config import Settings as AppSettings
    from api.db import create_engine, create_sessionmaker
    from api.reports import exports
    from api.reports.schemas import ExportIn

    engine = create_engine(url, AppSettings(env="test", database_url=url, data_dir=DATA_DIR))
    try:
        async with create_sessionmaker(engine)() as session:
            principal = await exports.requester(session, admin)
            assert principal is not None
            body = ExportIn.model_validate(
                {"kind": "school_analytics", "format": fmt, "school_id": school, "term_id": term}
            )
            row = await exports.create(session, principal, body)
            await session.commit()
            return row.id
    finally:
        await engine.dispose()


async def wait_done(url: str, export_id: uuid.UUID, limit_s: float) -> tuple[str, int]:
    import asyncpg

    connection = await asyncpg.connect(url)
    try:
        deadline = time.monotonic() + limit_s
        while time.monotonic() < deadline:
            row = await connection.fetchrow(
                "SELECT status, coalesce(size, 0) AS size FROM report_exports WHERE id = $1",
                export_id,
            )
            assert row is not None
            if row["status"] in ("done", "failed"):
                return str(row["status"]), int(row["size"])
            await asyncio.sleep(0.05)
        return "timeout", 0
    finally:
        await connection.close()


def job(args: argparse.Namespace) -> None:
    url = args.database_url
    if not args.skip_load:
        load(url)
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    school, term, admin, _ = asyncio.run(school_and_admin(url))
    print("\nSchool analytics export of 1,500 pupils, one `edudiary worker` per format")
    for fmt in args.formats:
        asyncio.run(_clear_workers(url))
        worker = subprocess.Popen(
            [str(EDUDIARY), "worker", "--queue", "exports"],
            cwd=ROOT,
            env=worker_env(url),
            stdout=subprocess.DEVNULL,
        )
        try:
            asyncio.run(worker_ready(url))
            time.sleep(1)  # let the worker settle after start-up
            idle = proc_status(worker.pid, "VmRSS")
            started = time.perf_counter()
            export_id = asyncio.run(request_export(url, admin, school, term, fmt))
            status, size = asyncio.run(wait_done(url, export_id, args.timeout))
            elapsed = time.perf_counter() - started
            peak = proc_status(worker.pid, "VmHWM")
        finally:
            worker.terminate()
            try:
                worker.wait(30)
            except subprocess.TimeoutExpired:
                worker.kill()
        print(
            f"  {fmt:<4} {status:<7} {elapsed:6.1f} s (goal 60 s, ratio {elapsed / 60:.2f})  "
            f"file {size / 1024:6.0f} KiB  worker RSS idle {idle / 2**20:4.0f} MB, "
            f"peak {peak / 2**20:4.0f} MB (goal 200 MB)"
        )


async def _clear_workers(url: str) -> None:
    """Rows of workers of earlier runs that did not say goodbye (a killed run)."""
    import asyncpg

    connection = await asyncpg.connect(url)
    try:
        await connection.execute("DELETE FROM procrastinate_workers")
    finally:
        await connection.close()


# --- The class analytics endpoint -----------------------------------------------------------


async def admin_headers(url: str, admin: uuid.UUID) -> dict[str, str]:
    import asyncpg

    from api.config import Settings as AppSettings
    from api.identity import tokens

    settings = AppSettings(env="test", database_url=url, data_dir=DATA_DIR)
    connection = await asyncpg.connect(url)
    try:
        session_id, now = uuid.uuid4(), datetime.now(UTC)
        await connection.execute(
            "INSERT INTO refresh_sessions (id, account_id, created_at, last_used_at, expires_at)"
            " VALUES ($1, $2, $3, $3, $4)",
            session_id,
            admin,
            now,
            now + timedelta(days=1),
        )
    finally:
        await connection.close()
    token, _ = tokens.issue_access_token(settings, account_id=admin, session_id=session_id)
    return {"Authorization": f"Bearer {token}"}


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


async def hammer(
    base: str, paths: list[str], headers: dict[str, str], clients: int, rounds: int
) -> list[float]:
    import httpx

    times: list[float] = []
    queue = [p for _ in range(rounds) for p in paths]

    async def one(client: httpx.AsyncClient) -> None:
        while queue:
            path = queue.pop()
            started = time.perf_counter()
            answer = await client.get(path, headers=headers)
            times.append(time.perf_counter() - started)
            if answer.status_code != 200:
                raise SystemExit(f"{path}: {answer.status_code} {answer.text[:200]}")

    async with httpx.AsyncClient(base_url=base, timeout=60) as client:
        await asyncio.gather(*(one(client) for _ in range(clients)))
    return times


def endpoint(args: argparse.Namespace) -> None:
    from bench.endpoints import start_server

    url = args.database_url
    if not args.skip_load:
        load(url)
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    _, term, admin, classes = asyncio.run(school_and_admin(url))
    headers = asyncio.run(admin_headers(url, admin))
    paths = [f"/api/v1/classes/{c}/analytics?term_id={term}" for c in classes]
    server = start_server(
        url,
        args.port,
        {
            "EDUDIARY_ENV": "test",
            "EDUDIARY_DATA_DIR": str(DATA_DIR),
            "EDUDIARY_LOG_LEVEL": "WARNING",
        },
    )
    base = f"http://127.0.0.1:{args.port}"
    try:
        asyncio.run(hammer(base, paths, headers, 1, 1))  # warm: statements, connections
        print(f"\nGET /classes/{{id}}/analytics, {len(classes)} classes of 50 pupils, a term")
        for clients in (1, 8):
            started = time.perf_counter()
            times = asyncio.run(hammer(base, paths, headers, clients, args.rounds))
            wall = time.perf_counter() - started
            print(
                f"  {clients} client(s): {len(times)} requests, {len(times) / wall:5.1f} rps, "
                f"p50 {percentile(times, 0.5) * 1000:6.1f} ms, "
                f"p99 {percentile(times, 0.99) * 1000:6.1f} ms, "
                f"max {max(times) * 1000:6.1f} ms"
            )
    finally:
        server.terminate()
        server.wait()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    scenarios = parser.add_subparsers(dest="scenario")
    parser.add_argument("--repeat", type=int, default=5)
    for name in ("job", "endpoint"):
        sub = scenarios.add_parser(name)
        sub.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_DB))
        sub.add_argument("--skip-load", action="store_true")
    scenarios.choices["job"].add_argument(
        "--formats", nargs="+", default=["xlsx", "csv", "pdf"], choices=["xlsx", "csv", "pdf"]
    )
    scenarios.choices["job"].add_argument("--timeout", type=float, default=300)
    scenarios.choices["endpoint"].add_argument("--port", type=int, default=8941)
    scenarios.choices["endpoint"].add_argument("--rounds", type=int, default=10)
    args = parser.parse_args()
    if args.scenario == "job":
        job(args)
    elif args.scenario == "endpoint":
        endpoint(args)
    else:
        files(args)


if __name__ == "__main__":
    main()
