"""``Idempotency-Key`` on every POST under /api/v1: a replay returns the first response.

A pure ASGI middleware, so every create endpoint gets it without code of its own. Keys are
per caller (the verified token's account, or "anonymous"), bound to the exact request
(method, path, body), reserved before the first request runs (a concurrent twin gets 409)
and forgotten when that request fails, so a corrected retry can reuse the key. A crash
mid-request cannot wedge a key: see ``commit_marker``.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.errors import AppError, BadRequest, problem_for
from api.i18n import Text
from api.idempotency import commit_marker, service
from api.request_body import buffer_body

logger = logging.getLogger("edudiary.idempotency")

# Bodies above this are streamed through untouched (document uploads are not replayed).
MAX_BUFFERED_BODY = 1024 * 1024
_JSON_TYPES = (b"application/json", b"application/problem+json")


def _principal(scope: Scope, headers: dict[bytes, bytes]) -> str | None:
    authorization = headers.get(b"authorization", b"").decode("latin-1")
    if not authorization:
        return "anonymous"
    scheme, _, token = authorization.partition(" ")
    if scheme.lower() != "bearer" or not token:
        return None
    from api.identity.tokens import decode_access_token

    try:
        claims = decode_access_token(scope["app"].state.settings, token.strip())
    except AppError:
        return None  # the endpoint answers 401 itself; nothing to remember
    return f"account:{claims.account_id}"


class IdempotencyMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] != "http"
            or scope["method"] != "POST"
            or not scope["path"].startswith("/api/v1/")
            # Sign-in answers carry tokens and codes: never stored, never replayed.
            or scope["path"].startswith("/api/v1/auth/")
        ):
            await self.app(scope, receive, send)
            return
        headers = dict(scope["headers"])
        raw_key = headers.get(b"idempotency-key")
        if raw_key is None:
            await self.app(scope, receive, send)
            return
        key = raw_key.decode("latin-1").strip()
        if not 1 <= len(key) <= 255 or not key.isprintable():
            error = BadRequest(
                code="idempotency_key_invalid",
                detail=Text(
                    "Заголовок Idempotency-Key должен содержать от 1 до 255 печатных символов",
                    "Idempotency-Key must be 1 to 255 printable characters",
                ),
            )
            await problem_for(error)(scope, receive, send)
            return

        body, more_body, replay_receive = await buffer_body(receive, MAX_BUFFERED_BODY)
        principal = _principal(scope, headers)
        sessionmaker: async_sessionmaker[AsyncSession] | None = scope["app"].state.sessionmaker
        if more_body or principal is None or sessionmaker is None:
            await self.app(scope, replay_receive, send)
            return

        target = scope["path"] + (
            "?" + scope["query_string"].decode() if scope["query_string"] else ""
        )
        digest = service.request_digest("POST", target, body)
        try:
            async with sessionmaker() as session:
                stored = await service.lookup(session, principal=principal, key=key, digest=digest)
                if stored is None and not await service.claim(
                    session, principal=principal, key=key, digest=digest
                ):
                    stored = await service.lookup(
                        session, principal=principal, key=key, digest=digest
                    )
                await session.commit()
        except AppError as error:
            await problem_for(error)(scope, receive, send)
            return
        if stored is not None:
            await _send_stored(send, stored)
            return

        captured: dict[str, Any] = {"status": 500, "storable": False, "chunks": []}

        async def capture(message: Message) -> None:
            if message["type"] == "http.response.start":
                captured["status"] = message["status"]
                response_headers = dict(message.get("headers", []))
                # Secrets shown once (confirmation codes) are marked no-store: not kept.
                captured["storable"] = response_headers.get(b"content-type", b"").startswith(
                    _JSON_TYPES
                ) and b"no-store" not in response_headers.get(b"cache-control", b"")
            elif message["type"] == "http.response.body":
                captured["chunks"].append(message.get("body", b""))
            await send(message)

        try:
            with commit_marker.holding(principal, key):
                await self.app(scope, replay_receive, capture)
        finally:
            await _finish(sessionmaker, principal, key, captured)


async def _send_stored(send: Send, stored: service.StoredResponse) -> None:
    payload = json.dumps(stored.body, ensure_ascii=False).encode()
    await send(
        {
            "type": "http.response.start",
            "status": stored.status_code,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(payload)).encode()),
                (b"idempotent-replayed", b"true"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": payload})


async def _finish(
    sessionmaker: async_sessionmaker[AsyncSession],
    principal: str,
    key: str,
    captured: dict[str, Any],
) -> None:
    status: int = captured["status"]
    async with sessionmaker() as session:
        if 200 <= status < 300 and captured["storable"]:
            raw = b"".join(captured["chunks"])
            try:
                body = json.loads(raw) if raw else None
            except ValueError:
                body = None
            await service.complete(
                session, principal=principal, key=key, status_code=status, body=body
            )
        else:
            await service.release(session, principal=principal, key=key)
        await session.commit()
