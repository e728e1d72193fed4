"""Sliding-window limits kept in PostgreSQL, so they hold across processes without Redis.

A limit counts ``throttle_events`` rows of one bucket (a keyed hash of kind and subject:
no phone number or address is stored in clear) within its window. Checking and recording
run under a transaction-scoped advisory lock on the bucket, so two concurrent requests
cannot both slip under the limit.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, func, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from api.identity import clock
from api.identity.models import ThrottleEvent
from api.security.crypto import keyed_hash


@dataclass(frozen=True, slots=True)
class Window:
    limit: int
    period: timedelta


def bucket(kind: str, subject: str) -> str:
    return keyed_hash(f"{kind}:{subject}", purpose="throttle")


async def lock(session: AsyncSession, key: str) -> None:
    await session.execute(text("SELECT pg_advisory_xact_lock(hashtextextended(:k, 0))"), {"k": key})


async def retry_after(session: AsyncSession, key: str, window: Window) -> int | None:
    """Seconds until one more event fits the window, or None when it fits now."""
    now = clock.now()
    since = now - window.period
    row = (
        await session.execute(
            select(func.count(), func.min(ThrottleEvent.created_at)).where(
                ThrottleEvent.bucket == key, ThrottleEvent.created_at > since
            )
        )
    ).one()
    count, oldest = int(row[0]), row[1]
    if count < window.limit or oldest is None:
        return None
    return seconds_until(oldest + window.period, now)


async def last_event(session: AsyncSession, key: str) -> datetime | None:
    result: datetime | None = await session.scalar(
        select(func.max(ThrottleEvent.created_at)).where(ThrottleEvent.bucket == key)
    )
    return result


async def record(session: AsyncSession, key: str, *, keep: timedelta) -> None:
    now = clock.now()
    # Old events of this bucket are no longer counted by any window: drop them as we go.
    await session.execute(
        delete(ThrottleEvent).where(
            ThrottleEvent.bucket == key, ThrottleEvent.created_at < now - keep
        )
    )
    session.add(ThrottleEvent(bucket=key, created_at=now))
    await session.flush()


def seconds_until(moment: datetime, now: datetime) -> int:
    return max(1, math.ceil((moment - now).total_seconds()))
