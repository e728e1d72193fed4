"""The caller inside a single statement: the access token's session checked in the same
round trip as the read (``api.statements`` builds the rest)."""

from __future__ import annotations

from typing import Any

import asyncpg
from sqlalchemy import Uuid, any_, bindparam, literal_column
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
