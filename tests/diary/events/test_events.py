"""Events: staff of a school create them; a student's family reads the school's and the
class's events, the school's holidays and the planned tests — and nothing of another
school or another class."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest
from httpx import AsyncClient

from api.identity import clock
from tests.diary.world import MONDAY, WEEK, World, lesson_on

THURSDAY = date(2026, 11, 26)
NOW = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def before_the_week(monkeypatch: pytest.MonkeyPatch) -> None:
    """Friday 20 November: the week of 23–29 November is ahead."""
    monkeypatch.setattr(clock, "now", lambda: NOW)


def event_body(world: World, **fields: Any) -> dict[str, Any]:
    return {
        "school_id": str(world.school.id),
        "kind": "parent_meeting",
        "title": "Родительское собрание",
        "starts_at": "2026-11-25T18:00:00+03:00",
        "ends_at": "2026-11-25T19:00:00+03:00",
        "place": "Актовый зал",
        **fields,
    }


async def events_of(
    client: AsyncClient,
    person: Any,
    student_id: Any,
    start: str = "2026-11-23",
    end: str = "2026-11-29",
) -> list[dict[str, Any]]:
    response = await client.get(
        f"/api/v1/students/{student_id}/events",
        params={"from": start, "to": end},
        headers=person.headers,
    )
    assert response.status_code == 200, response.text
    page = response.json()
    assert page["total"] == len(page["items"])
    items: list[dict[str, Any]] = page["items"]
    return items


async def test_staff_creates_an_event_the_class_families_see(
    client: AsyncClient, world: World
) -> None:
    created = await client.post(
        "/api/v1/events",
        json=event_body(world, class_ids=[str(world.class_b.id)], description="О четверти"),
        headers=world.class_teacher.headers,
    )
    assert created.status_code == 201, created.text
    event = created.json()
    assert event["class_ids"] == [str(world.class_b.id)]
    assert event["starts_at"] == "2026-11-25T18:00:00+03:00"
    assert event["kind"] == "parent_meeting"

    seen = await events_of(client, world.parent, world.pupil.id)
    assert [(e["id"], e["title"], e["place"], e["all_day"]) for e in seen] == [
        (event["id"], "Родительское собрание", "Актовый зал", False)
    ]
    assert seen[0]["starts_at"] == "2026-11-25T18:00:00+03:00"
    # The student sees it too; the 9-А family does not.
    assert [e["id"] for e in await events_of(client, world.student, world.own.id)] == [event["id"]]
    assert await events_of(client, world.other_parent, world.stranger.id) == []


async def test_a_whole_school_event_reaches_every_class(client: AsyncClient, world: World) -> None:
    created = await client.post(
        "/api/v1/events",
        json=event_body(world, kind="event", title="Новогодний концерт"),
        headers=world.admin.headers,
    )
    assert created.status_code == 201, created.text
    assert created.json()["class_ids"] == []
    for person, student in ((world.parent, world.pupil), (world.other_parent, world.stranger)):
        assert [e["title"] for e in await events_of(client, person, student.id)] == [
            "Новогодний концерт"
        ]
    # Outside the period asked for: nothing.
    assert await events_of(client, world.parent, world.pupil.id, "2026-11-26", "2026-11-29") == []


async def test_another_schools_event_is_invisible_and_its_staff_cannot_post_here(
    client: AsyncClient, world: World
) -> None:
    foreign = await client.post(
        "/api/v1/events", json=event_body(world), headers=world.foreign_admin.headers
    )
    assert foreign.status_code == 404, foreign.text
    assert foreign.json()["code"] == "school_not_found"
    own = await client.post(
        "/api/v1/events",
        json=event_body(world, school_id=str(world.other_school.id), title="Чужое"),
        headers=world.foreign_admin.headers,
    )
    assert own.status_code == 201, own.text
    assert await events_of(client, world.parent, world.pupil.id) == []
    # Nor may a foreign admin read a student of this school.
    hidden = await client.get(
        f"/api/v1/students/{world.pupil.id}/events", headers=world.foreign_admin.headers
    )
    assert hidden.status_code == 404


async def test_only_staff_create_events(client: AsyncClient, world: World) -> None:
    for person in (world.parent, world.student):
        refused = await client.post(
            "/api/v1/events", json=event_body(world), headers=person.headers
        )
        assert refused.status_code == 403, refused.text
    wrong_class = await client.post(
        "/api/v1/events",
        json=event_body(world, class_ids=[str(world.other_school.id)]),
        headers=world.admin.headers,
    )
    assert wrong_class.status_code == 422
    assert wrong_class.json()["errors"][0]["field"] == "class_ids"
    assert await events_of(client, world.parent, world.pupil.id) == []


async def test_school_holidays_are_events_of_kind_holiday(
    client: AsyncClient, world: World
) -> None:
    made = await client.post(
        "/api/v1/school-holidays",
        json={"name": "Карантин", "starts_on": "2026-11-26", "ends_on": "2026-11-27"},
        headers=world.admin.headers,
    )
    assert made.status_code == 201, made.text
    seen = await events_of(client, world.parent, world.pupil.id)
    assert [(e["id"], e["kind"], e["title"], e["all_day"]) for e in seen] == [
        (made.json()["id"], "holiday", "Карантин", True)
    ]
    assert seen[0]["starts_at"] == "2026-11-26T00:00:00+03:00"
    assert seen[0]["ends_at"] == "2026-11-28T00:00:00+03:00"
    # A holiday posted as an event is written where holidays live (one source of truth).
    posted = await client.post(
        "/api/v1/events",
        json=event_body(
            world,
            kind="holiday",
            title="Каникулы",
            starts_at="2026-12-28T00:00:00+03:00",
            ends_at="2027-01-09T00:00:00+03:00",
        ),
        headers=world.admin.headers,
    )
    assert posted.status_code == 201, posted.text
    holidays = (await client.get("/api/v1/school-holidays", headers=world.admin.headers)).json()
    assert {(h["name"], h["starts_on"], h["ends_on"]) for h in holidays} == {
        ("Карантин", "2026-11-26", "2026-11-27"),
        ("Каникулы", "2026-12-28", "2027-01-08"),
    }
    # Only the administration enters holidays.
    teacher = await client.post(
        "/api/v1/events", json=event_body(world, kind="holiday"), headers=world.teacher.headers
    )
    assert teacher.status_code == 403


async def test_a_planned_test_appears_in_the_diary_and_the_events(
    client: AsyncClient, world: World
) -> None:
    lesson = await lesson_on(client, world.teacher, THURSDAY)
    planned = await client.put(
        f"/api/v1/lessons/{lesson['id']}/planned-work",
        json={"work_type_code": "test"},
        headers=world.teacher.headers,
    )
    assert planned.status_code == 200, planned.text
    assert planned.json()["planned_work"]["name"] == "Контрольная работа"
    # The lesson editor reads it back from the lesson (and the teacher's lesson list).
    editor = await client.get(f"/api/v1/lessons/{lesson['id']}", headers=world.teacher.headers)
    assert editor.json()["planned_work"]["code"] == "test"
    mine = await client.get(
        "/api/v1/me/lessons",
        params={"from": THURSDAY.isoformat(), "to": THURSDAY.isoformat()},
        headers=world.teacher.headers,
    )
    assert [x["planned_work"] and x["planned_work"]["code"] for x in mine.json()] == [
        "test" if x["id"] == lesson["id"] else None for x in mine.json()
    ]

    seen = await events_of(client, world.parent, world.pupil.id)
    assert [(e["kind"], e["title"], e["lesson_id"]) for e in seen] == [
        ("test", "Контрольная работа: Алгебра", lesson["id"])
    ]
    assert seen[0]["subject"]["name"] == "Алгебра"
    diary = await client.get(
        f"/api/v1/students/{world.pupil.id}/diary",
        params={"week": WEEK},
        headers=world.parent.headers,
    )
    assert diary.status_code == 200, diary.text
    thursday = next(d for d in diary.json()["days"] if d["date"] == THURSDAY.isoformat())
    algebra = next(x for x in thursday["lessons"] if x["id"] == lesson["id"])
    assert algebra["planned_work"]["code"] == "test"
    assert [(e["title"], e["starts_at"]) for e in diary.json()["events"]] == [
        ("Контрольная работа: Алгебра", "2026-11-26T08:30:00+03:00")
    ]
    monday = next(d for d in diary.json()["days"] if d["date"] == MONDAY.isoformat())
    assert all(x["planned_work"] is None for x in monday["lessons"])
    # The PE teacher of 9-Б does not teach algebra: the test is not theirs to see.
    assert [
        e
        for e in await events_of(client, world.other_teacher, world.pupil.id)
        if e["kind"] == "test"
    ] == []

    cleared = await client.put(
        f"/api/v1/lessons/{lesson['id']}/planned-work",
        json={"work_type_code": None},
        headers=world.teacher.headers,
    )
    assert cleared.status_code == 200
    assert await events_of(client, world.parent, world.pupil.id) == []
    editor = await client.get(f"/api/v1/lessons/{lesson['id']}", headers=world.teacher.headers)
    assert editor.json()["planned_work"] is None


async def test_only_the_lessons_teacher_plans_work_and_only_ahead(
    client: AsyncClient, world: World
) -> None:
    lesson = await lesson_on(client, world.teacher, THURSDAY)
    path = f"/api/v1/lessons/{lesson['id']}/planned-work"
    body = {"work_type_code": "test"}
    other = await client.put(path, json=body, headers=world.other_teacher.headers)
    assert other.status_code == 404
    parent = await client.put(path, json=body, headers=world.parent.headers)
    assert parent.status_code == 403
    unknown = await client.put(path, json={"work_type_code": "nope"}, headers=world.teacher.headers)
    assert unknown.status_code == 422
    past = await lesson_on(client, world.teacher, date(2026, 11, 19))
    late = await client.put(
        f"/api/v1/lessons/{past['id']}/planned-work", json=body, headers=world.teacher.headers
    )
    assert late.status_code == 422
    assert late.json()["code"] == "lesson_started"
