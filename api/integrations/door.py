"""How an integration client becomes a ``Principal`` (``api.identity.deps.ClientDoor``).

Client access tokens are ES256 JWTs from ``api.identity.tokens`` (the one decoder and the
one ``TokenCache`` for people's and clients' tokens; ``typ: "client"``, another audience).
What the signature cannot say — is the client still active, which scopes does it hold
now, is it over its rate limit — is asked of PostgreSQL on every request, in one statement
(``ratelimit.BY_ID`` / ``BY_SECRET_HASH``): a revoke and narrowed scopes bind at once, the
effective scopes are the token's ∩ the row's, and the request is counted against the
client's per-minute limit whatever happens next. Every answer then carries the
``RateLimit``/``RateLimit-Policy`` headers; over the limit → 429 + ``Retry-After``.
"""

from __future__ import annotations

from contextlib import asynccontextmanager
from typing import Any

import asyncpg
from fastapi import Request
from sqlalchemy.ext.asyncio import AsyncSession

from api.config import Settings
from api.db import session_driver
from api.identity import clock, tokens
from api.identity.deps import CallerKind, ClientUnauthorized, Principal
from api.integrations import ratelimit, secrets
from api.integrations.models import IntegrationClient
from api.middleware import add_response_headers

TOKEN_TTL = tokens.CLIENT_TTL

__all__ = ["TOKEN_TTL", "ClientUnauthorized", "IntegrationDoor", "issue_token"]


def issue_token(settings: Settings, client: IntegrationClient, scopes: list[str]) -> str:
    return tokens.issue_client_token(settings, client_uuid=client.id, scopes=scopes)


def principal_of(row: Any, scopes: frozenset[str] | None) -> Principal:
    """``scopes`` None: an API key, which carries all the client's scopes."""
    held = frozenset(row["scopes"])
    return Principal(
        account_id=row["id"],
        roles=frozenset(),
        level="client",
        school_id=row["school_id"],
        session_id=None,
        kind=CallerKind.client,
        scopes=held if scopes is None else scopes & held,
        client_id=row["client_id"],
    )


@asynccontextmanager
async def _connection(request: Request, session: AsyncSession) -> Any:
    """The hot pool's autocommit connection (the counter's row lock lasts one statement,
    not the request's transaction); where there is none (tests), the request's session."""
    pool: asyncpg.Pool[Any] | None = request.app.state.hot_pool
    if pool is None:
        yield await session_driver(session)
        return
    async with pool.acquire() as connection:
        yield connection


class IntegrationDoor:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    async def _admit(self, request: Request, session: AsyncSession, sql: str, key: Any) -> Any:
        now = clock.now()
        async with _connection(request, session) as connection:
            row = await connection.fetchrow(sql, now, key)
        if row is None:
            raise ClientUnauthorized()
        verdict = ratelimit.verdict(row["q"], now, row["admitted"], row["previous"])
        if verdict.retry_after is not None:
            raise ratelimit.RateLimited(verdict)
        add_response_headers(request.scope, verdict.headers())
        return row

    async def by_token(
        self, request: Request, session: AsyncSession, claims: tokens.ClientClaims
    ) -> Principal:
        row = await self._admit(request, session, ratelimit.BY_ID, claims.client_uuid)
        return principal_of(row, claims.scopes)

    async def by_api_key(self, request: Request, session: AsyncSession, key: str) -> Principal:
        if not secrets.well_formed(key):
            raise ClientUnauthorized()
        row = await self._admit(
            request, session, ratelimit.BY_SECRET_HASH, secrets.secret_hash(key)
        )
        return principal_of(row, None)
