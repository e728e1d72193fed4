"""The secret calendar URL of a user and the feed behind it.

The token is random; the database keeps its keyed hash (for look-up) and an encrypted
copy (so the owner can see the URL again). Rotating revokes the old URL at once.
"""

from __future__ import annotations

import secrets
import uuid

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from api.config import Settings
from api.diary.calendar import feed
from api.diary.calendar.models import CalendarFeed
from api.errors import NotFound
from api.i18n import Text
from api.identity import clock
from api.identity.models import Account, AccountStatus
from api.security.crypto import decrypt, encrypt, keyed_hash

PURPOSE = "calendar-feed"


def feed_url(settings: Settings, token: str) -> str:
    return f"{settings.public_url.rstrip('/')}/api/v1/calendar/{token}.ics"


async def _create(session: AsyncSession, account_id: uuid.UUID) -> str:
    token = secrets.token_urlsafe(24)
    feed_id = uuid.uuid4()
    session.add(
        CalendarFeed(
            id=feed_id,
            account_id=account_id,
            token_hash=keyed_hash(token, purpose=PURPOSE),
            token_enc=encrypt(token, aad=f"calendar_feeds.token:{feed_id}"),
        )
    )
    await session.flush()
    return token


async def current_token(session: AsyncSession, account_id: uuid.UUID) -> str:
    """The account's feed token, created on first use."""
    feed = await session.scalar(
        select(CalendarFeed).where(
            CalendarFeed.account_id == account_id, CalendarFeed.revoked_at.is_(None)
        )
    )
    if feed is None:
        return await _create(session, account_id)
    return decrypt(feed.token_enc, aad=f"calendar_feeds.token:{feed.id}")


async def rotate(session: AsyncSession, account_id: uuid.UUID) -> str:
    await session.execute(
        update(CalendarFeed)
        .where(CalendarFeed.account_id == account_id, CalendarFeed.revoked_at.is_(None))
        .values(revoked_at=clock.now())
    )
    await session.flush()
    return await _create(session, account_id)


def feed_not_found() -> NotFound:
    return NotFound(
        code="calendar_feed_not_found",
        detail=Text("Ссылка на календарь недействительна", "The calendar link is not valid"),
    )


async def render(session: AsyncSession, token: str) -> str:
    """The iCalendar text of the feed ``token`` (404 when revoked or unknown)."""
    account = await session.scalar(
        select(Account)
        .join(CalendarFeed, CalendarFeed.account_id == Account.id)
        .where(
            CalendarFeed.token_hash == keyed_hash(token, purpose=PURPOSE),
            CalendarFeed.revoked_at.is_(None),
            Account.status == AccountStatus.active,
        )
    )
    if account is None:
        raise feed_not_found()
    calendar = await feed.calendar(session, account, clock.now())
    text: str = calendar.to_ical().decode()
    return text
