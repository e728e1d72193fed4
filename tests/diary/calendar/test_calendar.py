"""The iCalendar feed: valid RFC 5545 (parsed back), stable UIDs, SEQUENCE raised on each
change, cancelled lessons STATUS:CANCELLED, CRLF and 75-octet folding, secret URLs."""

from __future__ import annotations

from datetime import UTC, datetime

from httpx import AsyncClient
from icalendar import Calendar

from api.diary.calendar import ics
from api.identity import clock
from tests.diary.world import MONDAY, World, lesson_on


def freeze(when: datetime) -> None:
    clock.now = lambda: when


async def fetch(client: AsyncClient, url: str) -> tuple[bytes, Calendar]:
    """The feed window is around "now": now is put in the middle of the test term."""
    path = url.split("://", 1)[1].split("/", 1)[1]
    original = clock.now
    freeze(datetime(2026, 11, 24, 9, 0, tzinfo=UTC))
    try:
        response = await client.get("/" + path)
    finally:
        clock.now = original
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/calendar")
    return response.content, Calendar.from_ical(response.content)


def strictly_valid(raw: bytes) -> None:
    """Every line ends with CRLF and is at most 75 octets; the text is UTF-8."""
    raw.decode("utf-8")
    assert raw.endswith(b"\r\n")
    for line in raw.split(b"\r\n")[:-1]:
        assert len(line) <= 75, line
        assert b"\n" not in line


def events(calendar: Calendar) -> dict[str, object]:
    return {str(e["UID"]): e for e in calendar.walk("VEVENT")}


async def test_parent_feed_is_valid_and_tracks_changes(client: AsyncClient, world: World) -> None:
    url = (await client.get("/api/v1/me/calendar-feed", headers=world.parent.headers)).json()["url"]
    assert (
        url
        == (await client.get("/api/v1/me/calendar-feed", headers=world.parent.headers)).json()[
            "url"
        ]
    )
    raw, calendar = await fetch(client, url)
    strictly_valid(raw)
    lesson = await lesson_on(client, world.teacher, MONDAY)
    uid = f"{lesson['id']}@edudiary"
    before = events(calendar)[uid]
    assert int(before["SEQUENCE"]) == 0  # type: ignore[index]
    assert before["DTSTART"].dt == datetime(2026, 11, 23, 5, 30, tzinfo=UTC)  # type: ignore[index]
    assert str(before["STATUS"]) == "CONFIRMED"  # type: ignore[index]
    assert str(before["SUMMARY"]) == "1. Алгебра (9-Б)"  # type: ignore[index]
    # Only the 9-Б lessons of the parent's child: 3 weeks × 5 days × 2 lessons.
    assert len(events(calendar)) == 30

    cancelled = await client.patch(
        f"/api/v1/lessons/{lesson['id']}",
        json={"status": "cancelled", "change_note": "Болезнь учителя"},
        headers=world.admin.headers,
    )
    assert cancelled.status_code == 200, cancelled.text
    raw, calendar = await fetch(client, url)
    strictly_valid(raw)
    after = events(calendar)[uid]
    assert int(after["SEQUENCE"]) == 1  # type: ignore[index]
    assert str(after["STATUS"]) == "CANCELLED"  # type: ignore[index]
    assert "Болезнь учителя" in str(after["DESCRIPTION"])  # type: ignore[index]

    moved = await client.patch(
        f"/api/v1/lessons/{lesson['id']}",
        json={"status": "scheduled", "date": "2026-11-28", "number": 2},
        headers=world.admin.headers,
    )
    assert moved.status_code == 200, moved.text
    _, calendar = await fetch(client, url)
    again = events(calendar)[uid]
    assert int(again["SEQUENCE"]) == 2  # type: ignore[index]
    assert again["DTSTART"].dt == datetime(2026, 11, 28, 6, 25, tzinfo=UTC)  # type: ignore[index]
    assert str(again["STATUS"]) == "CONFIRMED"  # type: ignore[index]


async def test_rotation_revokes_the_old_url(client: AsyncClient, world: World) -> None:
    old = (await client.get("/api/v1/me/calendar-feed", headers=world.teacher.headers)).json()[
        "url"
    ]
    new = (
        await client.post("/api/v1/me/calendar-feed/rotate", headers=world.teacher.headers)
    ).json()["url"]

    assert old != new
    _, calendar = await fetch(client, new)
    assert len(events(calendar)) == 15  # the teacher's own algebra lessons in 9-Б
    gone = await client.get("/" + old.split("://", 1)[1].split("/", 1)[1])
    assert gone.status_code == 404
    assert gone.headers["content-type"] == "application/problem+json"


def test_folding_never_splits_a_character() -> None:
    line = "DESCRIPTION:" + "Ёлочки «ёлочки» — " * 10
    folded = ics.fold(line)
    chunks = folded.split("\r\n")
    assert all(len(c.encode()) <= 75 for c in chunks)
    assert "".join(c[1:] if i else c for i, c in enumerate(chunks)) == line


def test_text_is_escaped() -> None:
    assert ics.escape("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne"
