"""The hot lane: the week diary, the grade list and the bulk grade post served ahead of
FastAPI's router.

Why: with the statements already one round trip (``reads``, ``writes``), what remained
was per-request Python — matching ~130 routes, resolving dependencies, verifying the
ES256 access token (≈ 200 µs of CPU each time). ``bench/diary_load.py`` measured the
routed endpoints at 30–55 % of a bare asyncpg handler. This pure ASGI layer sits inside
the request-context and idempotency middleware (request ids, languages, access log and
Idempotency-Key behave as everywhere) and in front of the router:

* it answers only the well-formed, successful case: canonical ids, the query parameters
  it knows with valid values, a valid bearer token whose session is open, a subject the
  caller may see. Everything else — any error, any unusual input — it *declines*: the
  request (with its body replayed) goes on to the routed endpoint, which stays declared in
  the OpenAPI contract and produces every problem+json answer. Errors are thus written in
  one place, and the lane cannot answer differently from the contract;
* verified access tokens are kept in a small cache keyed by the token text (the signature
  covers exactly that text); expiry is re-checked on every use and the session's
  revocation is checked inside the SQL, as on the routed path;
* a grade post with families who asked for grade SMS/e-mail, or the school's first post
  (its work types not created yet), is declined before anything is written: those need
  the ORM services.

``tests/diary/test_lane.py`` holds the lane's answers equal to the router's.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import date, datetime, timedelta
from typing import Any

import asyncpg
import orjson
from pydantic import TypeAdapter, ValidationError
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.config import Settings
from api.diary.fastpath import execution, reads
from api.diary.grades import service as grades_service
from api.diary.grades.schemas import GradeIn
from api.errors import ValidationFailed
from api.identity import clock, tokens

_UUID = "([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})"
_STUDENT_READ = re.compile(f"^/api/v1/students/{_UUID}/(diary|grades)$")
_LESSON_GRADES = re.compile(f"^/api/v1/lessons/{_UUID}/grades$")
_WEEK = re.compile(rb"^week=([0-9]{4})-W([0-9]{2})$")
_DAY = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
_MAX_BODY = 256 * 1024
_GRADES_BODY = TypeAdapter(list[GradeIn])


class Decline(Exception):
    """The lane leaves this request to the router."""


class TokenCache:
    """Verified access tokens → their caller, until the token expires. Bounded: cleared
    whole when full (a refill costs one verification per active user)."""

    def __init__(self, size: int = 8192) -> None:
        self.size = size
        self.entries: dict[str, tuple[execution.Caller, datetime]] = {}

    def caller(self, settings: Settings, token: str) -> execution.Caller:
        now = clock.now()
        hit = self.entries.get(token)
        if hit is not None and hit[1] > now:
            return hit[0]
        try:
            claims = tokens.decode_access_token(settings, token)
        except (tokens.TokenInvalid, tokens.TokenExpired):
            raise Decline() from None
        if len(self.entries) >= self.size:
            self.entries.clear()
        caller = execution.Caller(claims.account_id, claims.session_id)
        self.entries[token] = (caller, claims.expires_at)
        return caller


def bearer(scope: Scope) -> str:
    for name, value in scope["headers"]:
        if name == b"authorization":
            text: str = value.decode("latin-1")
            scheme, _, token = text.partition(" ")
            if scheme.lower() == "bearer" and token:
                return token
            break
    raise Decline()


def header(scope: Scope, wanted: bytes) -> bytes:
    for name, value in scope["headers"]:
        if name == wanted:
            return bytes(value)
    return b""


def week_days(query: bytes) -> tuple[str, list[date]]:
    """``week=2026-W48`` (or nothing: the current week, as the router computes it)."""
    if not query:
        today = (clock.now() + timedelta(hours=12)).date()
        year, number, _ = today.isocalendar()
    else:
        match = _WEEK.match(query)
        if match is None:
            raise Decline()
        year, number = int(match[1]), int(match[2])
    try:
        monday = date.fromisocalendar(year, number, 1)
    except ValueError:
        raise Decline() from None
    return f"{year}-W{number:02d}", [monday + timedelta(days=n) for n in range(7)]


def grade_filters(query: bytes) -> dict[str, Any]:
    """``from``, ``to``, ``subject_id``, ``limit``, ``offset`` with the router's bounds."""
    values: dict[str, Any] = {
        "start": None,
        "end": None,
        "subject_id": None,
        "limit": 50,
        "offset": 0,
    }
    seen: set[str] = set()
    for pair in query.decode("latin-1").split("&") if query else ():
        key, sep, value = pair.partition("=")
        if not sep or key in seen or "%" in value or "+" in value:
            raise Decline()
        seen.add(key)
        try:
            if key in ("from", "to") and _DAY.match(value):
                values["start" if key == "from" else "end"] = date.fromisoformat(value)
            elif key == "subject_id" and re.fullmatch(_UUID, value):
                values["subject_id"] = uuid.UUID(value)
            elif key == "limit" and value.isdigit() and 1 <= int(value) <= 200:
                values["limit"] = int(value)
            elif key == "offset" and value.isdigit() and int(value) <= 100_000:
                values["offset"] = int(value)
            else:
                raise Decline()
        except ValueError:
            raise Decline() from None
    return values


async def read_body(receive: Receive) -> tuple[bytes, bool]:
    """(the body, complete); stops at ``_MAX_BODY`` — the router then reads the rest."""
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] != "http.request":
            raise Decline()
        chunk = message.get("body", b"")
        chunks.append(chunk)
        size += len(chunk)
        if not message.get("more_body", False):
            return b"".join(chunks), True
        if size > _MAX_BODY:
            return b"".join(chunks), False


def replay(body: bytes, complete: bool, receive: Receive) -> Receive:
    """A ``receive`` that hands the router what the lane already read, then the rest."""
    pending = True

    async def again() -> Message:
        nonlocal pending
        if pending:
            pending = False
            return {"type": "http.request", "body": body, "more_body": not complete}
        return await receive()

    return again


async def respond(send: Send, status: int, body: bytes) -> None:
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-length", str(len(body)).encode()),
                (b"content-type", b"application/json"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


class HotLane:
    """ASGI middleware: serves the three hot paths, passes everything else on."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.tokens = TokenCache()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            method, path = scope["method"], scope["path"]
            if method == "GET" and (match := _STUDENT_READ.match(path)):
                scope["path_params"] = {"student_id": match[1]}
                try:
                    body = await self.student_read(scope, uuid.UUID(match[1]), match[2])
                except Decline:
                    pass
                else:
                    await respond(send, 200, body)
                    return
            elif method == "POST" and (match := _LESSON_GRADES.match(path)):
                scope["path_params"] = {"lesson_id": match[1]}
                await self.grade_post(scope, receive, send, uuid.UUID(match[1]))
                return
        await self.app(scope, receive, send)

    @staticmethod
    @asynccontextmanager
    async def connection(scope: Scope) -> AsyncIterator[asyncpg.Connection[Any]]:
        """From the lane's own pool; without one (tests), the app's sessions."""
        state = scope["app"].state
        if state.hot_pool is None:
            async with execution.pooled_connection(state.sessionmaker) as connection:
                yield connection
            return
        async with state.hot_pool.acquire() as connection:
            yield connection

    @staticmethod
    @asynccontextmanager
    async def transaction(scope: Scope) -> AsyncIterator[asyncpg.Connection[Any]]:
        """As ``connection``, inside a transaction committed when the block ends cleanly."""
        state = scope["app"].state
        if state.hot_pool is None:
            async with execution.transaction(state.sessionmaker) as connection:
                yield connection
            return
        async with state.hot_pool.acquire() as connection, connection.transaction():
            yield connection

    def caller(self, scope: Scope) -> execution.Caller:
        settings: Settings = scope["app"].state.settings
        return self.tokens.caller(settings, bearer(scope))

    async def student_read(self, scope: Scope, student_id: uuid.UUID, what: str) -> bytes:
        query: bytes = scope["query_string"]
        values: dict[str, Any]
        statement: Callable[[], Any]
        if what == "diary":
            week, days = week_days(query)
            values, statement = {"week": week, "days": days}, reads.diary_statement
        else:
            values, statement = grade_filters(query), reads.grade_list_statement
        caller = self.caller(scope)
        async with self.connection(scope) as connection:
            try:
                text = await execution.fetch_read(
                    connection, caller, statement, student_id=student_id, **values
                )
            except execution.SessionGone:
                raise Decline() from None
        if text is None:
            raise Decline()  # not visible: the router answers 404
        return text.encode()

    async def grade_post(
        self, scope: Scope, receive: Receive, send: Send, lesson_id: uuid.UUID
    ) -> None:
        try:
            body, complete = await read_body(receive)
        except Decline:
            return  # the client went away
        try:
            if not complete or not header(scope, b"content-type").startswith(b"application/json"):
                raise Decline()
            answer = await self.record(scope, lesson_id, body)
        except Decline:
            await self.app(scope, replay(body, complete, receive), send)
            return
        await respond(send, 201, answer)

    async def record(self, scope: Scope, lesson_id: uuid.UUID, body: bytes) -> bytes:
        # Parsed, then validated in Python mode: exactly what the router does with a body.
        try:
            items = _GRADES_BODY.validate_python(orjson.loads(body))
        except (orjson.JSONDecodeError, ValidationError):
            raise Decline() from None
        if not 1 <= len(items) <= 100:
            raise Decline()
        caller = self.caller(scope)
        async with self.transaction(scope) as connection:
            try:
                is_teacher, text = await execution.grade_context(connection, caller, lesson_id)
            except execution.SessionGone:
                raise Decline() from None
            if not is_teacher or text is None:
                raise Decline()
            context: dict[str, Any] = orjson.loads(text)
            work_types = grades_service.work_types_of(context)
            if not work_types or context["opted_in"]:
                raise Decline()
            try:
                rows = grades_service.plan(context, work_types, items)
            except ValidationFailed:
                raise Decline() from None
            written, _ = await grades_service.write(connection, caller, context, rows)
        return written.encode()
