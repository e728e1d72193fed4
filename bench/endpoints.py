"""Every GET endpoint of the contract, as its natural caller: server CPU per request.

Creates (or reuses, with ``--skip-setup``) a scratch database with the demo data, starts
one ``edudiary serve`` process on a local port, logs in as each demo account, then walks
every GET operation of ``openapi/openapi.json``. Each endpoint is called by the first
caller that gets a 200 (anonymous, parent, student, teacher, class teacher, school admin,
operator), with ids taken from the demo data, and then timed: ``--requests`` sequential
keep-alive requests after a warm-up. The server's CPU is read from the kernel (the sum of
``/proc/PID/task/*/schedstat`` run times: nanoseconds, every thread) before and after.

Prints per-request server CPU, client p50 and p99, most expensive first, and each
endpoint's CPU as a multiple of the week diary's (the reference)::

    .venv/bin/python bench/endpoints.py                     # setup, then measure
    .venv/bin/python bench/endpoints.py --skip-setup --requests 500
    .venv/bin/python bench/endpoints.py --only /api/v1/me --profile   # py-spy flame of one

Run by hand on a quiet machine; the figures are ratios to the week diary, never asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"
DB_NAME = "edudiary_bench_endpoints"
ROLES = ("anonymous", "parent", "student", "teacher", "class_teacher", "school_admin", "operator")
REFERENCE = "/api/v1/students/{student_id}/diary"


@dataclass
class Figure:
    path: str
    role: str
    cpu_ms: float
    p50_ms: float
    p99_ms: float
    size: int


def py_spy() -> str:
    """The virtualenv's py-spy (``pip install py-spy``; not a dependency), else PATH's."""
    local = BIN / "py-spy"
    return str(local) if local.exists() else "py-spy"


def server_cpu_ns(pid: int) -> int:
    total = 0
    for task in Path(f"/proc/{pid}/task").iterdir():
        try:
            total += int((task / "schedstat").read_text().split()[0])
        except (OSError, ValueError):
            continue  # a thread that ended between listing and reading
    return total


def setup_database(name: str) -> str:
    url = subprocess.check_output(
        [str(BIN / "python"), "-m", "tests.support", "create-db", name], cwd=ROOT, text=True
    ).strip()
    env = {**os.environ, "DATABASE_URL": url, "EDUDIARY_ENV": "development"}
    subprocess.run([str(BIN / "alembic"), "upgrade", "heads"], cwd=ROOT, env=env, check=True)
    return url


def seed(url: str) -> dict[str, Any]:
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "EDUDIARY_ENV": "development",
        "EDUDIARY_LOG_LEVEL": "WARNING",
    }
    out = subprocess.check_output(
        [str(BIN / "edudiary"), "seed-demo", "--json"], cwd=ROOT, env=env, text=True
    )
    data: dict[str, Any] = json.loads(out)
    return data


def start_server(url: str, port: int, extra_env: dict[str, str]) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "EDUDIARY_ENV": "development",
        "EDUDIARY_LOG_LEVEL": "WARNING",
        "EDUDIARY_LOG_JSON": "false",
        **extra_env,
    }
    process = subprocess.Popen(
        [str(BIN / "edudiary"), "serve", "--port", str(port)], cwd=ROOT, env=env
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/v1/health", timeout=1).status_code == 200:
                return process
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    process.kill()
    raise SystemExit("the server did not start")


def login(client: httpx.Client, phone: str, password: str) -> dict[str, Any]:
    """The tokens of one demo account (its access and refresh token)."""
    answer = client.post("/api/v1/auth/login", json={"login": phone, "password": password})
    answer.raise_for_status()
    body: dict[str, Any] = answer.json()
    if "access_token" in body:
        return body
    outbox = client.get("/api/v1/dev/outbox", params={"to": phone}).json()
    code = re.search(r"\b(\d{4,8})\b", outbox[0]["body"])
    assert code is not None, "no code in the SMS"
    verified = client.post(
        "/api/v1/auth/login/verify",
        json={"challenge_id": body["challenge_id"], "code": code[1]},
    )
    verified.raise_for_status()
    tokens: dict[str, Any] = verified.json()
    return tokens


class Callers:
    """Each demo role's ``Authorization`` header. An access token lives 15 minutes and a
    full run takes longer on a busy machine: the tokens are renewed (``/auth/refresh``)
    every ``RENEW_AFTER`` seconds, before an endpoint is measured, never during it."""

    RENEW_AFTER = 600.0

    def __init__(self, client: httpx.Client, demo: dict[str, Any]) -> None:
        self.client = client
        self.refresh: dict[str, str] = {}
        self.headers: dict[str, dict[str, str]] = {"anonymous": {}}
        for account in demo["accounts"]:
            self._take(account["role"], login(client, account["login"], account["password"]))
        self.renewed = time.monotonic()

    def _take(self, role: str, tokens: dict[str, Any]) -> None:
        self.headers[role] = {"Authorization": f"Bearer {tokens['access_token']}"}
        self.refresh[role] = str(tokens["refresh_token"])

    def fresh(self) -> dict[str, dict[str, str]]:
        if time.monotonic() - self.renewed > self.RENEW_AFTER:
            for role, token in list(self.refresh.items()):
                answer = self.client.post("/api/v1/auth/refresh", json={"refresh_token": token})
                answer.raise_for_status()
                self._take(role, answer.json())
            self.renewed = time.monotonic()
        return self.headers


def first_id(client: httpx.Client, path: str, headers: dict[str, str], **params: Any) -> str | None:
    answer = client.get(path, headers=headers, params=params)
    if answer.status_code != 200:
        return None
    body = answer.json()
    items = body.get("items", body) if isinstance(body, dict) else body
    return str(items[0]["id"]) if items else None


def add_missing_rows(
    client: httpx.Client, values: dict[str, str], headers: dict[str, dict[str, str]]
) -> None:
    """The demo has no parents' meeting and no support ticket: the bench writes one of each
    as their natural authors (the school admin publishes a meeting for the parent's child's
    class, the parent books a slot; the parent writes to support, the operator answers), so
    the meeting and ticket reads are measured on a row, not on an empty list."""
    parent, student = headers["parent"], values["student_id"]
    if not first_id(client, f"/api/v1/students/{student}/meetings", parent):
        mine = client.get("/api/v1/me/students", headers=parent).json()
        class_id = next(s["school_class"]["id"] for s in mine if s["id"] == student)
        start = datetime.now(UTC).replace(microsecond=0) + timedelta(days=3)
        slots = [
            {
                "starts_at": (start + timedelta(minutes=15 * i)).isoformat(),
                "ends_at": (start + timedelta(minutes=15 * (i + 1))).isoformat(),
            }
            for i in range(8)
        ]
        meeting = client.post(
            "/api/v1/meetings",
            json={
                "class_id": class_id,
                "title": "Собрание",
                "place": "Кабинет 214",
                "slots": slots,
            },
            headers=headers["school_admin"],
        )
        meeting.raise_for_status()
        slot = meeting.json()["slots"][0]["id"]
        client.post(
            f"/api/v1/meeting-slots/{slot}/booking", json={"student_id": student}, headers=parent
        ).raise_for_status()
    if not first_id(client, "/api/v1/support/tickets", parent):
        ticket = client.post(
            "/api/v1/support/tickets",
            json={"subject": "Не вижу оценки", "description": "Со вчерашнего дня пустой дневник"},
            headers=parent,
        )
        ticket.raise_for_status()
        client.post(
            f"/api/v1/admin/support/tickets/{ticket.json()['id']}/messages",
            json={"text": "Проверяем, ответим сегодня"},
            headers=headers["operator"],
        )


def gather_values(
    client: httpx.Client, demo: dict[str, Any], headers: dict[str, dict[str, str]]
) -> dict[str, str]:
    """Path and query values from the demo data, as each natural caller would have them."""
    accounts = {a["role"]: a for a in demo["accounts"]}
    today = date.today()
    monday = today - timedelta(days=today.weekday() + 7)
    values: dict[str, str] = {
        "student_id": accounts["parent"]["student_ids"][0],
        "school_id": accounts["teacher"]["school_id"],
        "from": monday.isoformat(),
        "to": (monday + timedelta(days=6)).isoformat(),
        "phone": accounts["parent"]["login"],
        "version": "1",
    }
    teacher = headers["teacher"]
    lessons = client.get(
        "/api/v1/me/lessons", headers=teacher, params={"from": values["from"], "to": values["to"]}
    ).json()
    lesson = (lessons.get("items", lessons) if isinstance(lessons, dict) else lessons)[0]
    values["lesson_id"] = str(lesson["id"])
    values["class_id"] = str(lesson["school_class"]["id"])
    values["subject_id"] = str(lesson["subject"]["id"])
    parent = headers["parent"]
    student = values["student_id"]
    terms = client.get(f"/api/v1/students/{student}/terms", headers=parent).json()
    if terms.get("terms"):
        values["term_id"] = str(terms["terms"][0]["id"])
    feed = client.get("/api/v1/me/calendar-feed", headers=parent).json()
    values["token"] = feed["url"].rsplit("/", 1)[1].removesuffix(".ics")
    for name, path, role in (
        ("child_id", "/api/v1/me/children", "parent"),
        ("homework_id", f"/api/v1/students/{student}/homework", "parent"),
        ("application_id", f"/api/v1/schools/{values['school_id']}/applications", "school_admin"),
        ("ticket_id", "/api/v1/support/tickets", "parent"),
        ("conversation_id", "/api/v1/conversations", "parent"),
        ("announcement_id", "/api/v1/me/announcements", "parent"),
        ("meeting_id", "/api/v1/meetings", "school_admin"),
        ("request_id", "/api/v1/admin/connection-requests", "operator"),
    ):
        found = first_id(client, path, headers[role])
        if found:
            values[name] = found
    records = f"/api/v1/classes/{values['class_id']}/signed-records"
    found = first_id(client, records, teacher)
    if found:  # the demo signs none: only when one was made by hand (bench/README.md)
        values["record_id"] = found
    clients = "/api/v1/integration-clients"
    found = first_id(client, clients, headers["school_admin"])
    if found is None:  # the demo has none: one for the client's own endpoints
        created = client.post(
            clients,
            headers=headers["school_admin"],
            json={
                "name": "Bench",
                "scopes": ["edudiary:schedule.readonly"],
                "legal_basis": "bench",
            },
        )
        found = str(created.json()["id"]) if created.status_code == 201 else None
    if found:
        values["client_uuid"] = found
    requests = "/api/v1/connection-requests"
    found = first_id(client, requests, parent)
    if found is None:  # the demo has none: the parent's own, for a school not connected
        schools = client.get("/api/v1/schools", params={"limit": 100}).json()["items"]
        waiting = [s for s in schools if not s["connected"]]
        if waiting:
            created = client.post(
                requests,
                headers=parent,
                json={
                    "school_id": waiting[0]["id"],
                    "contact_name": "Иванова Анна",
                    "contact_phone": accounts["parent"]["login"],
                    "message": "Подключите, пожалуйста, школу",
                },
            )
            found = str(created.json()["id"]) if created.status_code in (200, 201) else None
    if found:
        values["request_id"] = found
    me = client.get("/api/v1/me", headers=parent).json()
    values["account_id"] = str(me["id"])
    current = client.get("/api/v1/consents/current")
    if current.status_code == 200:
        values["version"] = str(current.json().get("version", "1"))
    return values


def operations() -> list[tuple[str, list[dict[str, Any]]]]:
    spec = json.loads((ROOT / "openapi" / "openapi.json").read_text())
    found = []
    for path, methods in spec["paths"].items():
        if "get" not in methods or path.startswith("/api/v1/dev/"):
            continue
        # A live stream (text/event-stream) answers for its token's life: timing it would
        # hang the walk for 15 minutes; bench/stream.py measures it.
        answers = methods["get"].get("responses", {}).get("200", {}).get("content", {})
        if "text/event-stream" in answers:
            continue
        found.append((path, methods["get"].get("parameters", [])))
    return found


def build_url(
    path: str, parameters: list[dict[str, Any]], values: dict[str, str]
) -> tuple[str, dict[str, str]] | None:
    url = path
    query: dict[str, str] = {}
    for parameter in parameters:
        name = parameter["name"]
        if parameter["in"] == "path":
            if name not in values:
                return None
            url = url.replace("{" + name + "}", values[name])
        elif parameter["in"] == "query" and parameter.get("required"):
            if name not in values:
                return None
            query[name] = values[name]
    return url, query


def measure(
    client: httpx.Client,
    pid: int,
    url: str,
    query: dict[str, str],
    headers: dict[str, str],
    requests: int,
) -> tuple[float, list[float], int]:
    for _ in range(max(10, requests // 10)):
        client.get(url, params=query, headers=headers)
    latencies = []
    size = 0
    before = server_cpu_ns(pid)
    for _ in range(requests):
        started = time.perf_counter()
        answer = client.get(url, params=query, headers=headers)
        latencies.append((time.perf_counter() - started) * 1000)
        size = len(answer.content)
    cpu_ms = (server_cpu_ns(pid) - before) / requests / 1e6
    return cpu_ms, latencies, size


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--port", type=int, default=8790)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--skip-setup", action="store_true", help="reuse the scratch database")
    parser.add_argument(
        "--only",
        action="append",
        help="measure only this path template (repeat for several; the week diary, the"
        " reference, is measured too)",
    )
    parser.add_argument("--profile", action="store_true", help="py-spy record during --only")
    parser.add_argument(
        "--profile-out",
        default="/tmp/endpoint.svg",
        help="py-spy's flame graph (.svg) or collapsed stacks (.txt)",
    )
    parser.add_argument("--env", action="append", default=[], help="KEY=VALUE for the server")
    parser.add_argument(
        "--db", default=DB_NAME, help="scratch database (parallel runs each own one)"
    )
    args = parser.parse_args()

    url = (
        f"postgresql://postgres@127.0.0.1:5432/{args.db}"
        if args.skip_setup
        else setup_database(args.db)
    )
    demo = seed(url)
    extra_env = dict(item.split("=", 1) for item in args.env)
    server = start_server(url, args.port, extra_env)
    try:
        base = f"http://127.0.0.1:{args.port}"
        with httpx.Client(base_url=base, timeout=30) as client:
            callers = Callers(client, demo)
            values = gather_values(client, demo, callers.fresh())
            add_missing_rows(client, values, callers.fresh())
            values = gather_values(client, demo, callers.fresh())
            figures: list[Figure] = []
            skipped: list[str] = []
            for path, parameters in operations():
                if args.only and path not in (*args.only, REFERENCE):
                    continue
                built = build_url(path, parameters, values)
                if built is None:
                    skipped.append(f"{path} (no demo value)")
                    continue
                url_path, query = built
                headers = callers.fresh()
                role = next(
                    (
                        r
                        for r in ROLES
                        if r in headers
                        and client.get(url_path, params=query, headers=headers[r]).status_code
                        == 200
                    ),
                    None,
                )
                if role is None:
                    skipped.append(f"{path} (no caller gets 200)")
                    continue
                profiler = None
                if args.profile:
                    profiler = subprocess.Popen(
                        [py_spy(), "record", "-p", str(server.pid), "-o", args.profile_out]
                        # collapsed stacks (one line per stack) for a .txt name
                        + (["--format", "raw"] if args.profile_out.endswith(".txt") else [])
                    )
                    time.sleep(1)
                cpu, latencies, size = measure(
                    client, server.pid, url_path, query, headers[role], args.requests
                )
                if profiler is not None:
                    profiler.send_signal(2)
                    profiler.wait()
                latencies.sort()
                figures.append(
                    Figure(
                        path,
                        role,
                        cpu,
                        statistics.median(latencies),
                        latencies[int(len(latencies) * 0.99) - 1],
                        size,
                    )
                )
    finally:
        server.terminate()
        server.wait(timeout=30)

    reference = next((f.cpu_ms for f in figures if f.path == REFERENCE), None)
    print(f"{'endpoint':<62} {'caller':<13} {'cpu ms':>7} {'×diary':>7} {'p50':>6} {'p99':>6}")
    for f in sorted(figures, key=lambda f: f.cpu_ms, reverse=True):
        ratio = f"{f.cpu_ms / reference:.2f}" if reference else "-"
        print(
            f"{f.path:<62} {f.role:<13} {f.cpu_ms:7.2f} {ratio:>7} {f.p50_ms:6.2f} {f.p99_ms:6.2f}"
        )
    for line in skipped:
        print("skipped:", line, file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
