"""``fetch_page``'s total counts the rows of the query it is given, whatever its shape."""

from __future__ import annotations

from sqlalchemy import exists, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from api.config import Settings
from api.identity.models import Account
from api.pagination import fetch_page
from tests.factories import make_person


async def test_total_of_a_query_that_names_its_table_again_only_in_a_subquery(
    session: AsyncSession, settings: Settings
) -> None:
    for n in range(3):
        await make_person(session, settings, phone=f"+7903555000{n}")
    everyone = await session.scalar(select(func.count()).select_from(Account))
    # A correlated EXISTS: replacing the columns with count() would leave "accounts"
    # only inside the subquery (SELECT count(*) WHERE EXISTS (…)) and answer 1.
    other = aliased(Account)
    query = select(Account).where(exists(select(other.id).where(other.id == Account.id)))

    rows, total = await fetch_page(session, query, order_by=[Account.id], limit=2, offset=0)

    assert (len(rows), total) == (2, everyone)
    assert total >= 3
