"""List pages, ARCHITECTURE §5: ``?limit=&offset=`` → ``{items, total, limit, offset}``."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated, Any, TypeVar

from fastapi import Query
from sqlalchemy import Select, func, select
from sqlalchemy.ext.asyncio import AsyncSession

# One rule for every list of the API (docs/api.md, «Lists»): ``limit`` 1..200, 50 unless
# the endpoint says otherwise; ``offset`` 0..100 000. Routers take these, never their own.
MAX_LIMIT = 200
DEFAULT_LIMIT = 50
MAX_OFFSET = 100_000

Limit = Annotated[
    int, Query(ge=1, le=MAX_LIMIT, description=f"Сколько записей вернуть (1–{MAX_LIMIT})")
]
Offset = Annotated[
    int, Query(ge=0, le=MAX_OFFSET, description="Сколько записей пропустить (до 100 000)")
]

_Row = TypeVar("_Row")


async def fetch_page(
    session: AsyncSession,
    query: Select[_Row],
    *,
    order_by: Sequence[Any],
    limit: int,
    offset: int,
) -> tuple[list[_Row], int]:
    """One page of an (already access-scoped) query and the total it has."""
    # Counted over the query as a subquery: replacing its columns with count() drops a
    # table the query names only inside a correlated subquery (EXISTS) from the FROM list.
    total = await session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))
    rows = await session.scalars(query.order_by(*order_by).limit(limit).offset(offset))
    return list(rows), int(total or 0)
