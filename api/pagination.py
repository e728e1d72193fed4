"""List pages, ARCHITECTURE §5: ``?limit=&offset=`` → ``{items, total, limit, offset}``."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated, Any, TypeVar

from fastapi import Query
from sqlalchemy import Select, func
from sqlalchemy.ext.asyncio import AsyncSession

Limit = Annotated[int, Query(ge=1, le=100, description="Сколько записей вернуть")]
Offset = Annotated[int, Query(ge=0, le=100_000, description="Сколько записей пропустить")]

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
    total = await session.scalar(query.with_only_columns(func.count()).order_by(None))
    rows = await session.scalars(query.order_by(*order_by).limit(limit).offset(offset))
    return list(rows), int(total or 0)
