"""Human numbers of applications and support tickets: «ЭД-2026-000123», «ОБ-2026-000045»."""

from __future__ import annotations

from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from api.applications.models import NumberCounter

APPLICATION_SERIES = "ЭД"
SUPPORT_SERIES = "ОБ"


async def next_number(session: AsyncSession, series: str, year: int) -> str:
    """The next number of ``series`` in ``year``.

    The upsert locks the counter row until the transaction ends, so concurrent callers
    queue up: call it as late in the transaction as possible."""
    stmt = (
        insert(NumberCounter)
        .values(series=series, year=year, value=1)
        .on_conflict_do_update(
            index_elements=[NumberCounter.series, NumberCounter.year],
            set_={"value": NumberCounter.value + 1},
        )
        .returning(NumberCounter.value)
    )
    value = (await session.execute(stmt)).scalar_one()
    return f"{series}-{year}-{value:06d}"
