"""``/me/children`` in one statement: the caller's session checked, the page and its total
read in one round trip. Plain rows, not JSON: the SNILS and the birth certificate are
decrypted and masked in Python (``service.child_view``), never in SQL."""

from __future__ import annotations

from functools import cache
from typing import Any

import asyncpg
from sqlalchemy import select

from api.children.access import guardian_sees
from api.children.models import Child
from api.children.schemas import ChildList
from api.children.service import OUT_COLUMNS, child_view
from api.identity import tokens
from api.identity.statements import caller_cte, fetch_rows, lean_rows
from api.statements import Compiled


@cache
def children_statement() -> Compiled:
    caller = caller_cte()
    mine = select(*OUT_COLUMNS).where(guardian_sees(caller.c.account_id))
    order = (Child.birth_date, Child.last_name, Child.first_name, Child.id)
    return Compiled.of(lean_rows(caller, mine, *order))


async def read_children(
    connection: asyncpg.Connection[Any], claims: tokens.AccessClaims, *, limit: int, offset: int
) -> ChildList:
    found = await fetch_rows(connection, claims, children_statement(), limit=limit, offset=offset)
    return ChildList(
        items=[child_view(row) for row in found.rows],
        total=found.total,
        limit=limit,
        offset=offset,
    )
