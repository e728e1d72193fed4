"""Who is calling: ``CurrentUser`` from ``Authorization: Bearer``, role-gated aliases.

The token's signature and lifetime are checked first; then one query confirms that the
account is active and that the token's session has not been revoked (log-out, password
reset and replay detection take effect at once, not when the token expires). Roles,
level and school come from the account row, never from the token.
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy import select

from api.config import Settings
from api.db import SessionDep
from api.errors import Forbidden
from api.i18n import Text
from api.identity import clock, tokens
from api.identity.models import Account, AccountStatus, RefreshSession, Role

bearer_scheme = HTTPBearer(
    auto_error=False,
    scheme_name="bearer",
    description="Ключ доступа (JWT ES256) из /api/v1/auth/login, /refresh",
)


def get_settings_dep(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


SettingsDep = Annotated[Settings, Depends(get_settings_dep)]


@dataclass(frozen=True, slots=True)
class Principal:
    account_id: uuid.UUID
    roles: frozenset[str]
    level: str
    school_id: uuid.UUID | None
    session_id: uuid.UUID

    def has_any(self, *roles: str) -> bool:
        return not self.roles.isdisjoint(roles)


async def current_principal(
    session: SessionDep,
    settings: SettingsDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer_scheme)],
) -> Principal:
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise tokens.TokenInvalid()
    claims = tokens.decode_access_token(settings, credentials.credentials)
    row = (
        await session.execute(
            select(Account.roles, Account.level, Account.school_id)
            .join(RefreshSession, RefreshSession.account_id == Account.id)
            .where(
                Account.id == claims.account_id,
                Account.status == AccountStatus.active,
                RefreshSession.id == claims.session_id,
                RefreshSession.revoked_at.is_(None),
                RefreshSession.expires_at > clock.now(),
            )
        )
    ).one_or_none()
    if row is None:
        raise tokens.TokenInvalid()
    roles, level, school_id = row
    return Principal(
        account_id=claims.account_id,
        roles=frozenset(roles),
        level=str(level),
        school_id=school_id,
        session_id=claims.session_id,
    )


CurrentUser = Annotated[Principal, Depends(current_principal)]


def require_roles(*roles: str) -> Callable[[Principal], Awaitable[Principal]]:
    """A dependency admitting callers holding any of ``roles`` (403 otherwise)."""

    async def check(principal: CurrentUser) -> Principal:
        if not principal.has_any(*roles):
            raise Forbidden(
                code="role_required",
                detail=Text(
                    "Это действие доступно только сотрудникам с соответствующей ролью",
                    "This action requires a staff role you do not have",
                ),
            )
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
