"""The lists of connection requests in one statement each, the JSON built by PostgreSQL:
the requester's own (newest first) and the operators' (oldest first, filtered). Status
labels come from ``service.STATUS_LABELS`` as parameters, rendered in the reader's
language at the edge."""

from __future__ import annotations

import uuid
from functools import cache
from typing import Any

import asyncpg
from sqlalchemy import (
    ColumnElement,
    Integer,
    Select,
    String,
    Uuid,
    and_,
    bindparam,
    case,
    cast,
    func,
    literal,
    or_,
    select,
)
from sqlalchemy.dialects.postgresql import ARRAY

from api.connection_requests.models import ConnectionRequest, ConnectionRequestStatus
from api.connection_requests.service import ADDRESSEE, STATUS_LABELS, requested_by
from api.identity import tokens
from api.identity.models import Role
from api.identity.statements import caller_cte, fetch_answer, fetch_staff_read
from api.schools.models import School
from api.statements import Compiled, answer, datetime_text, json_list, k, obj, page_of

OPERATORS = (Role.operator, Role.platform_admin)


def _label(status: Any) -> ColumnElement[str]:
    return case(
        {s.value: bindparam(f"label_{s.name}", type_=String) for s in ConnectionRequestStatus},
        value=cast(status, String),
    )


def _labels() -> dict[str, str]:
    return {f"label_{s.name}": text.render() for s, text in STATUS_LABELS.items()}


def _item(p: Any) -> ColumnElement[Any]:
    """A ``ConnectionRequestOut`` of the request and school columns ``p`` (a CTE's or a
    join's: the request's own columns, the school's ``short_name``, ``inn``,
    ``region_name`` and ``connected``)."""
    return obj(
        id=p.id,
        status=p.status,
        status_label=_label(p.status),
        school=obj(
            id=p.school_id,
            short_name=p.short_name,
            inn=p.inn,
            region_code=p.region_code,
            region_name=p.region_name,
            connected=p.connected,
        ),
        addressee=func.concat(k(ADDRESSEE), p.region_name),
        contact_name=p.contact_name,
        contact_phone=p.contact_phone,
        contact_email=p.contact_email,
        message=p.message,
        letter_document_id=p.letter_document_id,
        staff_comment=p.staff_comment,
        expected_date=p.expected_date,
        created_at=datetime_text(p.created_at),
        updated_at=datetime_text(p.updated_at),
    )


def _with_school(where: ColumnElement[bool]) -> Select[*tuple[Any, ...]]:
    r = ConnectionRequest
    return (
        select(r, School.short_name, School.inn, School.region_name, School.connected)
        .join(School, School.id == r.school_id)
        .where(where)
    )


def _page(caller: Any, where: ColumnElement[bool], *, newest_first: bool) -> Select[Any]:
    """The ``answer`` whose body is the ``ConnectionRequestPage`` of the requests ``where``
    selects (``ids``: the page's ids, for the operators' audit)."""
    r = ConnectionRequest
    created = r.created_at.desc() if newest_first else r.created_at.asc()
    page = (
        _with_school(where)
        .order_by(created, r.id)
        .limit(bindparam("limit", type_=Integer))
        .offset(bindparam("offset", type_=Integer))
        .cte("page")
    )
    p = page.c
    in_order = (p.created_at.desc() if newest_first else p.created_at.asc(), p.id)
    items = select(json_list(_item(p), *in_order)).scalar_subquery()
    total = select(func.count()).select_from(r).where(where).scalar_subquery()
    ids = select(func.array_agg(p.id)).scalar_subquery()
    return answer(caller, select(page_of(items, total)), ids=ids)


@cache
def own_statement() -> Compiled:
    caller = caller_cte()
    return Compiled.of(_page(caller, requested_by(caller.c.account_id), newest_first=True))


@cache
def one_statement() -> Compiled:
    """One of the requester's own requests (``GET /connection-requests/{id}``); the body is
    NULL for anybody else's or a missing one."""
    caller = caller_cte()
    mine = and_(
        requested_by(caller.c.account_id),
        ConnectionRequest.id == bindparam("request_id", type_=Uuid),
    )
    one = _with_school(mine).subquery("one")
    return Compiled.of(answer(caller, select(_item(one.c))))


@cache
def operators_statement() -> Compiled:
    caller = caller_cte()
    r = ConnectionRequest
    status = bindparam("status", type_=r.status.type)
    region = bindparam("region", type_=String)
    operator = caller.c.roles.overlap(literal(sorted(OPERATORS), ARRAY(String(32))))
    where = and_(
        operator,
        or_(status.is_(None), r.status == status),
        or_(region.is_(None), r.region_code == region),
    )
    return Compiled.of(_page(caller, where, newest_first=False))


async def read_own(
    connection: asyncpg.Connection[Any], claims: tokens.AccessClaims, *, limit: int, offset: int
) -> str:
    """The requester's ``ConnectionRequestPage`` as JSON text (401: session gone)."""
    row = await fetch_answer(
        connection, claims, own_statement(), limit=limit, offset=offset, **_labels()
    )
    body: str = row["body"]
    return body


async def read_one(
    connection: asyncpg.Connection[Any], claims: tokens.AccessClaims, request_id: uuid.UUID
) -> str | None:
    """The requester's ``ConnectionRequestOut`` as JSON text, None if it is not theirs
    (401: session gone)."""
    row = await fetch_answer(
        connection, claims, one_statement(), request_id=request_id, **_labels()
    )
    body: str | None = row["body"]
    return body


async def read_for_operators(
    connection: asyncpg.Connection[Any],
    claims: tokens.AccessClaims,
    *,
    status: ConnectionRequestStatus | None,
    region: str | None,
    limit: int,
    offset: int,
) -> asyncpg.Record:
    """The row of the operators' list: ``body`` (JSON text) and ``ids`` (the page's, to
    audit); 403 for anybody else, 401 when the session is gone."""
    return await fetch_staff_read(
        connection,
        claims,
        operators_statement(),
        roles=OPERATORS,
        status=status,
        region=region,
        limit=limit,
        offset=offset,
        **_labels(),
    )
