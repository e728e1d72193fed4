"""A third-party platform's side of an edudiary integration (docs/integrations.md).

Three things, each a function you can lift into your own code:

* ``Session`` — a client-credentials token (``POST /oauth/token``), renewed before it
  expires; waits ``Retry-After`` on 429 and retries once on a 401 (token expired).
* ``sync_roster`` — pulls the school's users, classes and enrollments from OneRoster 1.2
  into a local SQLite file, 1,000 rows a page following the ``Link: rel="next"`` header.
  The first run is a full pull; every later run asks only for what changed since the
  newest ``dateLastModified`` it has seen (``filter=dateLastModified>'…'``) and deletes the
  rows that came back as tombstones (``status: "tobedeleted"``).
* ``push_result`` — writes one of your results into the gradebook (OneRoster 1.2
  ``PUT /lineItems/{id}`` then ``PUT /results/{id}``, scope ``gradebook.createput``). It
  is no grade: the teacher sees it in the journal as a suggestion and accepts or rejects
  it. A PUT is idempotent — the same body again changes nothing — so retry freely.
* ``verify_webhook`` and ``serve_webhooks`` — a receiver for edudiary's Standard Webhooks
  1.0 deliveries: checks ``webhook-signature`` (HMAC-SHA256 of ``id.timestamp.body``)
  and the ±5-minute timestamp tolerance, answers 2xx fast, skips a ``webhook-id`` it has
  already processed (deliveries are at-least-once).

Run it (Python ≥ 3.11, ``pip install httpx``):

    export EDUDIARY_URL=http://127.0.0.1:8000 EDUDIARY_CLIENT_ID=edc_… EDUDIARY_CLIENT_SECRET=edsk_…
    python examples/edudiary_sync.py sync --db roster.sqlite3      # full, then delta on each run
    EDUDIARY_WEBHOOK_SECRET=whsec_… python examples/edudiary_sync.py listen --port 9000
    python examples/edudiary_sync.py push --class <scheduled class sourcedId> \
        --category <category sourcedId> --student <student sourcedId> --score 92 --max 100 \
        --title "Тест «Квадратные уравнения»" --date 2026-11-23
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import hashlib
import hmac
import json
import os
import sqlite3
import sys
import time
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import Any

import httpx

ROSTERING = "/ims/oneroster/rostering/v1p2"
GRADEBOOK = "/ims/oneroster/gradebook/v1p2"
# Your own namespace for your sourcedIds: the same assignment and pupil always give the
# same ids, so a re-run replaces instead of duplicating.
PLATFORM_NAMESPACE = uuid.UUID("6f1d3c1e-7a52-4c8e-9a57-3b0c2f4d9e10")
ROSTER_SCOPE = "https://purl.imsglobal.org/spec/or/v1p2/scope/roster.readonly"
PAGE = 1000
# collection path → its envelope key
COLLECTIONS = {"users": "users", "classes": "classes", "enrollments": "enrollments"}


@dataclass
class Session:
    """Bearer-token calls with the token renewed a minute before it expires."""

    http: httpx.AsyncClient
    client_id: str
    client_secret: str
    scope: str | None = None
    token: str | None = None
    expires_at: float = 0.0
    max_waits: int = 5

    async def _token(self) -> str:
        if self.token is None or time.monotonic() > self.expires_at - 60:
            form = {"grant_type": "client_credentials"}
            if self.scope:
                form["scope"] = self.scope
            answer = await self.http.post(
                "/oauth/token", data=form, auth=(self.client_id, self.client_secret)
            )
            answer.raise_for_status()
            body = answer.json()
            self.token = str(body["access_token"])
            self.expires_at = time.monotonic() + int(body["expires_in"])
        return self.token

    async def get(self, url: str, **params: Any) -> httpx.Response:
        return await self.request("GET", url, params=params or None)

    async def put(self, url: str, body: dict[str, Any]) -> httpx.Response:
        return await self.request("PUT", url, json=body)

    async def request(self, method: str, url: str, **kwargs: Any) -> httpx.Response:
        renewed = False
        for _ in range(self.max_waits + 1):
            token = await self._token()
            answer = await self.http.request(
                method, url, headers={"Authorization": f"Bearer {token}"}, **kwargs
            )
            if answer.status_code == 429:  # over the client's per-minute limit
                await asyncio.sleep(int(answer.headers.get("Retry-After", "1")))
                continue
            if answer.status_code == 401 and not renewed:  # expired or key rotated
                self.token, renewed = None, True
                continue
            answer.raise_for_status()
            return answer
        answer.raise_for_status()
        raise RuntimeError(f"{url}: still rate limited after {self.max_waits} waits")


async def pages(
    session: Session, path: str, key: str, delta: str | None
) -> AsyncIterator[list[dict[str, Any]]]:
    """Every page of a collection, following ``Link: rel="next"`` until there is none."""
    params: dict[str, Any] = {"limit": PAGE, "offset": 0}
    if delta is not None:
        params["filter"] = f"dateLastModified>'{delta}'"
    answer = await session.get(path, **params)
    while True:
        yield list(answer.json()[key])
        following = answer.links.get("next")
        if following is None:
            return
        answer = await session.get(following["url"])  # absolute, parameters included


def open_store(path: str) -> sqlite3.Connection:
    db = sqlite3.connect(path)
    db.execute(
        "CREATE TABLE IF NOT EXISTS roster (collection TEXT, sourced_id TEXT, modified TEXT,"
        " body TEXT, PRIMARY KEY (collection, sourced_id))"
    )
    db.execute("CREATE TABLE IF NOT EXISTS sync_state (collection TEXT PRIMARY KEY, since TEXT)")
    return db


@dataclass
class SyncReport:
    upserted: dict[str, int] = field(default_factory=dict)
    deleted: dict[str, int] = field(default_factory=dict)
    delta: dict[str, str | None] = field(default_factory=dict)


async def sync_roster(session: Session, db: sqlite3.Connection) -> SyncReport:
    report = SyncReport()
    for name, key in COLLECTIONS.items():
        row = db.execute("SELECT since FROM sync_state WHERE collection = ?", (name,)).fetchone()
        since: str | None = row[0] if row else None
        newest = since
        upserted = deleted = 0
        async for items in pages(session, f"{ROSTERING}/{name}", key, since):
            for item in items:
                modified = str(item["dateLastModified"])
                # The server's clock, not ours: the next delta starts where this data ends.
                newest = modified if newest is None or modified > newest else newest
                if item["status"] == "tobedeleted":
                    db.execute(
                        "DELETE FROM roster WHERE collection = ? AND sourced_id = ?",
                        (name, item["sourcedId"]),
                    )
                    deleted += 1
                else:
                    db.execute(
                        "INSERT INTO roster VALUES (?, ?, ?, ?)"
                        " ON CONFLICT (collection, sourced_id) DO UPDATE"
                        " SET modified = excluded.modified, body = excluded.body",
                        (name, item["sourcedId"], modified, json.dumps(item, ensure_ascii=False)),
                    )
                    upserted += 1
        db.execute(
            "INSERT INTO sync_state VALUES (?, ?) ON CONFLICT (collection)"
            " DO UPDATE SET since = excluded.since",
            (name, newest),
        )
        db.commit()
        report.upserted[name], report.deleted[name], report.delta[name] = upserted, deleted, since
    return report


# --- webhooks ---------------------------------------------------------------------------

TOLERANCE = 5 * 60


class InvalidWebhook(Exception):
    pass


def verify_webhook(
    secret: str, headers: dict[str, str], body: bytes, now: float | None = None
) -> dict[str, Any]:
    """The event of a genuine delivery; ``InvalidWebhook`` otherwise. ``headers`` with
    lower-case names. During a secret rotation ``webhook-signature`` carries two
    space-separated signatures; either may match."""
    try:
        message_id = headers["webhook-id"]
        timestamp = headers["webhook-timestamp"]
        signatures = headers["webhook-signature"].split()
        sent = int(timestamp)
    except (KeyError, ValueError):
        raise InvalidWebhook("missing or malformed webhook headers") from None
    if abs((time.time() if now is None else now) - sent) > TOLERANCE:
        raise InvalidWebhook("timestamp outside the tolerance")
    key = base64.b64decode(secret.removeprefix("whsec_"))
    signed = f"{message_id}.{timestamp}.".encode() + body
    expected = base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()
    for candidate in signatures:
        version, _, value = candidate.partition(",")
        if version == "v1" and hmac.compare_digest(value, expected):
            event: dict[str, Any] = json.loads(body)
            return event
    raise InvalidWebhook("no signature matches")


def handler_for(secret: str, seen: set[str]) -> type[BaseHTTPRequestHandler]:
    class Receiver(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("content-length", "0")))
            headers = {k.lower(): v for k, v in self.headers.items()}
            try:
                event = verify_webhook(secret, headers, body)
            except InvalidWebhook:
                self.send_response(400)
                self.end_headers()
                return
            if headers["webhook-id"] not in seen:  # at-least-once: process each id once
                seen.add(headers["webhook-id"])
                # Thin payload: ids only. Fetch details through the API (audited), e.g.
                # GET /ims/oneroster/gradebook/v1p2/results/{data.id} for grade.*.
                print(json.dumps({"type": event["type"], "data": event["data"]}), flush=True)
            self.send_response(204)
            self.end_headers()

        def log_message(self, format: str, *args: Any) -> None:
            return None

    return Receiver


def serve_webhooks(secret: str, port: int) -> None:
    HTTPServer(("0.0.0.0", port), handler_for(secret, set())).serve_forever()  # noqa: S104


@dataclass(frozen=True)
class Assignment:
    """A piece of work on your platform, as a gradebook column of a subject class."""

    key: str  # your own id of it
    title: str
    class_id: str  # the scheduled class's sourcedId (``9-Б Алгебра``), from /classes
    category_id: str  # a category's sourcedId (``Контрольная работа``), from /categories
    day: str  # YYYY-MM-DD
    max_score: float = 100


async def push_result(
    session: Session, work: Assignment, student_id: str, score: float, comment: str | None = None
) -> tuple[str, str]:
    """Write ``work`` (once) and the pupil's ``score`` on it; returns the two sourcedIds.

    201 = created, 200 = replaced or unchanged; 403 — not your object (the teacher's own
    journal or another platform's), 404 — not of your school, 422 — the pupil is not in
    the class or a value is out of range."""
    line_item = str(uuid.uuid5(PLATFORM_NAMESPACE, f"line-item:{work.key}"))
    result = str(uuid.uuid5(PLATFORM_NAMESPACE, f"result:{work.key}:{student_id}"))
    await session.put(
        f"{GRADEBOOK}/lineItems/{line_item}",
        {
            "lineItem": {
                "title": work.title,
                "assignDate": f"{work.day}T00:00:00Z",
                "dueDate": f"{work.day}T23:59:59Z",
                "class": {"sourcedId": work.class_id},
                "category": {"sourcedId": work.category_id},
                "resultValueMin": 0,
                "resultValueMax": work.max_score,
            }
        },
    )
    await session.put(
        f"{GRADEBOOK}/results/{result}",
        {
            "result": {
                "lineItem": {"sourcedId": line_item},
                "student": {"sourcedId": student_id},
                "score": score,
                "scoreStatus": "fully graded",
                "scoreDate": work.day,
                "comment": comment,
            }
        },
    )
    return line_item, result


# --- command line -----------------------------------------------------------------------


async def run_sync(db_path: str) -> None:
    async with httpx.AsyncClient(base_url=os.environ["EDUDIARY_URL"], timeout=30) as http:
        session = Session(
            http, os.environ["EDUDIARY_CLIENT_ID"], os.environ["EDUDIARY_CLIENT_SECRET"]
        )
        report = await sync_roster(session, open_store(db_path))
    for name in COLLECTIONS:
        kind = "delta since " + str(report.delta[name]) if report.delta[name] else "full"
        print(f"{name}: {kind}: {report.upserted[name]} saved, {report.deleted[name]} deleted")


async def run_push(work: Assignment, student_id: str, score: float) -> None:
    async with httpx.AsyncClient(base_url=os.environ["EDUDIARY_URL"], timeout=30) as http:
        session = Session(
            http, os.environ["EDUDIARY_CLIENT_ID"], os.environ["EDUDIARY_CLIENT_SECRET"]
        )
        line_item, result = await push_result(session, work, student_id, score)
    print(f"lineItem {line_item}, result {result}: waiting for the teacher in the journal")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    sync = commands.add_parser("sync", help="pull users, classes, enrollments (full, then delta)")
    sync.add_argument("--db", default="roster.sqlite3")
    listen = commands.add_parser("listen", help="receive and verify webhooks")
    listen.add_argument("--port", type=int, default=9000)
    push = commands.add_parser("push", help="send one result: a grade suggestion to the teacher")
    push.add_argument("--class", dest="class_id", required=True)
    push.add_argument("--category", required=True)
    push.add_argument("--student", required=True)
    push.add_argument("--score", type=float, required=True)
    push.add_argument("--max", type=float, default=100)
    push.add_argument("--title", required=True)
    push.add_argument("--date", required=True, help="YYYY-MM-DD")
    args = parser.parse_args(argv)
    if args.command == "sync":
        asyncio.run(run_sync(args.db))
    elif args.command == "push":
        work = Assignment(args.title, args.title, args.class_id, args.category, args.date, args.max)
        asyncio.run(run_push(work, args.student, args.score))
    else:
        serve_webhooks(os.environ["EDUDIARY_WEBHOOK_SECRET"], args.port)
    return 0


if __name__ == "__main__":
    sys.exit(main())
