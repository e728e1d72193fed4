"""``GET /integration-clients/{id}/webhooks`` in one statement on the hot pool, the JSON
built by PostgreSQL: the session and roles, whether the caller manages the client
(``integrations.statements.manages_client``) and the page of its webhooks the caller reads
(``service.admins_read``, as ``readable_webhooks``) in one round trip."""

from __future__ import annotations

import uuid
from functools import cache
from typing import Any

import asyncpg
from sqlalchemy import Integer, Uuid, and_, bindparam, func, select

from api.identity import tokens
from api.identity.statements import caller_cte
from api.integrations import statements as clients
from api.statements import Compiled, answer, datetime_text, json_list, obj, page_of
from api.webhooks.models import Webhook
from api.webhooks.service import admins_read


@cache
def client_webhooks_statement() -> Compiled:
    caller = caller_cte()
    managed = clients.manages_client(caller)
    w = Webhook
    where = and_(
        managed,
        w.client_id == bindparam("client_uuid", type_=Uuid),
        admins_read(*clients.managers(caller)),
    )
    page = (
        select(w)
        .where(where)
        .order_by(w.created_at, w.id)
        .limit(bindparam("limit", type_=Integer))
        .offset(bindparam("offset", type_=Integer))
        .cte("page")
    )
    p = page.c
    item = obj(
        id=p.id,
        url=p.url,
        event_types=func.to_json(p.event_types),
        status=p.status,
        description=p.description,
        created_at=datetime_text(p.created_at),
        disabled_reason=p.disabled_reason,
    )
    items = select(json_list(item, p.created_at, p.id)).scalar_subquery()
    total = select(func.count()).select_from(w).where(where).scalar_subquery()
    return Compiled.of(answer(caller, select(page_of(items, total)), managed=managed))


async def read_client_webhooks(
    connection: asyncpg.Connection[Any],
    claims: tokens.AccessClaims,
    client_uuid: uuid.UUID,
    *,
    limit: int,
    offset: int,
) -> str:
    """``WebhookPage`` of the client's webhooks, oldest first, without their keys."""
    return await clients.read_managed(
        connection,
        claims,
        client_webhooks_statement(),
        client_uuid=client_uuid,
        limit=limit,
        offset=offset,
    )
