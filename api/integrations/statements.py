"""A school admin's reads of an integration client in one statement each on the hot pool,
the JSON built by PostgreSQL: the client's access log (the audit events it is the actor
of) and its webhooks. The session and roles (403 for anyone but school and platform
admins) and whether the caller manages the client (404 otherwise: ``service.managed_by``,
the one rule ``readable_clients`` uses too) are checked in the same round trip."""

from __future__ import annotations

import uuid
from datetime import datetime
from functools import cache
from typing import Any

import asyncpg
from sqlalchemy import (
    JSON,
    Integer,
    Uuid,
    and_,
    any_,
    bindparam,
    cast,
    exists,
    func,
    or_,
    select,
)
from sqlalchemy.dialects import postgresql

from api.audit.models import AuditEvent
from api.identity import tokens
from api.identity.models import Role
from api.identity.statements import caller_cte, fetch_staff_read
from api.integrations.models import IntegrationClient
from api.integrations.service import client_not_found, managed_by
from api.statements import Compiled, answer, datetime_text, json_list, k, obj, page_of

ADMINS = (Role.school_admin, Role.platform_admin)


def managers(caller: Any) -> tuple[Any, Any, Any]:
    """The caller CTE's account as ``managed_by`` takes it: platform admin, school admin,
    school."""
    return (
        k(Role.platform_admin) == any_(caller.c.roles),
        caller.c.is_admin,
        caller.c.school_id,
    )


def manages_client(caller: Any) -> Any:
    """The client of the path, if the caller manages it."""
    return exists(
        select(IntegrationClient.id).where(
            IntegrationClient.id == bindparam("client_uuid", type_=Uuid),
            managed_by(*managers(caller)),
        )
    )


@cache
def access_log_statement() -> Compiled:
    caller = caller_cte()
    managed = manages_client(caller)
    e = AuditEvent
    since = bindparam("since", type_=postgresql.TIMESTAMP(timezone=True))
    until = bindparam("until", type_=postgresql.TIMESTAMP(timezone=True))
    where = and_(
        managed,
        e.actor_id == bindparam("client_uuid", type_=Uuid),
        or_(since.is_(None), e.at >= since),
        or_(until.is_(None), e.at < until),
    )
    page = (
        select(e)
        .where(where)
        .order_by(e.at.desc(), e.id.desc())
        .limit(bindparam("limit", type_=Integer))
        .offset(bindparam("offset", type_=Integer))
        .cte("page")
    )
    p = page.c
    item = obj(
        id=p.id,
        at=datetime_text(p.at),
        actor_id=p.actor_id,
        actor_roles=p.actor_roles,
        action=p.action,
        object_type=p.object_type,
        object_id=p.object_id,
        details=cast(p.details, JSON),
        request_id=p.request_id,
    )
    items = select(json_list(item, p.at.desc(), p.id.desc())).scalar_subquery()
    total = select(func.count()).select_from(e).where(where).scalar_subquery()
    return Compiled.of(answer(caller, select(page_of(items, total)), managed=managed))


async def read_managed(
    connection: asyncpg.Connection[Any],
    claims: tokens.AccessClaims,
    compiled: Compiled,
    **values: Any,
) -> str:
    """A read of one client's: its ``answer``'s body; 403 for anyone but admins, 404 for a
    client the caller does not manage, 401 when the session is gone."""
    row = await fetch_staff_read(connection, claims, compiled, roles=ADMINS, **values)
    if not row["managed"]:
        raise client_not_found()
    body: str = row["body"]
    return body


async def read_access_log(
    connection: asyncpg.Connection[Any],
    claims: tokens.AccessClaims,
    client_uuid: uuid.UUID,
    *,
    since: datetime | None,
    until: datetime | None,
    limit: int,
    offset: int,
) -> str:
    """``AuditEventList`` of what the client read and wrote, newest first."""
    return await read_managed(
        connection,
        claims,
        access_log_statement(),
        client_uuid=client_uuid,
        since=since,
        until=until,
        limit=limit,
        offset=offset,
    )
