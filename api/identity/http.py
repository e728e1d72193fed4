"""HTTP glue shared by the identity routers: the refresh cookie and token responses."""

from __future__ import annotations

from fastapi import Response

from api.config import Settings
from api.identity import clock
from api.identity.schemas import TokensOut
from api.identity.sessions import IssuedTokens

REFRESH_COOKIE = "edudiary_refresh"
REFRESH_COOKIE_PATH = "/api/v1/auth"


def set_refresh_cookie(response: Response, issued: IssuedTokens, settings: Settings) -> None:
    """HttpOnly, Secure, SameSite=Strict, only sent to /api/v1/auth: for the SPA.

    ``Secure`` unless EDUDIARY_COOKIE_SECURE=false: a school's plain-HTTP LAN install
    would otherwise lose the session on every reload (browsers drop Secure cookies there).
    """
    max_age = int((issued.refresh_expires_at - clock.now()).total_seconds())
    response.set_cookie(
        REFRESH_COOKIE,
        issued.refresh_token,
        max_age=max(0, max_age),
        path=REFRESH_COOKIE_PATH,
        secure=settings.cookie_secure,
        httponly=True,
        samesite="strict",
    )


def clear_refresh_cookie(response: Response, settings: Settings) -> None:
    response.delete_cookie(
        REFRESH_COOKIE,
        path=REFRESH_COOKIE_PATH,
        secure=settings.cookie_secure,
        httponly=True,
        samesite="strict",
    )


def tokens_out(issued: IssuedTokens, response: Response, settings: Settings) -> TokensOut:
    set_refresh_cookie(response, issued, settings)
    return TokensOut(
        access_token=issued.access_token,
        refresh_token=issued.refresh_token,
        expires_in=issued.expires_in,
        refresh_expires_at=issued.refresh_expires_at,
    )
