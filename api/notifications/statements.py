"""The bell's feed in one statement: the page, its total and the unread count, with the
caller's session checked in the same round trip. Every open tab of the SPA asks for it."""

from __future__ import annotations

from functools import cache
from typing import Any

import asyncpg
from sqlalchemy import Boolean, Integer, bindparam, case, func, or_, select

from api.identity import tokens
from api.identity.statements import caller_cte, fetch_read
from api.notifications.models import Notification
from api.statements import Compiled, answer, json_list, obj, utc_text


@cache
def feed_statement() -> Compiled:
    caller = caller_cte()
    mine = Notification.account_id == caller.c.account_id
    unread_only = bindparam("unread_only", type_=Boolean)
    limit = bindparam("limit", type_=Integer)
    offset = bindparam("offset", type_=Integer)
    page = (
        select(Notification)
        .join(caller, mine)
        .where(or_(~unread_only, Notification.read_at.is_(None)))
        .order_by(Notification.created_at.desc(), Notification.id.desc())
        .limit(limit)
        .offset(offset)
        .subquery("page")
    )
    items = select(
        json_list(
            obj(
                id=page.c.id,
                kind=page.c.kind,
                title=page.c.title,
                body=page.c.body,
                link=page.c.link,
                created_at=utc_text(page.c.created_at),
                read_at=utc_text(page.c.read_at),
            ),
            page.c.created_at.desc(),
            page.c.id.desc(),
        )
    ).scalar_subquery()
    unread = func.count().filter(Notification.read_at.is_(None))
    counts = (
        select(func.count().label("total"), unread.label("unread")).join(caller, mine).subquery()
    )
    body = select(
        obj(
            items=items,
            total=case((unread_only, counts.c.unread), else_=counts.c.total),
            unread=counts.c.unread,
            limit=limit,
            offset=offset,
        )
    ).select_from(counts)
    return Compiled.of(answer(caller, body))


async def read_feed(
    connection: asyncpg.Connection[Any],
    claims: tokens.AccessClaims,
    *,
    unread_only: bool,
    limit: int,
    offset: int,
) -> str:
    """``NotificationFeed`` as JSON text (401 when the token's session is gone)."""
    body = await fetch_read(
        connection, claims, feed_statement(), unread_only=unread_only, limit=limit, offset=offset
    )
    assert body is not None
    return body
