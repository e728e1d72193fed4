"""``GET /me/children`` is one statement: each child shows as the child's own page shows
it, in the same order, only the caller's, and not after the session is closed."""

from __future__ import annotations

from datetime import date

from httpx import AsyncClient
from sqlalchemy.ext.asyncio import AsyncSession

from api.config import Settings
from api.identity.models import AccountLevel
from tests.factories import child_body, make_person, revoke_sessions


async def test_the_list_shows_each_child_as_the_childs_page_does(
    client: AsyncClient, session: AsyncSession, settings: Settings
) -> None:
    parent = await make_person(session, settings, level=AccountLevel.confirmed)
    stranger = await make_person(session, settings, level=AccountLevel.confirmed)
    ids = []
    for body in (
        child_body(first_name="Анна", birth_date=date(2014, 2, 1).isoformat()),
        child_body(first_name="Пётр", middle_name=None, birth_date=date(2012, 9, 1).isoformat()),
        child_body(first_name="Олег", birth_date=date(2014, 2, 1).isoformat()),
    ):
        created = await client.post("/api/v1/me/children", json=body, headers=parent.headers)
        assert created.status_code == 201, created.text
        ids.append(created.json()["id"])
    await client.post("/api/v1/me/children", json=child_body(), headers=stranger.headers)

    listed = await client.get("/api/v1/me/children", headers=parent.headers)
    second = await client.get("/api/v1/me/children?limit=1&offset=1", headers=parent.headers)

    assert listed.status_code == 200, listed.text
    pages = [
        (await client.get(f"/api/v1/me/children/{i}", headers=parent.headers)).json()
        for i in (ids[1], ids[0], ids[2])  # by birth date, then name
    ]
    assert listed.json() == {"items": pages, "total": 3, "limit": 50, "offset": 0}
    assert pages[0]["middle_name"] is None
    assert second.json() == {"items": [pages[1]], "total": 3, "limit": 1, "offset": 1}


async def test_a_closed_session_cannot_list_children(
    client: AsyncClient, session: AsyncSession, settings: Settings
) -> None:
    parent = await make_person(session, settings, level=AccountLevel.confirmed)
    await client.post("/api/v1/me/children", json=child_body(), headers=parent.headers)
    await revoke_sessions(session, parent.id)

    answer = await client.get("/api/v1/me/children", headers=parent.headers)

    assert answer.status_code == 401
    assert answer.json()["code"] == "token_invalid"
