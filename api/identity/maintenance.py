"""Removing identity rows no rule reads any more (throttle windows, dead codes, old sessions)."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import delete, or_
from sqlalchemy.ext.asyncio import AsyncSession

from api.identity import clock
from api.identity.login import FAILURE_MEMORY
from api.identity.models import (
    LoginChallenge,
    LoginLockout,
    OneTimeCode,
    RefreshSession,
    ThrottleEvent,
)

THROTTLE_KEEP = timedelta(days=1)  # longer than every window
CODES_KEEP = timedelta(days=1)
ENDED_SESSIONS_KEEP = timedelta(days=30)  # revoked sessions stay visible to support a while


async def purge_expired(session: AsyncSession) -> int:
    now = clock.now()
    removed = 0
    statements = (
        delete(ThrottleEvent).where(ThrottleEvent.created_at < now - THROTTLE_KEEP),
        delete(LoginLockout).where(
            or_(
                LoginLockout.last_failed_login_at.is_(None),
                LoginLockout.last_failed_login_at < now - FAILURE_MEMORY,
            ),
            or_(LoginLockout.locked_until.is_(None), LoginLockout.locked_until < now),
        ),
        delete(OneTimeCode).where(OneTimeCode.expires_at < now - CODES_KEEP),
        delete(LoginChallenge).where(LoginChallenge.expires_at < now - CODES_KEEP),
        delete(RefreshSession).where(
            or_(
                RefreshSession.expires_at < now - ENDED_SESSIONS_KEEP,
                RefreshSession.revoked_at < now - ENDED_SESSIONS_KEEP,
            )
        ),
    )
    for statement in statements:
        result = await session.execute(statement.execution_options(synchronize_session=False))
        removed += int(getattr(result, "rowcount", 0) or 0)
    return removed
