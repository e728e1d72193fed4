"""A platform's result is no grade: it emits no ``grade.*`` event. The teacher's accepting
it records a grade, which emits ``grade.created`` like any grade (contract §4.5, §5)."""

from __future__ import annotations

import uuid

from httpx import AsyncClient
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from api.diary.grades.models import Grade
from tests.diary.world import MONDAY, World, lesson_on
from tests.oneroster.gradebook import (
    ensure_work_types,
    line_item_body,
    result_body,
    work_type_id,
    writer,
)
from tests.webhooks.conftest import ALL, events_of, make_client, subscribe

URL = "http://127.0.0.1:9/hooks"


async def test_accepting_a_suggestion_emits_grade_created(
    dev_client: AsyncClient, session: AsyncSession, world: World
) -> None:
    made = await make_client(dev_client, world.admin.token, ALL)
    await subscribe(dev_client, made["client_secret"], URL, ["grade.created", "grade.updated"])
    await ensure_work_types(session, world)
    platform = await writer(dev_client, world)
    item_id, result_id = str(uuid.uuid4()), str(uuid.uuid4())
    test = await work_type_id(session, world, "test")
    assert (
        await platform.put(f"/lineItems/{item_id}", line_item_body(world, test))
    ).status_code == 201
    put = await platform.put(f"/results/{result_id}", result_body(item_id, world.pupil.id))
    assert put.status_code == 201, put.text
    assert await events_of(session) == []

    lesson = await lesson_on(dev_client, world.teacher, MONDAY)
    accepted = await dev_client.post(
        f"/api/v1/grade-suggestions/{result_id}/accept",
        json={"lesson_id": lesson["id"], "value": 5},
        headers=world.teacher.headers,
    )
    assert accepted.status_code == 200, accepted.text
    grade = await session.scalar(select(Grade).where(Grade.student_id == world.pupil.id))
    assert grade is not None
    (event,) = await events_of(session)
    assert event.type == "grade.created"
    assert event.data["id"] == str(grade.id)
    assert event.data["student_id"] == str(world.pupil.id)
