"""Control characters stop at the door: in the path, the query string or any JSON string.

Pure ASGI. The schemas' ``SingleLineText``/``MultiLineText`` (``api/text.py``) give each
field its precise rule; this guard applies the lenient one (line breaks and tabs allowed)
to everything else — query parameters, path segments, fields a schema forgot — so a NUL
never reaches PostgreSQL (which would refuse it with a server error) and the client gets
a field error it can show.

JSON bodies are only parsed when their raw bytes contain an escape that could spell a
control character (``\\u00XX``, ``\\b``, ``\\f``, ``\\ud8XX``): ordinary requests pay
one byte scan.
"""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import parse_qsl

from starlette.types import ASGIApp, Receive, Scope, Send

from api.errors import FieldError, NotFound, ValidationFailed, problem_for
from api.i18n import Text
from api.request_body import buffer_body
from api.text import CODE, MESSAGE_EN, MESSAGE_RU, has_forbidden_characters

_SUSPECT_ESCAPE = re.compile(rb"\\(?:u00[0-9a-fA-F]{2}|u[dD][89a-fA-F]|b|f)")
_JSON = (b"application/json", b"application/problem+json")
# Bodies above this pass unchecked (uploads are multipart; JSON bodies are far smaller).
MAX_CHECKED_BODY = 2 * 1024 * 1024


def _bad_paths(value: Any, path: str) -> list[str]:
    if isinstance(value, str):
        return [path] if has_forbidden_characters(value) else []
    if isinstance(value, dict):
        found = []
        for key, item in value.items():
            child = f"{path}.{key}" if path else str(key)
            found += [child] if has_forbidden_characters(str(key)) else _bad_paths(item, child)
        return found
    if isinstance(value, list):
        found = []
        for index, item in enumerate(value):
            found += _bad_paths(item, f"{path}.{index}" if path else str(index))
        return found
    return []


def _refusal(fields: list[str]) -> ValidationFailed:
    message = Text(MESSAGE_RU, MESSAGE_EN)
    return ValidationFailed(
        code="validation_failed",
        detail=message,
        errors=[FieldError(field or "body", CODE, message) for field in fields[:20]],
    )


class InputGuardMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if has_forbidden_characters(scope["path"], multiline=False):
            # No route or file has such a name (``GET /index.html%00.png``).
            await problem_for(NotFound(code="not_found"))(scope, receive, send)
            return
        query = scope.get("query_string", b"")
        if query:
            pairs = parse_qsl(query.decode("latin-1"), keep_blank_values=True, encoding="utf-8")
            bad = [name for name, value in pairs if has_forbidden_characters(name + value)]
            if bad:
                await problem_for(_refusal(bad))(scope, receive, send)
                return
        headers = dict(scope["headers"])
        if scope["method"] not in ("POST", "PUT", "PATCH", "DELETE") or not headers.get(
            b"content-type", b""
        ).startswith(_JSON):
            await self.app(scope, receive, send)
            return
        body, more, replay = await buffer_body(receive, MAX_CHECKED_BODY)
        if not more and _SUSPECT_ESCAPE.search(body):
            try:
                document = json.loads(body)
            except ValueError:
                document = None  # FastAPI answers malformed JSON itself
            bad = _bad_paths(document, "")
            if bad:
                await problem_for(_refusal(bad))(scope, replay, send)
                return
        await self.app(scope, replay, send)
