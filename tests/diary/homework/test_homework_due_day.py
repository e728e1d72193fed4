"""The week diary shows homework where a family needs it: on the day it is due.

Set on Monday's algebra for Wednesday, it sits on Wednesday's algebra lesson (with the
date it was set); due on a day without algebra, it sits on the day itself; set in the
previous week, it still shows in the week it is due.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import orjson
import pytest
from httpx import AsyncClient
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from api.diary.lessons.models import Lesson
from tests.diary import reference
from tests.diary.world import MONDAY, WEEK, World, lesson_on, principal_of
from tests.factories import Person


async def set_homework(
    client: AsyncClient, teacher: Person, day: date, due: date, text: str, number: int = 1
) -> None:
    lesson = await lesson_on(client, teacher, day, number)
    response = await client.post(
        f"/api/v1/lessons/{lesson['id']}/homework",
        json={"text": text, "due_date": due.isoformat()},
        headers=teacher.headers,
    )
    assert response.status_code == 201, response.text


async def diary_of(client: AsyncClient, person: Person, world: World) -> dict[str, Any]:
    response = await client.get(
        f"/api/v1/students/{world.pupil.id}/diary", params={"week": WEEK}, headers=person.headers
    )
    assert response.status_code == 200, response.text
    diary: dict[str, Any] = response.json()
    return diary


def lesson_homework(diary: dict[str, Any], day: int, number: int) -> list[str]:
    lesson = next(x for x in diary["days"][day]["lessons"] if x["number"] == number)
    return [h["text"] for h in lesson["homework"]]


async def test_homework_shows_on_the_lesson_it_is_due(client: AsyncClient, world: World) -> None:
    await set_homework(client, world.teacher, MONDAY, date(2026, 11, 25), "№ 12, 14")

    diary = await diary_of(client, world.parent, world)

    assert lesson_homework(diary, 0, 1) == []
    wednesday = next(x for x in diary["days"][2]["lessons"] if x["number"] == 1)
    [homework] = wednesday["homework"]
    assert homework["text"] == "№ 12, 14"
    assert homework["set_on"] == "2026-11-23"
    assert homework["due_date"] == "2026-11-25"
    assert homework["subject"] == {"id": str(world.algebra.id), "name": "Алгебра"}
    assert lesson_homework(diary, 2, 2) == [], "not on the day's other subject"


async def test_homework_set_last_week_shows_in_the_week_it_is_due(
    client: AsyncClient, world: World
) -> None:
    await set_homework(client, world.teacher, date(2026, 11, 20), MONDAY, "Повторить § 3")

    diary = await diary_of(client, world.parent, world)

    assert lesson_homework(diary, 0, 1) == ["Повторить § 3"]
    assert diary["days"][0]["lessons"][0]["homework"][0]["set_on"] == "2026-11-20"


async def test_homework_due_on_a_day_without_the_subject_sits_on_the_day(
    client: AsyncClient, world: World
) -> None:
    await set_homework(client, world.teacher, date(2026, 11, 27), date(2026, 11, 28), "Проект")

    parent = await diary_of(client, world.parent, world)
    teacher = await diary_of(client, world.teacher, world)
    pe_teacher = await diary_of(client, world.other_teacher, world)

    saturday = parent["days"][5]
    assert saturday["lessons"] == []
    assert [(h["text"], h["subject"]["name"]) for h in saturday["homework"]] == [
        ("Проект", "Алгебра")
    ]
    assert [h["text"] for h in teacher["days"][5]["homework"]] == ["Проект"]
    assert pe_teacher["days"][5]["homework"] == [], "not the PE teacher's subject"
    assert all(d["homework"] == [] for d in parent["days"][:5])


async def test_a_double_lesson_shows_the_homework_once(
    client: AsyncClient, session: AsyncSession, world: World
) -> None:
    """Two algebra lessons on Wednesday: the homework is due at the first."""
    pe = await session.scalar(
        select(Lesson).where(
            Lesson.class_id == world.class_b.id,
            Lesson.date == date(2026, 11, 25),
            Lesson.number == 2,
        )
    )
    assert pe is not None
    pe.subject_id = world.algebra.id
    pe.teacher_id = world.teacher.id
    await session.commit()
    await set_homework(client, world.teacher, MONDAY, date(2026, 11, 25), "№ 20")

    diary = await diary_of(client, world.parent, world)

    assert lesson_homework(diary, 2, 1) == ["№ 20"]
    assert lesson_homework(diary, 2, 2) == []


ROLES = ["parent", "teacher", "other_teacher", "class_teacher", "admin"]


@pytest.mark.parametrize("role", ROLES)
async def test_due_homework_equals_the_orm_reference(
    client: AsyncClient, session: AsyncSession, world: World, role: str
) -> None:
    await set_homework(client, world.teacher, MONDAY, date(2026, 11, 25), "№ 12, 14")
    await set_homework(client, world.teacher, date(2026, 11, 20), MONDAY, "Повторить § 3")
    await set_homework(client, world.teacher, date(2026, 11, 27), date(2026, 11, 28), "Проект")
    await set_homework(client, world.other_teacher, MONDAY, date(2026, 11, 29), "Бег", number=2)
    person = world.people()[role]

    fast = await client.get(
        f"/api/v1/students/{world.pupil.id}/diary", params={"week": WEEK}, headers=person.headers
    )
    expected = await reference.week_diary(
        session, principal_of(person), world.pupil.id, MONDAY, WEEK
    )

    assert fast.status_code == 200, fast.text
    assert orjson.loads(fast.content) == expected.model_dump(mode="json")
    shown = [h for d in fast.json()["days"] for h in d["homework"]] + [
        h for d in fast.json()["days"] for x in d["lessons"] for h in x["homework"]
    ]
    assert shown, "the week has homework to compare"


async def test_current_homework_lists_the_soonest_due_first(
    client: AsyncClient, world: World
) -> None:
    await set_homework(client, world.teacher, MONDAY, date(2026, 11, 27), "К пятнице")
    await set_homework(client, world.teacher, MONDAY, date(2026, 11, 24), "К вторнику")
    await set_homework(client, world.teacher, MONDAY, date(2026, 11, 25), "К среде")
    url = f"/api/v1/students/{world.pupil.id}/homework"

    current = await client.get(
        url,
        params={"from": "2026-11-24", "order": "soonest", "limit": 2},
        headers=world.parent.headers,
    )
    archive = await client.get(url, headers=world.parent.headers)

    assert current.status_code == 200, current.text
    assert [h["text"] for h in current.json()["items"]] == ["К вторнику", "К среде"]
    assert current.json()["total"] == 3
    assert [h["text"] for h in archive.json()["items"]] == ["К пятнице", "К среде", "К вторнику"]
