"""Login accepts a SNILS once the registry check has passed (ARCHITECTURE §6)."""

from __future__ import annotations

from httpx import AsyncClient
from sqlalchemy.ext.asyncio import AsyncSession

from api.identity.accounts import parse_login
from tests.factories import next_passport, valid_snils
from tests.identity.conftest import login, make_account


def test_written_snils_is_never_read_as_a_phone() -> None:
    assert parse_login("112-233-445 95").kind == "snils"
    assert parse_login("112-233-445 95").value == "112-233-445 95"
    assert parse_login("89991234567").kind == "phone"
    assert parse_login("11223344595").kind == "snils"


async def test_parent_logs_in_with_snils_in_any_spelling(
    client: AsyncClient, session: AsyncSession
) -> None:
    account = await make_account(session, phone="+79035550101")
    await session.commit()
    tokens = await login(client, "+79035550101")
    headers = {"Authorization": f"Bearer {tokens.access_token}"}
    snils = valid_snils()
    await client.put("/api/v1/me/snils", json={"snils": snils}, headers=headers)
    await client.put("/api/v1/me/passport", json=next_passport(), headers=headers)

    for typed in (snils, snils.replace("-", "").replace(" ", "")):
        by_snils = await login(client, typed)
        me = await client.get(
            "/api/v1/me", headers={"Authorization": f"Bearer {by_snils.access_token}"}
        )
        assert me.json()["id"] == str(account.id)
