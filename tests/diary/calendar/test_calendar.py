"""The iCalendar feed: valid RFC 5545 (parsed back), stable UIDs, SEQUENCE raised on each
change, cancelled lessons STATUS:CANCELLED, CRLF and 75-octet folding, secret URLs."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta

from httpx import AsyncClient
from icalendar import Calendar
from sqlalchemy.ext.asyncio import AsyncSession

from api.diary.events.models import EventKind, SchoolEvent
from api.diary.grades import service as grades_service
from api.diary.holidays.models import SchoolHoliday
from api.diary.lessons.models import Lesson
from api.diary.meetings.models import Meeting, MeetingSlot
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
    # How often to poll, in both clients' spellings: RFC 7986 and Outlook's, durations.
    assert b"\r\nREFRESH-INTERVAL;VALUE=DURATION:PT1H\r\n" in raw
    assert b"\r\nX-PUBLISHED-TTL:PT1H\r\n" in raw
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


async def test_feed_has_events_holidays_tests_and_bookings_with_alarms_and_zone(
    client: AsyncClient, session: AsyncSession, world: World
) -> None:
    """The school's zone as a VTIMEZONE, every time with its TZID; an alarm the day
    before events, tests and bookings; holidays as whole days; long Russian text folded
    without splitting a character."""
    url = (await client.get("/api/v1/me/calendar-feed", headers=world.parent.headers)).json()["url"]
    event = SchoolEvent(
        id=uuid.uuid4(),
        school_id=world.school.id,
        whole_school=True,
        kind=EventKind.parent_meeting,
        title="Родительское собрание",
        starts_at=datetime(2026, 11, 25, 15, 0, tzinfo=UTC),
        ends_at=datetime(2026, 11, 25, 16, 0, tzinfo=UTC),
        place="Актовый зал",
        description="«Ёлочки» — " * 20,
    )
    foreign = SchoolEvent(
        id=uuid.uuid4(),
        school_id=world.other_school.id,
        whole_school=True,
        kind=EventKind.event,
        title="Чужое",
        starts_at=datetime(2026, 11, 25, 15, 0, tzinfo=UTC),
        ends_at=datetime(2026, 11, 25, 16, 0, tzinfo=UTC),
    )
    holiday = SchoolHoliday(
        id=uuid.uuid4(),
        school_id=world.school.id,
        class_id=None,
        name="Каникулы",
        starts_on=date(2026, 12, 28),
        ends_on=date(2027, 1, 8),
    )
    session.add_all([event, foreign, holiday])
    lesson = await lesson_on(client, world.teacher, MONDAY)
    row = await session.get(Lesson, uuid.UUID(str(lesson["id"])))
    assert row is not None
    test = next(
        w
        for w in await grades_service.ensure_work_types(session, world.school.id)
        if w.code == "test"
    )
    row.planned_work_type_id = test.id
    meeting = Meeting(
        id=uuid.uuid4(),
        school_id=world.school.id,
        class_id=world.class_b.id,
        organiser_id=world.class_teacher.id,
        title="Встреча с учителем",
        place="Кабинет 214",
    )
    session.add(meeting)
    await session.flush()
    slot = MeetingSlot(
        id=uuid.uuid4(),
        meeting_id=meeting.id,
        starts_at=datetime(2026, 11, 27, 14, 0, tzinfo=UTC),
        ends_at=datetime(2026, 11, 27, 14, 15, tzinfo=UTC),
        student_id=world.pupil.id,
    )
    session.add(slot)
    await session.commit()

    raw, calendar = await fetch(client, url)
    strictly_valid(raw)
    found = events(calendar)
    assert f"event-{foreign.id}@edudiary" not in found
    meeting_event = found[f"event-{event.id}@edudiary"]
    assert str(meeting_event["SUMMARY"]) == "Родительское собрание"  # type: ignore[index]
    assert meeting_event["DTSTART"].dt == datetime(2026, 11, 25, 15, 0, tzinfo=UTC)  # type: ignore[index]
    assert meeting_event["DTSTART"].params["TZID"] == "Europe/Moscow"  # type: ignore[index]
    assert str(meeting_event["DESCRIPTION"]) == "«Ёлочки» — " * 20  # type: ignore[index]
    [alarm] = meeting_event.walk("VALARM")  # type: ignore[attr-defined]
    assert alarm["TRIGGER"].dt == timedelta(days=-1)
    assert str(alarm["ACTION"]) == "DISPLAY"
    vacation = found[f"holiday-{holiday.id}@edudiary"]
    assert vacation["DTSTART"].dt == date(2026, 12, 28)  # type: ignore[index]
    assert vacation["DTEND"].dt == date(2027, 1, 9)  # type: ignore[index]
    assert not vacation.walk("VALARM")  # type: ignore[attr-defined]
    planned = found[f"{lesson['id']}@edudiary"]
    assert str(planned["SUMMARY"]) == "1. Алгебра (9-Б) — Контрольная работа"  # type: ignore[index]
    assert planned.walk("VALARM")  # type: ignore[attr-defined]
    booking = found[f"meeting-slot-{slot.id}@edudiary"]
    assert str(booking["SUMMARY"]) == "Встреча с учителем"  # type: ignore[index]
    assert str(booking["LOCATION"]) == "Кабинет 214"  # type: ignore[index]
    assert booking.walk("VALARM")  # type: ignore[attr-defined]
    assert [str(z["TZID"]) for z in calendar.walk("VTIMEZONE")] == ["Europe/Moscow"]

    # The organiser's feed names who booked; another family's does not hold the booking.
    teacher_url = (
        await client.get("/api/v1/me/calendar-feed", headers=world.class_teacher.headers)
    ).json()["url"]
    _, organiser = await fetch(client, teacher_url)
    assert str(events(organiser)[f"meeting-slot-{slot.id}@edudiary"]["SUMMARY"]) == (  # type: ignore[index]
        "Встреча с учителем: Иванов Пётр"
    )
    other_url = (
        await client.get("/api/v1/me/calendar-feed", headers=world.other_parent.headers)
    ).json()["url"]
    _, other = await fetch(client, other_url)
    assert f"meeting-slot-{slot.id}@edudiary" not in events(other)
    assert f"event-{event.id}@edudiary" in events(other)  # the whole school's
