"""Request context: id, language, access log. Pure ASGI (no BaseHTTPMiddleware)."""

from __future__ import annotations

import logging
import re
import time
import uuid

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.i18n import current_lang, negotiate
from api.logs import request_id_var

access_log = logging.getLogger("edudiary.access")

_SAFE_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")
_EXTRA_HEADERS = "edudiary.response_headers"


def add_response_headers(scope: Scope, headers: dict[str, str]) -> None:
    """Headers for whatever answer this request gets — the route's model, a ``Response``
    it returns itself, or an error raised later (e.g. the ``RateLimit`` fields an
    integration client's every answer carries). A header the answer sets itself wins."""
    extra: list[tuple[bytes, bytes]] = scope.setdefault(_EXTRA_HEADERS, [])
    extra.extend(
        (name.lower().encode("latin-1"), value.encode("latin-1")) for name, value in headers.items()
    )


def _templated_path(scope: Scope) -> str:
    """``/api/v1/calendar/{token}.ics`` instead of the token: path parameters are put back
    as their names (routers nest, so the matched route alone does not know the prefix)."""
    path: str = scope["path"]
    for name, value in (scope.get("path_params") or {}).items():
        text = str(value)
        if text:
            path = path.replace(text, "{" + name + "}")
    return path


class RequestContextMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1"): v.decode("latin-1") for k, v in scope["headers"]}
        incoming = headers.get("x-request-id", "")
        request_id = incoming if _SAFE_REQUEST_ID.match(incoming) else uuid.uuid4().hex
        request_id_var.set(request_id)
        current_lang.set(negotiate(headers.get("accept-language")))
        started = time.perf_counter()
        status = 500

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message.setdefault("headers", [])
                extra: list[tuple[bytes, bytes]] = scope.get(_EXTRA_HEADERS, [])
                if extra:
                    names = {name.lower() for name, _ in message["headers"]}
                    extra = [(n, v) for n, v in extra if n not in names]
                message["headers"] = [
                    *message["headers"],
                    *extra,
                    (b"x-request-id", request_id.encode()),
                    (b"content-language", current_lang.get().encode()),
                ]
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            # The route template, not the raw URL: query strings can carry personal data
            # (operator search by phone) and some paths carry secrets (calendar tokens).
            path = _templated_path(scope)
            access_log.info(
                "request",
                extra={
                    "method": scope["method"],
                    "path": path,
                    "status": status,
                    "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                },
            )
