"""A family asks for a plan, the school proposes it, both discuss it; who sees what."""

from __future__ import annotations

import uuid

from httpx import AsyncClient
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from api.audit.models import AuditEvent
from api.learning_plans.models import LearningPlan, LearningPlanComment, PlanStatus
from api.notifications.models import Notification
from tests.diary.world import World
from tests.learning_plans.plans import TEXT, events_of, plan_in, status_of


async def notices_to(session: AsyncSession, account_id: uuid.UUID) -> list[Notification]:
    return list(
        await session.scalars(
            select(Notification).where(
                Notification.account_id == account_id, Notification.kind == "learning_plan"
            )
        )
    )


async def test_family_requests_school_proposes(
    client: AsyncClient, session: AsyncSession, world: World
) -> None:
    asked = await client.post(
        f"/api/v1/students/{world.pupil.id}/learning-plans",
        json={"reason": "Сын долго лечится, просим обучение на дому"},
        headers=world.parent.headers,
    )
    assert asked.status_code == 201, asked.text
    body = asked.json()
    assert body["status"] == "requested"
    assert body["origin"] == "family"
    assert body["your_role"] == "guardian"
    assert body["allowed_actions"] == ["withdraw"]
    plan_id = uuid.UUID(body["id"])
    row = await session.get(LearningPlan, plan_id)
    assert row is not None
    assert row.status == PlanStatus.requested
    # The school's side hears of it: the class teacher and the administrator, not the family.
    assert len(await notices_to(session, world.class_teacher.id)) == 1
    assert len(await notices_to(session, world.admin.id)) == 1
    assert await notices_to(session, world.parent.id) == []

    proposed = await client.post(
        f"/api/v1/learning-plans/{plan_id}/transitions",
        json={"action": "propose", "plan": TEXT, "comment": "Составили план"},
        headers=world.class_teacher.headers,
    )
    assert proposed.status_code == 200, proposed.text
    out = proposed.json()
    assert (out["status"], out["version"], out["content"]) == ("proposed", 1, TEXT["content"])
    assert [h["action"] for h in out["history"]] == ["request", "propose"]
    assert out["history"][1]["comment"] == "Составили план"
    family = await notices_to(session, world.parent.id)
    assert len(family) == 1
    assert family[0].link == f"/learning-plans/{plan_id}"
    assert "Составили план" in family[0].body
    audits = list(
        await session.scalars(
            select(AuditEvent.action).where(AuditEvent.object_id == plan_id).order_by(AuditEvent.id)
        )
    )
    assert audits == ["learning_plan.request", "learning_plan.propose"]

    parent_view = await client.get(
        f"/api/v1/learning-plans/{plan_id}", headers=world.parent.headers
    )
    assert parent_view.json()["allowed_actions"] == ["request_changes", "sign", "withdraw"]


async def test_school_proposes_a_plan_directly(
    client: AsyncClient, session: AsyncSession, world: World
) -> None:
    answer = await client.post(
        f"/api/v1/students/{world.pupil.id}/learning-plans",
        json=TEXT,
        headers=world.admin.headers,
    )
    assert answer.status_code == 201, answer.text
    assert answer.json()["status"] == "proposed"
    assert answer.json()["origin"] == "school"
    incomplete = await client.post(
        f"/api/v1/students/{world.pupil.id}/learning-plans",
        json={"reason": "Без текста"},
        headers=world.class_teacher.headers,
    )
    assert incomplete.status_code == 422
    assert incomplete.json()["code"] == "learning_plan_incomplete"
    assert {e["field"] for e in incomplete.json()["errors"]} == {
        "title", "starts_on", "ends_on", "content"
    }  # fmt: skip
    plans = list(
        await session.scalars(select(LearningPlan).where(LearningPlan.student_id == world.pupil.id))
    )
    assert len(plans) == 1


async def test_discussion_reaches_the_other_side_and_closes_with_the_plan(
    client: AsyncClient, session: AsyncSession, world: World
) -> None:
    plan = await plan_in(session, world, PlanStatus.proposed)
    url = f"/api/v1/learning-plans/{plan.id}/comments"
    mine = await client.post(url, json={"body": "Можно ли писать контрольные дома?"},
                             headers=world.parent.headers)  # fmt: skip
    assert mine.status_code == 201, mine.text
    assert mine.json()["author_name"] == "Иванова Мария Петровна"
    reply = await client.post(url, json={"body": "Нет, только в школе"},
                              headers=world.class_teacher.headers)  # fmt: skip
    assert reply.status_code == 201
    listed = await client.get(url, headers=world.parent.headers)
    page = listed.json()
    assert page["total"] == 2
    assert [c["body"] for c in page["items"]] == ["Можно ли писать контрольные дома?",
                                                  "Нет, только в школе"]  # fmt: skip
    assert [c["mine"] for c in page["items"]] == [True, False]
    assert len(await notices_to(session, world.class_teacher.id)) == 1
    assert len(await notices_to(session, world.parent.id)) == 1

    closed = await plan_in(session, world, PlanStatus.approved)
    refused = await client.post(
        f"/api/v1/learning-plans/{closed.id}/comments",
        json={"body": "Ещё вопрос"},
        headers=world.parent.headers,
    )
    assert refused.status_code == 409
    assert refused.json()["code"] == "learning_plan_closed"
    stored = await session.scalars(
        select(LearningPlanComment).where(LearningPlanComment.plan_id == closed.id)
    )
    assert list(stored) == []


async def test_the_pupil_reads_their_plan_but_acts_on_nothing(
    client: AsyncClient, session: AsyncSession, world: World
) -> None:
    """A reader who is neither side: 403 ``role_required`` (the house's code for a wrong
    role, api.identity.deps), never a 409 about the plan's status."""
    plan = await plan_in(session, world, PlanStatus.proposed)
    await session.execute(
        update(LearningPlan).where(LearningPlan.id == plan.id).values(student_id=world.own.id)
    )
    await session.commit()
    read = await client.get(f"/api/v1/learning-plans/{plan.id}", headers=world.student.headers)
    assert read.status_code == 200, read.text
    said = await client.post(
        f"/api/v1/learning-plans/{plan.id}/comments",
        json={"body": "Можно мне тоже?"},
        headers=world.student.headers,
    )
    assert said.status_code == 403, said.text
    assert said.json()["code"] == "role_required"
    for action in ("withdraw", "approve"):
        moved = await client.post(
            f"/api/v1/learning-plans/{plan.id}/transitions",
            json={"action": action, "comment": "—"},
            headers=world.student.headers,
        )
        assert moved.status_code == 403, moved.text
        assert moved.json()["code"] == "role_required"
    assert await status_of(session, plan.id) == PlanStatus.proposed
    assert await events_of(session, plan.id) == 0
    stored = await session.scalars(
        select(LearningPlanComment).where(LearningPlanComment.plan_id == plan.id)
    )
    assert list(stored) == []


async def test_another_family_school_or_subject_teacher_gets_404(
    client: AsyncClient, session: AsyncSession, world: World
) -> None:
    plan = await plan_in(session, world, PlanStatus.proposed)
    for person in (world.other_parent, world.foreign_admin, world.teacher, world.student):
        for url in (
            f"/api/v1/learning-plans/{plan.id}",
            f"/api/v1/learning-plans/{plan.id}/comments",
        ):
            answer = await client.get(url, headers=person.headers)
            assert answer.status_code == 404, (person.account.last_name, url)
            assert answer.json()["code"] == "learning_plan_not_found"
        moved = await client.post(
            f"/api/v1/learning-plans/{plan.id}/transitions",
            json={"action": "withdraw"},
            headers=person.headers,
        )
        assert moved.status_code == 404
        listed = await client.get(
            f"/api/v1/students/{world.pupil.id}/learning-plans", headers=person.headers
        )
        assert listed.status_code == 404
        asked = await client.post(
            f"/api/v1/students/{world.pupil.id}/learning-plans",
            json={"reason": "Чужой ребёнок"},
            headers=person.headers,
        )
        assert asked.status_code == 404
    foreign = await client.get(
        f"/api/v1/schools/{world.school.id}/learning-plans", headers=world.foreign_admin.headers
    )
    assert foreign.status_code == 404
    assert await events_of(session, plan.id) == 0
    count = await session.scalars(
        select(LearningPlan.id).where(LearningPlan.student_id == world.pupil.id)
    )
    assert list(count) == [plan.id]


async def test_lists_are_envelopes(
    client: AsyncClient, session: AsyncSession, world: World
) -> None:
    first = await plan_in(session, world, PlanStatus.signed)
    await plan_in(session, world, PlanStatus.requested)
    family = await client.get(
        f"/api/v1/students/{world.pupil.id}/learning-plans",
        params={"limit": 1},
        headers=world.parent.headers,
    )
    assert family.status_code == 200
    page = family.json()
    assert (page["total"], page["limit"], page["offset"], len(page["items"])) == (2, 1, 0, 1)
    school = await client.get(
        f"/api/v1/schools/{world.school.id}/learning-plans",
        params={"status": "signed"},
        headers=world.admin.headers,
    )
    assert school.status_code == 200
    assert [p["id"] for p in school.json()["items"]] == [str(first.id)]
    assert school.json()["items"][0]["student"]["class_name"] == "9-Б"


async def test_staff_find_students_to_propose_a_plan_for(client: AsyncClient, world: World) -> None:
    url = f"/api/v1/schools/{world.school.id}/learning-plan-students"
    admin = (await client.get(url, headers=world.admin.headers)).json()
    assert admin["total"] == 4  # the whole school
    teacher = (
        await client.get(url, params={"q": "Ива"}, headers=world.class_teacher.headers)
    ).json()
    assert [(s["name"], s["class_name"]) for s in teacher["items"]] == [("Иванов Пётр", "9-Б")]
    own_class = (await client.get(url, headers=world.class_teacher.headers)).json()
    assert {s["class_name"] for s in own_class["items"]} == {"9-Б"}
    assert (await client.get(url, headers=world.teacher.headers)).status_code == 403
    assert (await client.get(url, headers=world.parent.headers)).status_code == 403
    assert (await client.get(url, headers=world.foreign_admin.headers)).status_code == 404
