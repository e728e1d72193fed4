"""HTTP glue shared by the identity routers: the refresh cookie and committed failures.

Some refusals must leave a trace in the database — a wrong code spends a try, a wrong
password counts towards the lock-out, a replayed refresh token revokes its family. A
raised error rolls the request's transaction back, so those routes turn the error into
a problem response themselves and return it: the transaction then commits as usual.
"""

from __future__ import annotations

from collections.abc import Awaitable
from typing import TypeVar

from fastapi import Response
from fastapi.responses import JSONResponse

from api.errors import AppError, problem_response
from api.identity import clock
from api.identity.schemas import TokensOut
from api.identity.sessions import IssuedTokens

REFRESH_COOKIE = "edudiary_refresh"
REFRESH_COOKIE_PATH = "/api/v1/auth"

T = TypeVar("T")


def problem_from(exc: AppError) -> JSONResponse:
    return problem_response(
        status=exc.status,
        code=exc.code,
        title=exc.title,
        detail=exc.detail,
        errors=exc.errors,
        headers=exc.headers,
    )


async def committing(call: Awaitable[T]) -> T | JSONResponse:
    """Await ``call``; an AppError becomes a returned problem response (changes kept)."""
    try:
        return await call
    except AppError as exc:
        return problem_from(exc)


def set_refresh_cookie(response: Response, issued: IssuedTokens) -> None:
    """HttpOnly, Secure, SameSite=Strict, only sent to /api/v1/auth: for the SPA."""
    max_age = int((issued.refresh_expires_at - clock.now()).total_seconds())
    response.set_cookie(
        REFRESH_COOKIE,
        issued.refresh_token,
        max_age=max(0, max_age),
        path=REFRESH_COOKIE_PATH,
        secure=True,
        httponly=True,
        samesite="strict",
    )


def clear_refresh_cookie(response: Response) -> None:
    response.delete_cookie(
        REFRESH_COOKIE, path=REFRESH_COOKIE_PATH, secure=True, httponly=True, samesite="strict"
    )


def tokens_out(issued: IssuedTokens, response: Response) -> TokensOut:
    set_refresh_cookie(response, issued)
    return TokensOut(
        access_token=issued.access_token,
        refresh_token=issued.refresh_token,
        expires_in=issued.expires_in,
        refresh_expires_at=issued.refresh_expires_at,
    )
