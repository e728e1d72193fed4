"""Support ticket reads as single statements (``docs/request-path.md``): a user's own
tickets and one of them (``GET /support/tickets``, ``GET /support/tickets/{id}``), and
support's list of everyone's (``GET /admin/support/tickets``). Each checks the caller's
session (and, for support, the role) in the same round trip, scopes the rows as
``service.readable_tickets`` / ``service.all_tickets`` do and builds the JSON in
PostgreSQL. The status label comes in as parameters in the request's language
(``service.STATUS_LABELS``), so the statement stays one text for both.

Support's view of one ticket stays on the ORM path: reading it writes the audit log.
``service.list_items`` and ``service.detail`` answer the writes; the tests
(``tests/support_tickets/test_statements.py``) hold the two equal."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from functools import cache
from typing import Any

import asyncpg
from sqlalchemy import (
    ColumnElement,
    Integer,
    String,
    Uuid,
    and_,
    bindparam,
    case,
    cast,
    func,
    or_,
    select,
    true,
)

from api.applications.models import Application
from api.identity import tokens
from api.identity.models import Account, Role
from api.identity.statements import caller_cte, fetch_read, fetch_staff_read
from api.statements import Compiled, answer, datetime_text, json_list, k, obj, page_of
from api.support import service
from api.support.models import SupportMessage, SupportTicket, SupportTicketStatus

SUPPORT_STAFF = (Role.operator, Role.platform_admin)


def _me() -> Any:
    return bindparam("account_id", type_=Uuid)


def _status_label(status: Any) -> ColumnElement[str]:
    """``STATUS_LABELS[status]`` in the request's language: one parameter per status."""
    return case(
        *(
            (status == k(s.value), bindparam(f"label_{s.value}", type_=String))
            for s in SupportTicketStatus
        )
    )


def _labels() -> dict[str, str]:
    return {f"label_{s.value}": label.render() for s, label in service.STATUS_LABELS.items()}


def _item_fields(t: Any) -> dict[str, Any]:
    """``TicketListItem`` of the ticket row ``t``."""
    number = select(Application.number).where(Application.id == t.application_id).scalar_subquery()
    return {
        "id": t.id,
        "number": t.number,
        "subject": t.subject,
        "status": t.status,
        "status_label": _status_label(t.status),
        "application_number": number,
        "created_at": datetime_text(t.created_at),
        "updated_at": datetime_text(t.updated_at),
    }


def _messages(t: Any, me: Any) -> Any:
    """``TicketMessageOut`` list in order, as ``service.detail`` names the authors."""
    m = SupportMessage
    author_name = case(
        (
            and_(m.from_staff, func.coalesce(Account.first_name, k("")) != k("")),
            func.concat(k("Поддержка: "), Account.first_name),
        ),
        (m.author_id == me, k("Вы")),
    )
    item = obj(
        from_staff=m.from_staff,
        author_name=author_name,
        text=m.text,
        created_at=datetime_text(m.created_at),
    )
    return (
        select(json_list(item, m.id))
        .select_from(m)
        .outerjoin(Account, Account.id == m.author_id)
        .where(m.ticket_id == t.id)
        .scalar_subquery()
    )


def _page(caller: Any, scope: ColumnElement[bool], order: Callable[[Any], Sequence[Any]]) -> Any:
    """``TicketPage`` of the tickets in ``scope``, in ``order`` (of a columns object)."""
    listed = (
        select(SupportTicket.id, SupportTicket.updated_at)
        .join(caller, true())
        .where(scope)
        .cte("listed")
    )
    page = (
        select(listed)
        .order_by(*order(listed.c))
        .limit(bindparam("limit", type_=Integer))
        .offset(bindparam("offset", type_=Integer))
        .subquery("page")
    )
    t = SupportTicket
    items = (
        select(json_list(obj(**_item_fields(t)), *order(page.c)))
        .select_from(page)
        .join(t, t.id == page.c.id)
        .scalar_subquery()
    )
    total = select(func.count()).select_from(listed).scalar_subquery()
    return select(page_of(items, total))


@cache
def own_statement() -> Compiled:
    """``TicketPage`` of the caller's tickets, the latest activity first."""
    caller = caller_cte()
    scope = SupportTicket.account_id == _me()
    body = _page(caller, scope, lambda c: (c.updated_at.desc(), c.id))
    return Compiled.of(answer(caller, body))


@cache
def all_statement() -> Compiled:
    """``TicketPage`` of everyone's tickets (of ``status`` when not NULL), the longest
    waiting first."""
    caller = caller_cte()
    status = bindparam("status", type_=String)
    scope = or_(status.is_(None), cast(SupportTicket.status, String) == status)
    body = _page(caller, scope, lambda c: (c.updated_at, c.id))
    return Compiled.of(answer(caller, body))


@cache
def one_statement() -> Compiled:
    """``TicketOut`` of one of the caller's tickets; no body (NULL) otherwise."""
    caller = caller_cte()
    me = _me()
    t = SupportTicket
    item = obj(
        **_item_fields(t),
        description=t.description,
        screenshot_document_id=t.screenshot_document_id,
        closed_at=datetime_text(t.closed_at),
        messages=_messages(t, me),
    )
    body = (
        select(item)
        .join(caller, true())
        .where(t.id == bindparam("ticket_id", type_=Uuid), t.account_id == me)
    )
    return Compiled.of(answer(caller, body))


async def own(
    connection: asyncpg.Connection[Any], claims: tokens.AccessClaims, *, limit: int, offset: int
) -> str:
    body = await fetch_read(
        connection, claims, own_statement(), limit=limit, offset=offset, **_labels()
    )
    assert body is not None
    return body


async def every(
    connection: asyncpg.Connection[Any],
    claims: tokens.AccessClaims,
    *,
    status: SupportTicketStatus | None,
    limit: int,
    offset: int,
) -> str:
    """403 ``role_required`` unless the caller is support staff (``OperatorUser``)."""
    row = await fetch_staff_read(
        connection,
        claims,
        all_statement(),
        roles=SUPPORT_STAFF,
        status=None if status is None else status.value,
        limit=limit,
        offset=offset,
        **_labels(),
    )
    body: str = row["body"]
    return body


async def one(
    connection: asyncpg.Connection[Any], claims: tokens.AccessClaims, *, ticket_id: uuid.UUID
) -> str:
    """404 ``support_ticket_not_found`` for a ticket not the caller's."""
    body = await fetch_read(connection, claims, one_statement(), ticket_id=ticket_id, **_labels())
    if body is None:
        raise service.not_found()
    return body
