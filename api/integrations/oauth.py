"""``POST /oauth/token``: OAuth 2.0 client credentials grant (RFC 6749 §4.4, contract §2).

Answers are RFC 6749 JSON (``{"error": ...}``), not problem+json, and are returned rather
than raised so the request's transaction still commits the throttle event of a failed
attempt (30 token requests a minute per client_id, failures included: that is what slows
a guessing attacker).
"""

from __future__ import annotations

import base64
import binascii
from datetime import timedelta
from typing import Any
from urllib.parse import unquote

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from api.db import SessionDep
from api.identity import throttle
from api.identity.deps import SettingsDep
from api.integrations import door, service
from api.integrations.scopes import KNOWN

oauth_router = APIRouter(tags=["oauth"])

TOKEN_WINDOW = throttle.Window(limit=30, period=timedelta(minutes=1))
_FORM = "application/x-www-form-urlencoded"
_NO_STORE = {"Cache-Control": "no-store", "Pragma": "no-cache"}


def _answer(status: int, body: dict[str, Any], **headers: str) -> JSONResponse:
    return JSONResponse(body, status_code=status, headers={**_NO_STORE, **headers})


def _error(status: int, error: str) -> JSONResponse:
    extra = {"WWW-Authenticate": 'Basic realm="edudiary"'} if status == 401 else {}
    return _answer(status, {"error": error}, **extra)


class _Malformed(Exception):
    pass


def _basic(header: str | None) -> tuple[str, str] | None:
    """(id, secret) from ``Authorization: Basic``; None when absent."""
    if header is None:
        return None
    scheme, _, value = header.partition(" ")
    if scheme.lower() != "basic":
        raise _Malformed
    try:
        decoded = base64.b64decode(value.strip(), validate=True).decode()
    except (binascii.Error, UnicodeDecodeError):
        raise _Malformed from None
    client_id, sep, secret = decoded.partition(":")
    if not sep:
        raise _Malformed
    # RFC 6749 §2.3.1: both parts are form-urlencoded before base64.
    return unquote(client_id), unquote(secret)


_TOKEN_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            _FORM: {
                "schema": {
                    "type": "object",
                    "required": ["grant_type"],
                    "properties": {
                        "grant_type": {"type": "string", "enum": ["client_credentials"]},
                        "scope": {
                            "type": "string",
                            "description": "Через пробел; по умолчанию все",
                        },
                        "client_id": {"type": "string"},
                        "client_secret": {"type": "string"},
                    },
                }
            }
        },
    }
}

_TOKEN_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "Ключ доступа на 15 минут",
        "content": {
            "application/json": {
                "schema": {
                    "type": "object",
                    "required": ["access_token", "token_type", "expires_in", "scope"],
                    "properties": {
                        "access_token": {"type": "string"},
                        "token_type": {"type": "string", "enum": ["Bearer"]},
                        "expires_in": {"type": "integer"},
                        "scope": {"type": "string"},
                    },
                }
            }
        },
    },
    **{
        status: {
            "description": text,
            "content": {
                "application/json": {
                    "schema": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string"}},
                    }
                }
            },
        }
        for status, text in (
            (400, "invalid_request, unsupported_grant_type, invalid_scope"),
            (401, "invalid_client"),
            (429, "Больше 30 запросов в минуту"),
        )
    },
}


@oauth_router.post(
    "/oauth/token",
    name="token",
    summary="Ключ доступа клиента интеграции (OAuth 2.0 client credentials)",
    openapi_extra=_TOKEN_BODY,
    responses=_TOKEN_RESPONSES,
    response_class=JSONResponse,
)
async def token(request: Request, session: SessionDep, settings: SettingsDep) -> JSONResponse:
    if request.headers.get("content-type", "").split(";")[0].strip().lower() != _FORM:
        return _error(400, "invalid_request")
    form = await request.form()
    fields = {key: value for key, value in form.items() if isinstance(value, str)}
    try:
        basic = _basic(request.headers.get("authorization"))
    except _Malformed:
        return _error(400, "invalid_request")
    if basic is not None and "client_secret" in fields:
        return _error(400, "invalid_request")  # RFC 6749 §2.3: one method only
    if basic is None:
        client_id, secret = fields.get("client_id"), fields.get("client_secret")
        if not client_id or not secret:
            return _error(401, "invalid_client")
    else:
        client_id, secret = basic

    bucket = throttle.bucket("oauth_token", client_id)
    await throttle.lock(session, bucket)
    wait = await throttle.retry_after(session, bucket, TOKEN_WINDOW)
    if wait is not None:
        return _answer(429, {"error": "rate_limited"}, **{"Retry-After": str(wait)})
    await throttle.record(session, bucket, keep=TOKEN_WINDOW.period)

    if "grant_type" not in fields:
        return _error(400, "invalid_request")
    client = await service.by_secret(session, secret, client_id)
    if client is None:
        return _error(401, "invalid_client")
    if fields["grant_type"] != "client_credentials":
        return _error(400, "unsupported_grant_type")
    requested = fields.get("scope")
    if requested is None or not requested.strip():
        granted = list(client.scopes)
    else:
        wanted = requested.split()
        # Never a silent subset: a scope the client lacks fails the whole request.
        if any(s not in KNOWN or s not in client.scopes for s in wanted):
            return _error(400, "invalid_scope")
        granted = [s for s in client.scopes if s in wanted]
    await service.touch(session, client)
    access = door.issue_token(settings, client, granted)
    return _answer(
        200,
        {
            "access_token": access,
            "token_type": "Bearer",
            "expires_in": int(door.TOKEN_TTL.total_seconds()),
            "scope": " ".join(granted),
        },
    )
