"""Log-in sessions: refresh-token families, rotation with replay detection, revocation.

Every refresh hands out a new refresh token and retires the old one. An old token coming
back means two parties hold the family (a stolen token, or a client that lost a
response): the whole family is revoked and both must log in again.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from api.config import Settings
from api.errors import NotFound, Unauthorized
from api.i18n import Text
from api.identity import clock, tokens
from api.identity.models import Account, AccountStatus, RefreshSession, RefreshToken

REFRESH_IDLE = timedelta(days=30)  # unused this long, a session ends
SESSION_MAX = timedelta(days=90)  # and never lives longer than this


@dataclass(frozen=True, slots=True)
class IssuedTokens:
    access_token: str
    expires_in: int
    refresh_token: str
    refresh_expires_at: datetime
    session_id: uuid.UUID


def refresh_invalid() -> Unauthorized:
    return Unauthorized(
        code="refresh_token_invalid",
        detail=Text(
            "Сеанс завершён или ключ обновления недействителен. Войдите снова.",
            "The session has ended or the refresh token is invalid. Please log in again.",
        ),
    )


def _refresh_reused() -> Unauthorized:
    return Unauthorized(
        code="refresh_token_reused",
        detail=Text(
            "Этот ключ обновления уже был использован. Ради безопасности сеанс завершён на "
            "всех устройствах, где он был открыт. Войдите снова.",
            "This refresh token was already used. For safety the session has been ended. "
            "Please log in again.",
        ),
    )


async def _new_token(
    session: AsyncSession,
    family: RefreshSession,
    settings: Settings,
    *,
    account_id: uuid.UUID,
    rotated_from: uuid.UUID | None,
) -> IssuedTokens:
    now = clock.now()
    refresh, digest = tokens.new_refresh_token()
    expires_at = min(now + REFRESH_IDLE, family.expires_at)
    session.add(
        RefreshToken(
            id=uuid.uuid4(),
            session_id=family.id,
            token_hash=digest,
            rotated_from=rotated_from,
            created_at=now,
            expires_at=expires_at,
        )
    )
    await session.flush()
    access, lifetime = tokens.issue_access_token(
        settings, account_id=account_id, session_id=family.id
    )
    return IssuedTokens(access, lifetime, refresh, expires_at, family.id)


async def start(
    session: AsyncSession, settings: Settings, account: Account, *, user_agent: str | None
) -> IssuedTokens:
    now = clock.now()
    family = RefreshSession(
        id=uuid.uuid4(),
        account_id=account.id,
        user_agent=(user_agent or "")[:255] or None,
        created_at=now,
        last_used_at=now,
        expires_at=now + SESSION_MAX,
    )
    session.add(family)
    await session.flush()
    return await _new_token(session, family, settings, account_id=account.id, rotated_from=None)


async def rotate(
    session: AsyncSession, settings: Settings, refresh_token: str, *, user_agent: str | None
) -> IssuedTokens:
    """New tokens for a current refresh token. The caller commits even when this raises:
    a detected replay must leave the family revoked."""
    now = clock.now()
    row = (
        await session.execute(
            select(RefreshToken, RefreshSession, Account.status)
            .join(RefreshSession, RefreshToken.session_id == RefreshSession.id)
            .join(Account, RefreshSession.account_id == Account.id)
            .where(RefreshToken.token_hash == tokens.hash_refresh_token(refresh_token))
        )
    ).one_or_none()
    if row is None:
        raise refresh_invalid()
    token, family, status = row
    if family.revoked_at is not None or family.expires_at <= now:
        raise refresh_invalid()
    if token.rotated_at is not None:
        await revoke(session, family.id, reason="reuse")
        raise _refresh_reused()
    if token.expires_at <= now or status != AccountStatus.active:
        raise refresh_invalid()
    claimed = await session.scalar(
        update(RefreshToken)
        .where(RefreshToken.id == token.id, RefreshToken.rotated_at.is_(None))
        .values(rotated_at=now)
        .returning(RefreshToken.id)
        .execution_options(synchronize_session=False)
    )
    if claimed is None:  # a concurrent refresh with the same token won
        await revoke(session, family.id, reason="reuse")
        raise _refresh_reused()
    family.last_used_at = now
    if user_agent:
        family.user_agent = user_agent[:255]
    return await _new_token(
        session, family, settings, account_id=family.account_id, rotated_from=token.id
    )


async def find_by_refresh_token(session: AsyncSession, refresh_token: str) -> RefreshSession | None:
    result: RefreshSession | None = await session.scalar(
        select(RefreshSession)
        .join(RefreshToken, RefreshToken.session_id == RefreshSession.id)
        .where(RefreshToken.token_hash == tokens.hash_refresh_token(refresh_token))
    )
    return result


async def revoke(session: AsyncSession, session_id: uuid.UUID, *, reason: str) -> bool:
    revoked = await session.scalar(
        update(RefreshSession)
        .where(RefreshSession.id == session_id, RefreshSession.revoked_at.is_(None))
        .values(revoked_at=clock.now(), revoke_reason=reason)
        .returning(RefreshSession.id)
        .execution_options(synchronize_session=False)
    )
    return revoked is not None


async def revoke_all(session: AsyncSession, account_id: uuid.UUID, *, reason: str) -> None:
    await session.execute(
        update(RefreshSession)
        .where(RefreshSession.account_id == account_id, RefreshSession.revoked_at.is_(None))
        .values(revoked_at=clock.now(), revoke_reason=reason)
        .execution_options(synchronize_session=False)
    )


def _active(account_id: uuid.UUID) -> tuple[ColumnElement[bool], ...]:
    return (
        RefreshSession.account_id == account_id,
        RefreshSession.revoked_at.is_(None),
        RefreshSession.expires_at > clock.now(),
    )


async def list_active(session: AsyncSession, account_id: uuid.UUID) -> list[RefreshSession]:
    result = await session.scalars(
        select(RefreshSession)
        .where(*_active(account_id))
        .order_by(RefreshSession.last_used_at.desc())
    )
    return list(result)


async def revoke_own(session: AsyncSession, account_id: uuid.UUID, session_id: uuid.UUID) -> None:
    """Revoke one of the caller's sessions; another account's (or an ended one) is 404."""
    found = await session.scalar(
        select(RefreshSession.id).where(
            RefreshSession.id == session_id,
            *_active(account_id),
        )
    )
    if found is None:
        raise NotFound(
            code="session_not_found",
            detail=Text("Сеанс не найден или уже завершён", "No such active session"),
        )
    await revoke(session, session_id, reason="user")
