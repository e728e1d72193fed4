"""The bell's feed: newest first, paged, the unread count, only the caller's own."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from httpx import AsyncClient
from sqlalchemy.ext.asyncio import AsyncSession

from api.config import Settings
from api.notifications.models import Notification
from tests.factories import make_person

START = datetime(2026, 12, 1, 7, 0, tzinfo=UTC)


async def notices(session: AsyncSession, account_id: uuid.UUID, count: int) -> list[Notification]:
    rows = [
        Notification(
            id=uuid.uuid4(),
            account_id=account_id,
            kind="grade",
            title=f"Новая оценка: {n % 5 + 1}",
            body=f"Маша: Алгебра, {n + 1:02d}.12",
            link=None if n % 2 else f"/students/x/diary?week=2026-W{49 + n % 2}",
            created_at=START + timedelta(minutes=n),
            read_at=START + timedelta(hours=1) if n < 2 else None,
        )
        for n in range(count)
    ]
    session.add_all(rows)
    await session.commit()
    return rows


async def test_feed_pages_newest_first_with_the_unread_count(
    client: AsyncClient, session: AsyncSession, settings: Settings
) -> None:
    mother = await make_person(session, settings)
    stranger = await make_person(session, settings)
    mine = await notices(session, mother.id, 5)
    await notices(session, stranger.id, 3)

    first = (
        await client.get("/api/v1/notifications", params={"limit": 2}, headers=mother.headers)
    ).json()
    rest = (
        await client.get(
            "/api/v1/notifications", params={"limit": 2, "offset": 2}, headers=mother.headers
        )
    ).json()
    unread = (
        await client.get(
            "/api/v1/notifications", params={"unread_only": "true"}, headers=mother.headers
        )
    ).json()

    newest = sorted(mine, key=lambda n: n.created_at, reverse=True)
    assert first["total"] == 5
    assert first["unread"] == 3
    assert (first["limit"], first["offset"], rest["offset"]) == (2, 0, 2)
    assert [i["id"] for i in first["items"] + rest["items"]] == [str(n.id) for n in newest[:4]]
    assert first["items"][0] == {
        "id": str(newest[0].id),
        "kind": "grade",
        "title": newest[0].title,
        "body": newest[0].body,
        "link": newest[0].link,
        "created_at": "2026-12-01T07:04:00Z",
        "read_at": None,
    }
    assert unread["total"] == unread["unread"] == 3
    assert [i["id"] for i in unread["items"]] == [str(n.id) for n in newest[:3]]
    assert all(i["read_at"] is None for i in unread["items"])


async def test_feed_of_someone_with_nothing_yet(
    client: AsyncClient, session: AsyncSession, settings: Settings
) -> None:
    newcomer = await make_person(session, settings)

    feed = (await client.get("/api/v1/notifications", headers=newcomer.headers)).json()

    assert feed == {"items": [], "total": 0, "unread": 0, "limit": 20, "offset": 0}


async def test_read_notice_shows_when_it_was_read(
    client: AsyncClient, session: AsyncSession, settings: Settings
) -> None:
    mother = await make_person(session, settings)
    await notices(session, mother.id, 2)

    feed = (await client.get("/api/v1/notifications", headers=mother.headers)).json()

    assert [i["read_at"] for i in feed["items"]] == ["2026-12-01T08:00:00Z"] * 2
