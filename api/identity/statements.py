"""The caller inside a single statement: the access token's session checked in the same
round trip as the read (``api.statements`` builds the rest)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import asyncpg
from sqlalchemy import (
    ColumnElement,
    Integer,
    Select,
    Uuid,
    any_,
    bindparam,
    func,
    literal_column,
    select,
    true,
)
from sqlalchemy.dialects import postgresql

from api.identity import clock, tokens
from api.identity.deps import STAFF, caller_select, role_required
from api.identity.models import Account, Role
from api.statements import Compiled, k


def caller_cte() -> Any:
    """The access token's account, if it is active and its session still open: the select
    ``current_principal`` runs (``api.identity.deps.caller_select``), embedded so that a
    read checks the session in its own round trip."""
    return (
        caller_select(
            bindparam("account_id", type_=Uuid),
            bindparam("session_id", type_=Uuid),
            bindparam("now", type_=postgresql.TIMESTAMP(timezone=True)),
        )
        .add_columns(
            (k(Role.school_admin) == any_(Account.roles)).label("is_admin"),
            Account.roles.overlap(
                literal_column(f"'{{{Role.teacher},{Role.class_teacher}}}'::varchar[]")
            ).label("is_teacher"),
        )
        .cte("caller")
    )


async def fetch_read(
    connection: asyncpg.Connection[Any],
    claims: tokens.AccessClaims,
    compiled: Compiled,
    **values: Any,
) -> str | None:
    """Run a read statement: the JSON text, None if the subject is not visible; 401 when
    the token's session is gone (checked inside the statement)."""
    body, _ = await fetch_read_as(connection, claims, compiled, **values)
    return body


async def fetch_read_as(
    connection: asyncpg.Connection[Any],
    claims: tokens.AccessClaims,
    compiled: Compiled,
    **values: Any,
) -> tuple[str | None, frozenset[Role]]:
    """``fetch_read``, with the caller's roles as the statement read them."""
    row = await fetch_answer(connection, claims, compiled, **values)
    body: str | None = row["body"]
    return body, frozenset(Role(r) for r in row["roles"])


async def fetch_answer(
    connection: asyncpg.Connection[Any],
    claims: tokens.AccessClaims,
    compiled: Compiled,
    **values: Any,
) -> asyncpg.Record:
    """The row of an ``api.statements.answer``; 401 when the token's session is gone."""
    args = compiled.args(
        account_id=claims.account_id, session_id=claims.session_id, now=clock.now(), **values
    )
    row = await connection.fetchrow(compiled.sql, *args)
    assert row is not None
    if not row["authed"]:
        raise tokens.TokenInvalid()
    record: asyncpg.Record = row
    return record


async def fetch_staff_read(
    connection: asyncpg.Connection[Any],
    claims: tokens.AccessClaims,
    compiled: Compiled,
    *,
    roles: tuple[Role, ...] = STAFF,
    **values: Any,
) -> asyncpg.Record:
    """A staff screen's read: the row of its ``answer``, after the checks
    ``require_roles(*roles)`` makes on the ORM path (403 ``role_required``) — from the
    roles the statement read with the session, so still one round trip."""
    row = await fetch_answer(connection, claims, compiled, **values)
    if frozenset(Role(r) for r in row["roles"]).isdisjoint(roles):
        raise role_required()
    return row


def lean_rows(
    caller: Any,
    rows: Select[*tuple[Any, ...]],
    *order: Any,
    paged: bool = True,
    counted: bool = True,
    **found: ColumnElement[bool],
) -> Select[Any]:
    """A read whose rows Python must finish — a document number decrypted and masked, say —
    as one statement of plain rows rather than JSON: the caller's session check (``authed``),
    the caller's roles and school (``caller_roles``, ``caller_school_id``), the number of
    ``rows`` (``total``, when ``counted``) and the page of ``rows`` in ``order`` (``limit``
    and ``offset`` parameters, when ``paged``). There is always one row, the head, so a
    closed session is told from an empty page; on an empty page the row columns are NULL
    and ``n`` (the row's place) tells them apart. ``found`` adds named boolean columns to
    the head, as in ``api.statements.answer`` (whether the subject in the path is one the
    caller sees: 404 rather than an empty page). ``fetch_rows`` runs it."""
    place = func.row_number().over(order_by=order or None).label("n")
    page = rows.add_columns(place).order_by(*order)
    if paged:
        page = page.limit(bindparam("limit", type_=Integer)).offset(
            bindparam("offset", type_=Integer)
        )
    listed = page.subquery("page")
    head_columns = [
        select(func.count()).select_from(caller).scalar_subquery().label("authed"),
        select(caller.c.roles).scalar_subquery().label("caller_roles"),
        select(caller.c.school_id).scalar_subquery().label("caller_school_id"),
    ]
    if counted:
        counting = select(func.count()).select_from(rows.order_by(None).subquery("counted"))
        head_columns.append(counting.scalar_subquery().label("total"))
    head_columns += [value.label(name) for name, value in found.items()]
    head = select(*head_columns).subquery("head")
    return select(head, listed).select_from(head.outerjoin(listed, true())).order_by(listed.c.n)


@dataclass(frozen=True, slots=True)
class LeanRows:
    """What ``fetch_rows`` read: the head (``authed``, ``caller_roles``, ...) and the rows."""

    head: asyncpg.Record
    rows: list[asyncpg.Record]

    @property
    def roles(self) -> frozenset[Role]:
        return frozenset(Role(r) for r in self.head["caller_roles"])

    @property
    def total(self) -> int:
        return int(self.head["total"])


async def fetch_rows(
    connection: asyncpg.Connection[Any],
    claims: tokens.AccessClaims,
    compiled: Compiled,
    **values: Any,
) -> LeanRows:
    """Run a ``lean_rows`` statement; 401 when the token's session is gone."""
    args = compiled.args(
        account_id=claims.account_id, session_id=claims.session_id, now=clock.now(), **values
    )
    found = await connection.fetch(compiled.sql, *args)
    if not found[0]["authed"]:
        raise tokens.TokenInvalid()
    return LeanRows(found[0], [row for row in found if row["n"] is not None])
