"""The single statements of the plan lists, the pupil picker and the discussion
(``api/learning_plans/statements.py``) answer what the ORM reading answers, field by field:
the plan's student, class and school, a signature's ``intact`` (the hash of the signed
document), the latest-year rule of the picker, a deleted author's comment, timestamps with
and without a fraction of a second."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from httpx import AsyncClient
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from api.audit.models import AuditEvent
from api.diary.structure.models import ClassTeacher, Student
from api.learning_plans import views
from api.learning_plans.models import LearningPlan, LearningPlanComment, PlanOrigin, PlanStatus
from api.learning_plans.schemas import PlanCommentOut
from api.learning_plans.workflow import Actor
from api.schools.models import SchoolClass
from tests.diary.world import World, pupil_row
from tests.identity.conftest import last_code
from tests.learning_plans.plans import plan_in


async def _sign(client: AsyncClient, session: AsyncSession, world: World) -> LearningPlan:
    plan = await plan_in(session, world, PlanStatus.proposed)
    started = await client.post(
        "/api/v1/signatures",
        json={"subject_type": "learning_plan", "subject_id": str(plan.id)},
        headers=world.parent.headers,
    )
    assert started.status_code == 201, started.text
    code = await last_code(session, world.parent.account.phone)
    signed = await client.post(
        f"/api/v1/signatures/{started.json()['challenge_id']}/confirm",
        json={"code": code},
        headers=world.parent.headers,
    )
    assert signed.status_code == 201, signed.text
    return plan


async def _orm_items(session: AsyncSession, *order: Any, **where: Any) -> list[dict[str, Any]]:
    """The ORM reading of the plans: ``views.contexts`` and ``views.summary``."""
    plans = list(
        await session.scalars(
            select(LearningPlan)
            .filter_by(**where)
            .order_by(*order)
            .execution_options(populate_existing=True)
        )
    )
    ctx = await views.contexts(session, plans)
    return [views.summary(p, ctx[p.student_id]).model_dump(mode="json") for p in plans]


async def test_plan_lists_equal_the_orm_reading(
    client: AsyncClient, session: AsyncSession, world: World
) -> None:
    # A middle name (the name's three parts), set before the signing: it is in the document.
    await session.execute(
        update(Student).where(Student.id == world.pupil.id).values(middle_name="Ильич")
    )
    intact = await _sign(client, session, world)
    # Another plan carrying the first one's signature: not the text that was signed.
    signed = await session.get(LearningPlan, intact.id, populate_existing=True)
    assert signed is not None
    assert signed.signature_id is not None
    tampered = await plan_in(session, world, PlanStatus.signed)
    await session.execute(
        update(LearningPlan)
        .where(LearningPlan.id == tampered.id)
        .values(
            signature_id=signed.signature_id,
            signed_at=signed.signed_at,
            signer_name=signed.signer_name,
            signed_sha256=signed.signed_sha256,
        )
    )
    requested = await plan_in(session, world, PlanStatus.requested)
    await session.execute(
        update(LearningPlan)
        .where(LearningPlan.id == requested.id)
        .values(
            origin=PlanOrigin.family,
            starts_on=None,
            ends_on=None,
            content=None,
            # A fraction of a second, and later than the others: first in both orders.
            created_at=datetime(2026, 11, 21, 9, 0, 0, 123400, tzinfo=UTC),
            updated_at=datetime(2026, 11, 21, 9, 0, 0, 123400, tzinfo=UTC),
        )
    )
    await session.commit()

    family = await client.get(
        f"/api/v1/students/{world.pupil.id}/learning-plans", headers=world.parent.headers
    )
    assert family.status_code == 200, family.text
    expected = await _orm_items(
        session,
        LearningPlan.created_at.desc(),
        LearningPlan.id.desc(),
        student_id=world.pupil.id,
    )
    assert family.json()["items"] == expected
    assert family.json()["total"] == 3
    by_id = {p["id"]: p for p in family.json()["items"]}
    assert by_id[str(intact.id)]["signature"]["intact"] is True
    assert by_id[str(tampered.id)]["signature"]["intact"] is False
    assert by_id[str(requested.id)]["signature"] is None
    assert by_id[str(requested.id)]["student"]["name"] == "Иванов Пётр Ильич"
    assert family.json()["items"][0]["id"] == str(requested.id)

    for person in (world.admin, world.class_teacher):
        school = await client.get(
            f"/api/v1/schools/{world.school.id}/learning-plans", headers=person.headers
        )
        assert school.status_code == 200, school.text
        expected = await _orm_items(session, LearningPlan.updated_at.desc(), LearningPlan.id.desc())
        assert school.json() == {"items": expected, "total": 3, "limit": 50, "offset": 0}

    in_english = await client.get(
        f"/api/v1/schools/{world.school.id}/learning-plans",
        params={"status": "signed", "limit": 1, "offset": 1},
        headers={**world.admin.headers, "Accept-Language": "en"},
    )
    page = in_english.json()
    assert (page["total"], page["limit"], page["offset"], len(page["items"])) == (2, 1, 1, 1)
    assert page["items"][0]["status_label"] != by_id[str(intact.id)]["status_label"]


async def test_a_child_without_plans_is_an_empty_page_not_a_404(
    client: AsyncClient, world: World
) -> None:
    for person in (world.parent, world.class_teacher, world.admin):
        listed = await client.get(
            f"/api/v1/students/{world.pupil.id}/learning-plans", headers=person.headers
        )
        assert listed.status_code == 200, listed.text
        assert listed.json() == {"items": [], "total": 0, "limit": 20, "offset": 0}
    stranger = await client.get(
        f"/api/v1/students/{world.stranger.id}/learning-plans", headers=world.parent.headers
    )
    assert stranger.status_code == 404
    assert stranger.json()["code"] == "student_not_found"


async def test_the_picker_lists_the_latest_years_classes_in_order(
    client: AsyncClient, session: AsyncSession, world: World
) -> None:
    # Last year's class, still run by the class teacher: its pupil is not offered.
    old = SchoolClass(
        id=uuid.uuid4(), school_id=world.school.id, academic_year=2025, grade=8, letter="Б"
    )
    session.add(old)
    await session.flush()
    session.add_all(
        [
            ClassTeacher(class_id=old.id, teacher_id=world.class_teacher.id),
            pupil_row(world.school, old, "Старый", "Год"),
        ]
    )
    await session.execute(
        update(Student).where(Student.id == world.classmate.id).values(middle_name="Олеговна")
    )
    await session.commit()

    url = f"/api/v1/schools/{world.school.id}/learning-plan-students"
    admin = (await client.get(url, headers=world.admin.headers)).json()
    assert admin == {
        "items": [
            {"id": str(world.stranger.id), "name": "Петров Илья", "class_name": "9-А"},
            {
                "id": str(world.classmate.id),
                "name": "Алексеева Вера Олеговна",
                "class_name": "9-Б",
            },
            {"id": str(world.pupil.id), "name": "Иванов Пётр", "class_name": "9-Б"},
            {"id": str(world.own.id), "name": "Смирнов Егор", "class_name": "9-Б"},
        ],
        "total": 4,
        "limit": 50,
        "offset": 0,
    }
    teacher = (
        await client.get(url, params={"limit": 1, "offset": 1}, headers=world.class_teacher.headers)
    ).json()
    assert teacher == {
        "items": [{"id": str(world.pupil.id), "name": "Иванов Пётр", "class_name": "9-Б"}],
        "total": 3,
        "limit": 1,
        "offset": 1,
    }
    # The surname's start, case-insensitive; a blank search finds everybody.
    found = (await client.get(url, params={"q": " смир"}, headers=world.admin.headers)).json()
    assert [s["id"] for s in found["items"]] == [str(world.own.id)]
    blank = (await client.get(url, params={"q": "  "}, headers=world.admin.headers)).json()
    assert blank["total"] == 4


async def test_the_discussion_equals_the_orm_reading(
    client: AsyncClient, session: AsyncSession, world: World
) -> None:
    plan = await plan_in(session, world, PlanStatus.proposed)
    said = [
        LearningPlanComment(
            id=uuid.uuid4(),
            plan_id=plan.id,
            author_id=author,
            author_role=role,
            author_name=name,
            body=body,
            created_at=at,
        )
        for author, role, name, body, at in (
            (
                world.parent.id,
                "guardian",
                "Иванова Мария Петровна",
                "Вопрос",
                datetime(2026, 11, 20, 10, 0, tzinfo=UTC),
            ),
            (
                world.class_teacher.id,
                "class_teacher",
                "Учитель",
                "Ответ",
                datetime(2026, 11, 20, 10, 5, 7, 250000, tzinfo=UTC),
            ),
            # An author whose account was deleted: the comment stays, nobody's.
            (
                None,
                "guardian",
                "Удалённый автор",
                "Ещё вопрос",
                datetime(2026, 11, 20, 11, 0, tzinfo=UTC),
            ),
        )
    ]
    session.add_all(said)
    await session.commit()

    url = f"/api/v1/learning-plans/{plan.id}/comments"
    for person in (world.parent, world.class_teacher, world.admin):
        page = (await client.get(url, headers=person.headers)).json()
        expected = [
            PlanCommentOut(
                id=c.id,
                author_name=c.author_name,
                author_role=c.author_role,
                body=c.body,
                created_at=c.created_at,
                mine=c.author_id == person.id,
            ).model_dump(mode="json")
            for c in said
        ]
        assert page == {"items": expected, "total": 3, "limit": 50, "offset": 0}
    assert [c["mine"] for c in page["items"]] == [False, False, False]
    assert page["items"][1]["created_at"] == "2026-11-20T10:05:07.250000Z"
    tail = (await client.get(url, params={"offset": 2}, headers=world.parent.headers)).json()
    assert [c["body"] for c in tail["items"]] == ["Ещё вопрос"]
    assert tail["total"] == 3


async def _views_of(session: AsyncSession, plan_id: uuid.UUID) -> list[AuditEvent]:
    return list(
        await session.scalars(
            select(AuditEvent).where(
                AuditEvent.object_id == plan_id, AuditEvent.action == "learning_plan.view"
            )
        )
    )


async def test_the_plan_equals_the_orm_reading_and_staff_reads_are_audited(
    client: AsyncClient, session: AsyncSession, world: World
) -> None:
    plan = await plan_in(session, world, PlanStatus.proposed)
    asked = await client.post(
        f"/api/v1/learning-plans/{plan.id}/transitions",
        json={"action": "request_changes", "comment": "Добавьте физику"},
        headers=world.parent.headers,
    )
    assert asked.status_code == 200, asked.text
    url = f"/api/v1/learning-plans/{plan.id}"
    for person, actor in (
        (world.parent, Actor.guardian),
        (world.class_teacher, Actor.class_teacher),
        (world.admin, Actor.school_admin),
    ):
        read = await client.get(url, headers=person.headers)
        assert read.status_code == 200, read.text
        orm = await session.get(LearningPlan, plan.id, populate_existing=True)
        assert orm is not None
        expected = await views.detail(session, orm, actor)
        assert read.json() == expected.model_dump(mode="json"), person.account.last_name
    page = read.json()
    assert [(e["action"], e["status_from"], e["status_to"]) for e in page["history"]] == [
        ("request_changes", "proposed", "changes_requested")
    ]
    # The two staff reads, not the family's: who read, about whom, in which status.
    audited = await _views_of(session, plan.id)
    assert sorted(str(e.actor_id) for e in audited) == sorted(
        [str(world.class_teacher.id), str(world.admin.id)]
    )
    assert {e.details["student_id"] for e in audited} == {str(world.pupil.id)}
    assert {e.details["status"] for e in audited} == {"changes_requested"}
    pupil_read = await client.get(url, headers=world.student.headers)
    assert pupil_read.status_code == 404
    assert len(await _views_of(session, plan.id)) == 2
