"""The feed written by one statement equals, byte for byte, the feed the ``icalendar``
library wrote from ORM objects (``tests/diary/reference/calendar.py``), for every kind of
reader and for text that needs escaping and folding; and conditional requests: the
ETag answers a 304, and changes when what the feed shows changes."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime

from httpx import AsyncClient, Response
from sqlalchemy.ext.asyncio import AsyncSession

from api.diary.events.models import EventKind, SchoolEvent, SchoolEventClass
from api.diary.grades import service as grades_service
from api.diary.holidays.models import SchoolHoliday
from api.diary.lessons.models import Lesson, LessonStatus
from api.diary.meetings.models import Meeting, MeetingSlot
from api.identity import clock
from tests.diary.reference.calendar import feed_text
from tests.diary.world import MONDAY, World, lesson_on
from tests.factories import Person, revoke_sessions

NOW = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)


async def feed_path(client: AsyncClient, person: Person) -> str:
    answer = await client.get("/api/v1/me/calendar-feed", headers=person.headers)
    assert answer.status_code == 200, answer.text
    url: str = answer.json()["url"]
    return "/" + url.split("://", 1)[1].split("/", 1)[1]


async def get_feed(client: AsyncClient, path: str, **headers: str) -> Response:
    original = clock.now
    clock.now = lambda: NOW
    try:
        return await client.get(path, headers=headers)
    finally:
        clock.now = original


async def lesson_row(client: AsyncClient, session: AsyncSession, world: World, day: date) -> Lesson:
    found = await lesson_on(client, world.teacher, day)
    row = await session.get(Lesson, uuid.UUID(str(found["id"])))
    assert row is not None
    return row


async def test_the_statement_writes_the_librarys_bytes(
    client: AsyncClient, session: AsyncSession, world: World
) -> None:
    # Text that TEXT escaping changes (\, ; , and the library's «\N» → newline), lines
    # long enough to fold inside Cyrillic letters and next to a backslash, empty optional
    # values (left out), a substitute, a moved and a cancelled lesson with a test planned.
    test = next(
        w
        for w in await grades_service.ensure_work_types(session, world.school.id)
        if w.code == "test"
    )
    moved = await lesson_row(client, session, world, MONDAY)
    moved.topic = "Квадратные уравнения; дискриминант, корни \\ формулы \\N " + "ё" * 40
    moved.status = LessonStatus.moved
    moved.original_date = date(2026, 11, 20)
    moved.change_note = "Перенос:\r\nзамена кабинета,\rсм. объявление" + "a" * 50 + "\\b"
    moved.room = ""
    moved.substitute_teacher_id = world.other_teacher.id
    moved.planned_work_type_id = test.id
    cancelled = await lesson_row(client, session, world, date(2026, 11, 25))
    cancelled.status = LessonStatus.cancelled
    cancelled.planned_work_type_id = test.id
    cancelled.room = "214"
    world.parent.account.last_name = "Смирнова-Ёлкина, Длинная; " + "ж" * 30
    event = SchoolEvent(
        id=uuid.uuid4(),
        school_id=world.school.id,
        whole_school=False,
        kind=EventKind.event,
        title="Экскурсия, «Музей»; сбор в 9:00 " + "х" * 40,
        starts_at=datetime(2026, 11, 26, 6, 0, tzinfo=UTC),
        ends_at=datetime(2026, 11, 26, 9, 0, tzinfo=UTC),
        place="",
        description=None,
    )
    holiday = SchoolHoliday(
        id=uuid.uuid4(),
        school_id=world.school.id,
        class_id=world.class_b.id,
        name="Карантин 9-Б",
        starts_on=date(2026, 12, 1),
        ends_on=date(2026, 12, 3),
    )
    session.add_all([event, holiday])
    await session.flush()
    session.add(SchoolEventClass(event_id=event.id, class_id=world.class_b.id))
    meeting = Meeting(
        id=uuid.uuid4(),
        school_id=world.school.id,
        class_id=world.class_b.id,
        organiser_id=world.class_teacher.id,
        title="Встреча, итоги четверти",
        place="Кабинет 214",
    )
    session.add(meeting)
    await session.flush()
    session.add(
        MeetingSlot(
            id=uuid.uuid4(),
            meeting_id=meeting.id,
            starts_at=datetime(2026, 11, 27, 14, 0, tzinfo=UTC),
            ends_at=datetime(2026, 11, 27, 14, 15, tzinfo=UTC),
            student_id=world.pupil.id,
            booked_at=datetime(2026, 11, 20, 10, 0, tzinfo=UTC),
        )
    )
    await session.commit()

    readers = (
        world.parent,
        world.other_parent,
        world.student,
        world.teacher,
        world.other_teacher,
        world.class_teacher,
        world.admin,
    )
    for person in readers:
        answer = await get_feed(client, await feed_path(client, person))
        assert answer.status_code == 200, answer.text
        expected = await feed_text(session, person.account, NOW)
        assert answer.content == expected, person.account.last_name
    parent = (await get_feed(client, await feed_path(client, world.parent))).content
    assert b"\r\n " in parent  # something was folded
    assert "Перенесён с 20.11.2026" in parent.replace(b"\r\n ", b"").decode()


async def test_a_matching_etag_answers_304_without_the_feed(
    client: AsyncClient, world: World
) -> None:
    path = await feed_path(client, world.parent)
    first = await get_feed(client, path)
    assert first.status_code == 200
    etag = first.headers["etag"]
    assert etag[0] == etag[-1] == '"'
    assert first.headers["last-modified"].endswith(" GMT")

    again = await get_feed(client, path, **{"If-None-Match": etag})
    assert again.status_code == 304
    assert again.content == b""
    assert again.headers["etag"] == etag
    assert again.headers["cache-control"] == "private, max-age=300"
    # Weak comparison, a list, and «*» (the feed exists) match too.
    assert (await get_feed(client, path, **{"If-None-Match": f'"x", W/{etag}'})).status_code == 304
    assert (await get_feed(client, path, **{"If-None-Match": "*"})).status_code == 304
    # Another tag, or a date alone (it cannot see a deleted event): the whole feed.
    other = await get_feed(client, path, **{"If-None-Match": '"0123"'})
    assert other.status_code == 200
    assert other.content == first.content
    dated = await get_feed(client, path, **{"If-Modified-Since": first.headers["last-modified"]})
    assert dated.status_code == 200


async def test_the_etag_changes_when_a_lesson_changes(
    client: AsyncClient, session: AsyncSession, world: World
) -> None:
    path = await feed_path(client, world.parent)
    before = (await get_feed(client, path)).headers["etag"]
    teacher_before = (await get_feed(client, await feed_path(client, world.teacher))).headers[
        "etag"
    ]
    assert before != teacher_before  # each reader's feed has its own

    lesson = await lesson_on(client, world.teacher, MONDAY)
    changed = await client.patch(
        f"/api/v1/lessons/{lesson['id']}", json={"topic": "Новая тема"}, headers=world.admin.headers
    )
    assert changed.status_code == 200, changed.text
    after = await get_feed(client, path, **{"If-None-Match": before})
    assert after.status_code == 200
    assert after.headers["etag"] != before
    assert "Тема: Новая тема" in after.content.replace(b"\r\n ", b"").decode()

    # A change the lesson row does not record (the teacher's name) changes it too.
    world.teacher.account.middle_name = "Петрович"
    await session.commit()
    renamed = await get_feed(client, path, **{"If-None-Match": after.headers["etag"]})
    assert renamed.status_code == 200
    assert renamed.headers["etag"] != after.headers["etag"]


async def test_a_revoked_link_is_404_even_with_its_etag(client: AsyncClient, world: World) -> None:
    path = await feed_path(client, world.parent)
    etag = (await get_feed(client, path)).headers["etag"]
    rotated = await client.post("/api/v1/me/calendar-feed/rotate", headers=world.parent.headers)
    assert rotated.status_code == 200
    gone = await get_feed(client, path, **{"If-None-Match": etag})
    assert gone.status_code == 404
    assert gone.headers["content-type"] == "application/problem+json"


async def test_the_link_is_read_in_one_statement_that_checks_the_session(
    client: AsyncClient, session: AsyncSession, world: World
) -> None:
    """``/me/calendar-feed`` creates the feed once, then reads it on the hot pool: the
    same URL, and 401 once the token's session is revoked."""
    first = await feed_path(client, world.parent)
    assert await feed_path(client, world.parent) == first

    await revoke_sessions(session, world.parent.id)
    await session.commit()
    answer = await client.get("/api/v1/me/calendar-feed", headers=world.parent.headers)
    assert answer.status_code == 401
    assert answer.headers["content-type"] == "application/problem+json"
