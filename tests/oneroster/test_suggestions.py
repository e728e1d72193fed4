"""Platform results are the teacher's suggestions (contract §4.5): listed for who keeps the
journal, accepted into the journal as the teacher's own grade, or rejected — a grade
never appears without the teacher."""

from __future__ import annotations

import uuid
from typing import Any

from httpx import AsyncClient
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from api.diary.grades.models import Grade, GradeChange
from api.oneroster.models import ExternalResult, SuggestionStatus
from tests.diary.world import MONDAY, World, lesson_on
from tests.oneroster.gradebook import (
    Writer,
    ensure_work_types,
    line_item_body,
    result_body,
    work_type_id,
    writer,
)


async def suggest(
    client: AsyncClient, session: AsyncSession, world: World, **result: Any
) -> tuple[Writer, str, str]:
    await ensure_work_types(session, world)
    platform = await writer(client, world)
    item_id, result_id = str(uuid.uuid4()), str(uuid.uuid4())
    test = await work_type_id(session, world, "test")
    made = await platform.put(f"/lineItems/{item_id}", line_item_body(world, test))
    assert made.status_code == 201, made.text
    put = await platform.put(
        f"/results/{result_id}", result_body(item_id, world.pupil.id, **result)
    )
    assert put.status_code == 201, put.text
    return platform, item_id, result_id


async def grades_of(session: AsyncSession, world: World) -> list[Grade]:
    rows = await session.scalars(
        select(Grade)
        .where(Grade.student_id == world.pupil.id)
        .execution_options(populate_existing=True)
    )
    return list(rows)


async def test_the_teacher_sees_and_accepts_a_suggestion(
    client: AsyncClient, session: AsyncSession, world: World
) -> None:
    _platform, item_id, result_id = await suggest(client, session, world)
    listed = await client.get(
        f"/api/v1/classes/{world.class_b.id}/grade-suggestions",
        params={"subject_id": str(world.algebra.id)},
        headers=world.teacher.headers,
    )
    assert listed.status_code == 200, listed.text
    page = listed.json()
    assert page["total"] == 1
    (item,) = page["items"]
    assert item["id"] == result_id
    assert item["student"] == {"id": str(world.pupil.id), "name": "Иванов Пётр"}
    assert item["line_item"]["id"] == item_id
    assert item["line_item"]["work_type"] == "test"
    assert item["platform"] == "Электронная библиотека"
    assert (item["score"], item["suggested_value"], item["status"]) == (92, 5, "pending")
    assert await grades_of(session, world) == []  # nothing in the journal yet

    lesson = await lesson_on(client, world.teacher, MONDAY)
    accepted = await client.post(
        f"/api/v1/grade-suggestions/{result_id}/accept",
        json={"lesson_id": lesson["id"], "value": 5},
        headers=world.teacher.headers,
    )
    assert accepted.status_code == 200, accepted.text
    assert accepted.json()["status"] == "accepted"

    (grade,) = await grades_of(session, world)
    assert (str(grade.lesson_id), grade.score, grade.teacher_id) == (
        lesson["id"],
        5,
        world.teacher.id,
    )
    assert grade.work_type_id == await work_type_id(session, world, "test")
    assert accepted.json()["grade_id"] == str(grade.id)
    history = await session.scalar(select(GradeChange).where(GradeChange.grade_id == grade.id))
    assert history is not None
    assert history.changed_by == world.teacher.id
    row = await session.get(ExternalResult, uuid.UUID(result_id))
    assert row is not None
    await session.refresh(row)
    assert (row.status, row.grade_id, row.decided_by) == (
        SuggestionStatus.accepted,
        grade.id,
        world.teacher.id,
    )
    # Decided: no longer pending, a second decision is a conflict.
    pending = await client.get(
        f"/api/v1/classes/{world.class_b.id}/grade-suggestions", headers=world.teacher.headers
    )
    assert pending.json()["total"] == 0
    twice = await client.post(
        f"/api/v1/grade-suggestions/{result_id}/reject", headers=world.teacher.headers
    )
    assert twice.status_code == 409
    assert twice.json()["code"] == "suggestion_decided"


async def test_reject_writes_nothing_to_the_journal(
    client: AsyncClient, session: AsyncSession, world: World
) -> None:
    _platform, _item, result_id = await suggest(client, session, world)
    rejected = await client.post(
        f"/api/v1/grade-suggestions/{result_id}/reject", headers=world.teacher.headers
    )
    assert rejected.status_code == 200, rejected.text
    assert rejected.json()["status"] == "rejected"
    assert await grades_of(session, world) == []
    row = await session.get(ExternalResult, uuid.UUID(result_id))
    assert row is not None
    await session.refresh(row)
    assert (row.status, row.grade_id) == (SuggestionStatus.rejected, None)
    lesson = await lesson_on(client, world.teacher, MONDAY)
    late = await client.post(
        f"/api/v1/grade-suggestions/{result_id}/accept",
        json={"lesson_id": lesson["id"], "value": 4},
        headers=world.teacher.headers,
    )
    assert late.status_code == 409
    assert await grades_of(session, world) == []
    everything = await client.get(
        f"/api/v1/classes/{world.class_b.id}/grade-suggestions",
        params={"status": "rejected"},
        headers=world.teacher.headers,
    )
    assert [s["id"] for s in everything.json()["items"]] == [result_id]


async def test_accept_needs_a_lesson_of_the_class_and_subject(
    client: AsyncClient, session: AsyncSession, world: World
) -> None:
    _platform, _item, result_id = await suggest(client, session, world)
    pe_lesson = await lesson_on(client, world.other_teacher, MONDAY, number=2)
    wrong = await client.post(
        f"/api/v1/grade-suggestions/{result_id}/accept",
        json={"lesson_id": pe_lesson["id"], "value": 5},
        headers=world.teacher.headers,
    )
    assert wrong.status_code == 422, wrong.text
    assert wrong.json()["errors"][0]["code"] == "lesson_mismatch"
    lesson = await lesson_on(client, world.teacher, MONDAY)
    bad_value = await client.post(
        f"/api/v1/grade-suggestions/{result_id}/accept",
        json={"lesson_id": lesson["id"], "value": 7},
        headers=world.teacher.headers,
    )
    assert bad_value.status_code == 422
    assert await grades_of(session, world) == []


async def test_who_sees_suggestions(
    client: AsyncClient, session: AsyncSession, world: World
) -> None:
    _platform, _item, result_id = await suggest(client, session, world)
    url = f"/api/v1/classes/{world.class_b.id}/grade-suggestions"
    # The class teacher and the administrator see the class's suggestions.
    for person in (world.class_teacher, world.admin):
        seen = await client.get(url, headers=person.headers)
        assert seen.json()["total"] == 1, person
    # A teacher of the class's PE does not see its algebra, nor may decide it.
    other = await client.get(url, headers=world.other_teacher.headers)
    assert other.status_code == 200
    assert other.json()["total"] == 0
    refused = await client.post(
        f"/api/v1/grade-suggestions/{result_id}/reject", headers=world.other_teacher.headers
    )
    assert refused.status_code == 404
    # Another school's administrator: no such class; a parent: not staff.
    foreign = await client.get(url, headers=world.foreign_admin.headers)
    assert foreign.status_code == 404
    assert (await client.get(url, headers=world.parent.headers)).status_code == 403
    row = await session.get(ExternalResult, uuid.UUID(result_id))
    assert row is not None
    await session.refresh(row)
    assert row.status == SuggestionStatus.pending
