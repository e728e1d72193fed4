"""The secret calendar URL of a user and the feed behind it.

The token is random; the database keeps its keyed hash (for look-up) and an encrypted
copy (so the owner can see the URL again). Rotating revokes the old URL at once.
"""

from __future__ import annotations

import secrets
import uuid
from functools import cache
from typing import Any

import asyncpg
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from api.config import Settings
from api.diary.calendar import feed
from api.diary.calendar.models import CalendarFeed
from api.errors import NotFound
from api.i18n import Text
from api.identity import clock, tokens
from api.identity.statements import caller_cte, fetch_rows, lean_rows
from api.security.crypto import decrypt, encrypt, keyed_hash
from api.statements import Compiled

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


@cache
def _saved_token_statement() -> Compiled:
    caller = caller_cte()
    rows = select(CalendarFeed.id, CalendarFeed.token_enc).where(
        CalendarFeed.account_id == caller.c.account_id, CalendarFeed.revoked_at.is_(None)
    )
    return Compiled.of(lean_rows(caller, rows, paged=False, counted=False))


async def saved_token(
    connection: asyncpg.Connection[Any], claims: tokens.AccessClaims
) -> str | None:
    """``current_token`` as one read on the hot pool (the caller's session checked in it):
    None when the account has no feed yet (``current_token`` then creates it)."""
    found = await fetch_rows(connection, claims, _saved_token_statement())
    if not found.rows:
        return None
    row = found.rows[0]
    token: str = decrypt(row["token_enc"], aad=f"calendar_feeds.token:{row['id']}")
    return token


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


async def read(
    connection: asyncpg.Connection[Any], token: str, if_none_match: str | None
) -> feed.Feed:
    """The feed of ``token`` (404 when revoked or unknown); no body when ``if_none_match``
    (the header's text) names its current ETag."""
    tags, any_tag = _entity_tags(if_none_match)
    found = await feed.read(
        connection, keyed_hash(token, purpose=PURPOSE), clock.now(), tags, any_tag
    )
    if found is None:
        raise feed_not_found()
    return found


def _entity_tags(header: str | None) -> tuple[list[str], bool]:
    """``If-None-Match``'s entity tags without quotes (weak ones too: RFC 9110 §13.1.2
    compares weakly), and whether it was ``*``."""
    if header is None:
        return [], False
    if header.strip() == "*":
        return [], True
    tags = []
    for part in header.split(","):
        tag = part.strip().removeprefix("W/")
        if len(tag) >= 2 and tag[0] == tag[-1] == '"':
            tags.append(tag[1:-1])
    return tags, False
