"""Who is calling: one ``Principal`` for every route, role-gated aliases over it.

Two steps, each in one place:

* ``_person_claims`` (behind ``BearerToken`` and ``HotRead``) checks the access token's
  signature and lifetime. Verifying ES256
  costs ≈ 200 µs of CPU, so verified tokens are kept per process (``TokenCache``), keyed
  by the token text, which the signature covers; expiry is re-checked on every use.
* ``caller_select`` is the SQL that confirms the account is active and the token's
  session still open (log-out, password reset and replay detection take effect at once,
  not when the token expires), and reads roles, level and school from the account row —
  never from the token. ``current_principal`` runs it; single-statement endpoints embed
  the same select in their statement (``api/diary/sql.py``), so the check costs
  them no extra round trip.

A new kind of caller (an integration client) is a new way to reach a ``Principal``
here; routes and access functions keep asking the principal what it may do. Clients are
let in only where a route says so: ``current_principal`` (and every alias over it,
``BearerToken`` and the single-statement endpoints' ``HotRead``) admits people only and
answers 403 to a client; ``current_caller`` admits both, ``require_scopes`` clients only. How a
client's token or API key becomes a ``Principal`` is the integrations feature's business
(``ClientDoor`` on ``app.state.client_door``): identity does not import it, it imports us.
"""

from __future__ import annotations

import enum
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass
from functools import cache
from typing import Annotated, Any, Protocol, TypeVar

import asyncpg
from fastapi import Depends, Request
from fastapi.security import APIKeyHeader, HTTPAuthorizationCredentials, HTTPBearer
from fastapi.security.base import SecurityBase
from fastapi.security.utils import get_authorization_scheme_param
from jose import jwt
from jose.exceptions import JOSEError
from sqlalchemy import ColumnElement, DateTime, Select, Uuid, bindparam, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.config import Settings
from api.db import SessionDep, hot_connection, request_session, session_driver
from api.errors import Forbidden, Unauthorized
from api.i18n import Text
from api.identity import clock, tokens
from api.identity.models import Account, AccountLevel, AccountStatus, RefreshSession, Role
from api.statements import Compiled

bearer_scheme = HTTPBearer(
    auto_error=False,
    scheme_name="bearer",
    description="Ключ доступа (JWT ES256) из /api/v1/auth/login, /refresh",
)


api_key_scheme = APIKeyHeader(
    name="X-API-Key",
    auto_error=False,
    scheme_name="api_key",
    description="Секрет клиента интеграции (edsk_…), равносилен его ключу со всеми правами",
)

Credentials = Annotated[HTTPAuthorizationCredentials | None, Depends(bearer_scheme)]
ApiKey = Annotated[str | None, Depends(api_key_scheme)]


async def get_settings_dep(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


SettingsDep = Annotated[Settings, Depends(get_settings_dep)]

_Claims = TypeVar("_Claims", tokens.AccessClaims, tokens.ClientClaims)


class TokenCache:
    """Verified access tokens → their claims, until the token expires: people's and
    integration clients' tokens alike (``tokens`` has the one decoder of both). Bounded:
    cleared whole when full (a refill costs one verification per active caller). Only the
    signature's verdict is kept — who may still act (session open, client not revoked) is
    asked of PostgreSQL on every request."""

    def __init__(self, size: int = 8192) -> None:
        self.size = size
        self.entries: dict[str, tokens.AccessClaims | tokens.ClientClaims] = {}

    def _get(
        self,
        settings: Settings,
        token: str,
        decode: Callable[[Settings, str], _Claims],
        kind: type[_Claims],
    ) -> _Claims:
        hit = self.entries.get(token)
        if hit is None:
            fresh = decode(settings, token)
            if len(self.entries) >= self.size:
                self.entries.clear()
            self.entries[token] = fresh
            return fresh
        if not isinstance(hit, kind):  # a client's token offered as a person's, or back
            raise tokens.TokenInvalid()
        if hit.expires_at <= clock.now():
            raise tokens.TokenExpired()
        return hit

    def claims(self, settings: Settings, token: str) -> tokens.AccessClaims:
        return self._get(settings, token, tokens.decode_access_token, tokens.AccessClaims)

    def client_claims(self, settings: Settings, token: str) -> tokens.ClientClaims:
        return self._get(settings, token, tokens.decode_client_token, tokens.ClientClaims)


class ClientUnauthorized(Unauthorized):
    """A client's token or API key refused: unknown, expired, revoked (contract §2)."""

    def __init__(self) -> None:
        super().__init__(
            code="invalid_client",
            detail=Text(
                "Ключ клиента интеграции недействителен или отозван",
                "The integration client's credentials are invalid or revoked",
            ),
            headers={"WWW-Authenticate": 'Bearer error="invalid_token"'},
        )


class ClientNotAllowed(Forbidden):
    def __init__(self) -> None:
        super().__init__(
            code="client_not_allowed",
            detail=Text(
                "Этот адрес недоступен клиентам интеграции",
                "This endpoint is not available to integration clients",
            ),
        )


def _is_client_token(token: str) -> bool:
    """Only picks the answer (403 rather than 401) and the door to try: nothing is trusted
    before the chosen door verifies the signature."""
    try:
        return bool(jwt.get_unverified_claims(token).get("typ") == "client")
    except (JOSEError, AttributeError, ValueError):
        return False


def _person_claims(request: Request, credentials: str | None) -> tokens.AccessClaims:
    """The one check behind ``BearerToken`` and ``HotRead``: ``credentials`` is the bearer
    token's text (None when the request has no ``Authorization: Bearer``)."""
    if credentials is None:
        if api_key_scheme.model.name in request.headers:
            raise ClientNotAllowed()
        raise tokens.TokenInvalid()
    state = request.app.state
    cache: TokenCache = state.token_cache
    try:
        return cache.claims(state.settings, credentials)
    except tokens.TokenInvalid:
        # A client's token never decodes as a person's (no session, another audience);
        # looked at only then, so a person's request pays nothing for it.
        if _is_client_token(credentials):
            raise ClientNotAllowed() from None
        raise


async def verified_token(request: Request, credentials: Credentials) -> tokens.AccessClaims:
    """A person's access token's claims (signature and lifetime checked; the session is
    not). An integration client's token or API key → 403: this is a people-only route.
    (The key is read from the headers, not through ``api_key_scheme``: people-only routes
    must not advertise it in the OpenAPI document.)"""
    bearer = credentials is not None and credentials.scheme.lower() == "bearer"
    return _person_claims(request, credentials.credentials if bearer and credentials else None)


BearerToken = Annotated[tokens.AccessClaims, Depends(verified_token)]


@dataclass(frozen=True, slots=True)
class Hot:
    """A single-statement read's dependencies: the caller's verified token (the session is
    checked inside the statement) and, on ``connect()``, a connection of the hot pool."""

    claims: tokens.AccessClaims
    state: Any  # app.state

    def connect(self) -> AbstractAsyncContextManager[asyncpg.Connection[Any]]:
        return hot_connection(self.state)


class _HotDoor(SecurityBase):
    """The bearer token and the hot pool as one plain dependency. Why: FastAPI resolves each
    dependency node on every request (its parameters, its cache key) and wraps a generator
    dependency in two context managers and a cancel scope. The week diary used three
    nodes (``HTTPBearer``, ``verified_token``, a generator yielding the connection) that
    cost about as much CPU as running its statement; with this one it makes 20 % fewer
    Python calls per request (1,198 → 953; ``/me`` 959 → 714). The token is checked by the
    same ``_person_claims`` as ``BearerToken``; the route takes its connection with
    ``async with hot.connect()``. The OpenAPI document is unchanged: this is the
    ``bearer`` scheme (same name and model), read from the ``Authorization`` header as
    ``HTTPBearer`` reads it."""

    def __init__(self) -> None:
        self.model = bearer_scheme.model
        self.scheme_name = bearer_scheme.scheme_name

    async def __call__(self, request: Request) -> Hot:
        scheme, credentials = get_authorization_scheme_param(request.headers.get("Authorization"))
        bearer = bool(scheme and credentials) and scheme.lower() == "bearer"
        return Hot(_person_claims(request, credentials if bearer else None), request.app.state)


HotRead = Annotated[Hot, Depends(_HotDoor())]


@dataclass(frozen=True, slots=True)
class HotOrClient:
    """A single-statement read open to people and to integration clients: a person's
    request is ``hot`` (as ``HotRead``: the statement checks the session); a client's
    (``hot`` is None) goes through ``current_caller``'s door on a session, since admitting
    a client writes (its rate-limit count) and so does auditing its read."""

    hot: Hot | None
    request: Request

    @asynccontextmanager
    async def client(
        self, check: Callable[[Principal], Awaitable[Principal]]
    ) -> AsyncIterator[tuple[Principal, AsyncSession]]:
        """The client as ``current_caller`` admits it, passed through ``check`` (the
        route's ``roles_or_scopes``), with the request's session."""
        scheme, credentials = get_authorization_scheme_param(
            self.request.headers.get("Authorization")
        )
        bearer = None
        if scheme and credentials and scheme.lower() == "bearer":
            bearer = HTTPAuthorizationCredentials(scheme=scheme, credentials=credentials)
        api_key = self.request.headers.get(api_key_scheme.model.name) or None
        async with request_session(self.request) as session:
            caller = await current_caller(self.request, session, bearer, api_key)
            yield await check(caller), session


class _HotOrClientDoor(_HotDoor):
    async def __call__(self, request: Request) -> Hot | None:  # type: ignore[override]
        try:
            return await super().__call__(request)
        except ClientNotAllowed:  # a client's token or key: the route's client path
            return None


async def _hot_or_client(
    request: Request, hot: Annotated[Hot | None, Depends(_HotOrClientDoor())], api_key: ApiKey
) -> HotOrClient:
    # ``api_key`` is declared for the OpenAPI document (the route names both schemes, as
    # ``current_caller`` does); a client's path reads it again from the headers.
    del api_key
    return HotOrClient(hot, request)


HotOrClientRead = Annotated[HotOrClient, Depends(_hot_or_client)]


class CallerKind(enum.StrEnum):
    person = "person"
    client = "client"  # an integration client of one school (docs/integrations.md)


@dataclass(frozen=True, slots=True)
class Principal:
    """``account_id`` is the client's uuid for a client (the audit log's ``actor_id``);
    a client holds no roles and no session, only ``scopes`` (token ∩ client row)."""

    account_id: uuid.UUID
    roles: frozenset[Role]
    level: str
    school_id: uuid.UUID | None
    session_id: uuid.UUID | None
    kind: CallerKind = CallerKind.person
    scopes: frozenset[str] = frozenset()
    client_id: str | None = None  # a client's public ``edc_…`` id (audit details)

    def has_any(self, *roles: Role) -> bool:
        return not self.roles.isdisjoint(roles)

    @property
    def is_client(self) -> bool:
        return self.kind is CallerKind.client

    @classmethod
    def of(cls, claims: tokens.AccessClaims, row: Any) -> Principal:
        """From a row of ``caller_select`` (roles, level, school_id)."""
        return cls(
            account_id=claims.account_id,
            roles=frozenset(Role(r) for r in row["roles"]),
            level=str(row["level"]),
            school_id=row["school_id"],
            session_id=claims.session_id,
        )


def caller_select(
    account_id: ColumnElement[Any], session_id: ColumnElement[Any], now: ColumnElement[Any]
) -> Select[uuid.UUID, list[str], AccountLevel, uuid.UUID | None]:
    """The token's account with its roles, level and school — a row only while the account
    is active and the session open. The values are SQL expressions: literals here, bound
    parameters in the statements that embed it."""
    return (
        select(
            Account.id.label("account_id"),
            Account.roles.label("roles"),
            Account.level.label("level"),
            Account.school_id.label("school_id"),
        )
        .join(RefreshSession, RefreshSession.account_id == Account.id)
        .where(
            Account.id == account_id,
            Account.status == AccountStatus.active,
            RefreshSession.id == session_id,
            RefreshSession.revoked_at.is_(None),
            RefreshSession.expires_at > now,
        )
    )


@cache
def _caller_statement() -> Compiled:
    # Built and compiled once: composing the select and running it through SQLAlchemy's
    # execution cost several times what the query does (≈ 0.2 ms per request).
    return Compiled.of(
        caller_select(
            bindparam("account_id", type_=Uuid),
            bindparam("session_id", type_=Uuid),
            bindparam("now", type_=DateTime(timezone=True)),
        )
    )


async def current_principal(session: SessionDep, claims: BearerToken) -> Principal:
    statement = _caller_statement()
    connection = await session_driver(session)
    row = await connection.fetchrow(
        statement.sql,
        *statement.args(
            account_id=claims.account_id, session_id=claims.session_id, now=clock.now()
        ),
    )
    if row is None:
        raise tokens.TokenInvalid()
    return Principal.of(claims, row)


CurrentUser = Annotated[Principal, Depends(current_principal)]


class ClientDoor(Protocol):
    """How an integration client becomes a ``Principal``: one statement that re-reads the
    client row (a revoke or narrowed scopes bind at once) and counts the request against
    the client's rate limit (429 when over it). Raises ``ClientUnauthorized`` for what it
    refuses. The token's signature was checked here already (``TokenCache``)."""

    async def by_token(
        self, request: Request, session: AsyncSession, claims: tokens.ClientClaims
    ) -> Principal: ...

    async def by_api_key(self, request: Request, session: AsyncSession, key: str) -> Principal: ...


async def current_caller(
    request: Request, session: SessionDep, credentials: Credentials, api_key: ApiKey
) -> Principal:
    """A person or an integration client — for routes that list clients (by scope)."""
    door: ClientDoor | None = getattr(request.app.state, "client_door", None)
    if door is not None:
        if credentials is None and api_key is not None:
            return await door.by_api_key(request, session, api_key)
        if credentials is not None and _is_client_token(credentials.credentials):
            state = request.app.state
            cache: TokenCache = state.token_cache
            try:
                claims = cache.client_claims(state.settings, credentials.credentials)
            except (tokens.TokenInvalid, tokens.TokenExpired):
                raise ClientUnauthorized() from None
            return await door.by_token(request, session, claims)
    claims_ = await verified_token(request, credentials)
    return await current_principal(session, claims_)


Caller = Annotated[Principal, Depends(current_caller)]


class InsufficientScope(Forbidden):
    def __init__(self) -> None:
        super().__init__(
            code="insufficient_scope",
            detail=Text(
                "У клиента интеграции нет права (scope) на это действие",
                "The integration client lacks the scope this endpoint requires",
            ),
        )


def require_scopes(*scopes: str) -> Callable[[Principal], Awaitable[Principal]]:
    """Integration-only routes: a client holding every one of ``scopes``; a person → 403."""

    async def check(caller: Caller) -> Principal:
        if not caller.is_client:
            raise Forbidden(
                code="client_required",
                detail=Text(
                    "Этот адрес только для клиентов интеграции",
                    "This endpoint is for integration clients only",
                ),
            )
        if not caller.scopes.issuperset(scopes):
            raise InsufficientScope()
        return caller

    return check


def roles_or_scopes(
    roles: tuple[Role, ...], scopes: tuple[str, ...]
) -> Callable[[Principal], Awaitable[Principal]]:
    """A route open to people holding any of ``roles`` and to clients holding ``scopes``."""

    async def check(caller: Caller) -> Principal:
        if caller.is_client:
            if not caller.scopes.issuperset(scopes):
                raise InsufficientScope()
        elif not caller.has_any(*roles):
            raise role_required()
        return caller

    return check


def role_required() -> Forbidden:
    return Forbidden(
        code="role_required",
        detail=Text(
            "Это действие доступно только сотрудникам с соответствующей ролью",
            "This action requires a staff role you do not have",
        ),
    )


def require_roles(*roles: Role) -> Callable[[Principal], Awaitable[Principal]]:
    """A dependency admitting callers holding any of ``roles`` (403 otherwise)."""

    async def check(principal: CurrentUser) -> Principal:
        if not principal.has_any(*roles):
            raise role_required()
        return principal

    return check


STAFF = (Role.teacher, Role.class_teacher, Role.school_admin, Role.operator, Role.platform_admin)

OperatorUser = Annotated[Principal, Depends(require_roles(Role.operator, Role.platform_admin))]
StaffUser = Annotated[Principal, Depends(require_roles(*STAFF))]
TeacherUser = Annotated[Principal, Depends(require_roles(Role.teacher, Role.class_teacher))]
SchoolAdminUser = Annotated[Principal, Depends(require_roles(Role.school_admin))]
PlatformAdminUser = Annotated[Principal, Depends(require_roles(Role.platform_admin))]


def client_ip(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def user_agent(request: Request) -> str | None:
    return request.headers.get("user-agent")
