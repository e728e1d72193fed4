"""The school's side: the queue, who may see and decide, audited reads, roster matching."""

from __future__ import annotations

import uuid
from datetime import date

from httpx import AsyncClient
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from api.audit.models import AuditEvent
from api.children.models import Child
from api.config import Settings
from api.diary.structure.models import ClassTeacher, Student
from api.identity.models import AccountLevel, Role
from tests.applications.world import (
    Clock,
    Family,
    add_child,
    add_document,
    add_school,
    decide,
    staff,
    submitted,
)


async def test_the_queue_lists_oldest_deadline_first_with_the_overdue_flag(
    client: AsyncClient, session: AsyncSession, family: Family, frozen_clock: Clock
) -> None:
    early = await submitted(client, family)
    frozen_clock.advance(days=2)  # Monday
    second_child = await add_child(client, family.parent, first_name="Анна")
    later = await submitted(client, family, child_id=second_child["id"])
    draft_child = await add_child(client, family.parent, first_name="Олег")
    await client.post(
        "/api/v1/applications",
        json=family.body(child_id=draft_child["id"]),
        headers=family.parent.headers,
    )

    queue = await client.get(
        f"/api/v1/schools/{family.school.id}/applications", headers=family.admin.headers
    )
    assert queue.status_code == 200, queue.text
    items = queue.json()["items"]
    assert [i["id"] for i in items] == [early["id"], later["id"]]  # no drafts
    assert [i["overdue"] for i in items] == [False, False]
    assert items[0]["due_date"] == "2026-12-04"
    assert items[1]["due_date"] == "2026-12-07"

    frozen_clock.advance(days=5)  # Saturday 5 December: the first is late
    queue = await client.get(
        f"/api/v1/schools/{family.school.id}/applications?overdue=true",
        headers=family.admin.headers,
    )
    assert [i["id"] for i in queue.json()["items"]] == [early["id"]]
    assert queue.json()["items"][0]["overdue"] is True
    by_status = await client.get(
        f"/api/v1/schools/{family.school.id}/applications?status=under_review",
        headers=family.admin.headers,
    )
    assert by_status.json()["total"] == 0


async def test_staff_of_another_school_and_parents_do_not_reach_the_queue(
    client: AsyncClient,
    session: AsyncSession,
    data_settings: Settings,
    family: Family,
    frozen_clock: Clock,
) -> None:
    application = await submitted(client, family)
    other_school = await add_school(session)
    foreign_admin = await staff(session, data_settings, other_school)

    queue = await client.get(
        f"/api/v1/schools/{family.school.id}/applications", headers=foreign_admin.headers
    )
    assert queue.status_code == 404
    read = await client.get(
        f"/api/v1/applications/{application['id']}", headers=foreign_admin.headers
    )
    assert read.status_code == 404
    decided = await decide(client, foreign_admin, application["id"], "start_review")
    assert decided.status_code == 404
    parent_queue = await client.get(
        f"/api/v1/schools/{family.school.id}/applications", headers=family.parent.headers
    )
    assert parent_queue.status_code == 403
    self_review = await decide(client, family.parent, application["id"], "approve")
    assert self_review.status_code == 403


async def test_a_class_teacher_reviews_only_their_class(
    client: AsyncClient,
    session: AsyncSession,
    data_settings: Settings,
    family: Family,
    frozen_clock: Clock,
) -> None:
    teacher = await staff(session, data_settings, family.school, Role.class_teacher)
    session.add(ClassTeacher(class_id=family.class_b.id, teacher_id=teacher.id))
    await session.commit()
    in_b = await submitted(client, family)
    other = await add_child(client, family.parent, first_name="Анна")
    in_a = await submitted(client, family, child_id=other["id"], class_id=str(family.class_a.id))

    queue = await client.get(
        f"/api/v1/schools/{family.school.id}/applications", headers=teacher.headers
    )
    assert [i["id"] for i in queue.json()["items"]] == [in_b["id"]]
    assert (await decide(client, teacher, in_a["id"], "start_review")).status_code == 404
    started = await decide(client, teacher, in_b["id"], "start_review")
    assert started.status_code == 200
    assert started.json()["history"][-1]["actor_role"] == "class_teacher"


async def test_staff_see_the_childs_data_and_documents_and_the_read_is_audited(
    client: AsyncClient,
    session: AsyncSession,
    data_settings: Settings,
    family: Family,
    frozen_clock: Clock,
) -> None:
    scan = await add_document(
        session,
        data_settings,
        family.parent,
        child_id=uuid.UUID(family.child_id),
        content=b"%PDF-1.4 birth certificate",
    )
    application = await submitted(client, family)

    answer = await client.get(
        f"/api/v1/applications/{application['id']}", headers=family.admin.headers
    )

    assert answer.status_code == 200
    body = answer.json()
    assert body["applicant"]["last_name"] == "Иванова"
    assert body["applicant"]["level"] == "confirmed"
    assert body["child"]["birth_date"] == "2011-05-04"
    assert body["child"]["snils"].startswith("***-***-")
    assert [d["id"] for d in body["child_documents"]] == [str(scan.id)]
    own_view = await client.get(
        f"/api/v1/applications/{application['id']}", headers=family.parent.headers
    )
    assert own_view.json()["applicant"] is None
    assert own_view.json()["child_documents"] is None

    content = await client.get(
        f"/api/v1/applications/{application['id']}/documents/{scan.id}/content",
        headers=family.admin.headers,
    )
    assert content.status_code == 200
    assert content.content == b"%PDF-1.4 birth certificate"
    events = list(
        await session.scalars(
            select(AuditEvent).where(AuditEvent.actor_id == family.admin.id).order_by(AuditEvent.id)
        )
    )
    assert [(e.action, e.object_id) for e in events] == [
        ("application.view", uuid.UUID(application["id"])),
        ("document.read", scan.id),
    ]
    await client.get(
        f"/api/v1/schools/{family.school.id}/applications", headers=family.admin.headers
    )
    listed = await session.scalar(
        select(AuditEvent).where(
            AuditEvent.actor_id == family.admin.id, AuditEvent.action == "application.list"
        )
    )
    assert listed is not None
    assert listed.details == {"ids": [application["id"]]}
    stranger_doc = await add_document(session, data_settings, family.admin)
    refused = await client.get(
        f"/api/v1/applications/{application['id']}/documents/{stranger_doc.id}/content",
        headers=family.admin.headers,
    )
    assert refused.status_code == 404


async def test_request_info_and_reject_need_a_reason_code_and_a_comment(
    client: AsyncClient, family: Family, frozen_clock: Clock
) -> None:
    application = await submitted(client, family)
    await decide(client, family.admin, application["id"], "start_review")

    bare = await decide(client, family.admin, application["id"], "reject")

    assert bare.status_code == 422
    assert {e["field"] for e in bare.json()["errors"]} == {"reason_code", "comment"}
    codes = await client.get("/api/v1/applications/reason-codes")
    assert codes.status_code == 200
    labels = {c["code"]: c["label"] for c in codes.json()}
    assert list(labels) == [
        "incomplete_data",
        "missing_documents",
        "invalid_school_details",
        "technical_requirements",
        "applicant_ineligible",
        "procedure_violation",
        "not_enrolled",
        "other",
    ]
    assert labels["incomplete_data"] == "Неполный набор персональных данных ребёнка"
    english = await client.get(
        "/api/v1/applications/reason-codes", headers={"Accept-Language": "en"}
    )
    assert english.json()[-1]["label"] == "Other (see the comment)"


async def test_approval_finds_the_child_on_the_roster_and_keeps_their_class(
    client: AsyncClient,
    session: AsyncSession,
    family: Family,
    frozen_clock: Clock,
) -> None:
    child = await session.get(Child, uuid.UUID(family.child_id))
    assert child is not None
    on_roster = Student(
        id=uuid.uuid4(),
        school_id=family.school.id,
        class_id=family.class_a.id,
        last_name="Иванов",
        first_name="Пётр",
        birth_date=date(2011, 5, 4),
        snils_hash=child.snils_hash,
    )
    session.add(on_roster)
    await session.commit()
    application = await submitted(client, family)  # the parent chose 9-Б
    await decide(client, family.admin, application["id"], "start_review")

    approved = await decide(client, family.admin, application["id"], "approve")

    assert approved.status_code == 200, approved.text
    assert approved.json()["student_id"] == str(on_roster.id)
    await session.refresh(on_roster)
    assert on_roster.class_id == family.class_a.id
    students = await session.scalars(select(Student).where(Student.school_id == family.school.id))
    assert len(list(students)) == 1
    await session.refresh(child)
    assert child.student_id == on_roster.id


async def test_approval_matches_a_school_issued_number_only_with_the_same_name_and_birth(
    client: AsyncClient,
    session: AsyncSession,
    family: Family,
    frozen_clock: Clock,
) -> None:
    namesake = Student(
        id=uuid.uuid4(),
        school_id=family.school.id,
        class_id=family.class_b.id,
        last_name="Иванов",
        first_name="Пётр",
        birth_date=date(2011, 5, 4),
        student_number="7700123",
    )
    stranger = Student(
        id=uuid.uuid4(),
        school_id=family.school.id,
        class_id=family.class_b.id,
        last_name="Сидоров",
        first_name="Глеб",
        birth_date=date(2011, 1, 1),
        student_number="7700999",
    )
    session.add_all([namesake, stranger])
    await session.commit()

    mistyped = await submitted(client, family, student_number="7700999")
    await decide(client, family.admin, mistyped["id"], "start_review")
    approved = await decide(client, family.admin, mistyped["id"], "approve")
    assert approved.json()["student_id"] not in (str(stranger.id), str(namesake.id))

    second_child = await add_child(
        client, family.parent, first_name="Пётр", birth_date="2011-05-04"
    )
    other_school_app = await submitted(
        client, family, child_id=second_child["id"], student_number="7700123"
    )
    await decide(client, family.admin, other_school_app["id"], "start_review")
    matched = await decide(client, family.admin, other_school_app["id"], "approve")
    assert matched.json()["student_id"] == str(namesake.id)


async def test_a_parent_who_is_not_confirmed_cannot_submit_a_draft_made_earlier(
    client: AsyncClient, session: AsyncSession, family: Family, frozen_clock: Clock
) -> None:
    draft = (
        await client.post("/api/v1/applications", json=family.body(), headers=family.parent.headers)
    ).json()
    family.parent.account.level = AccountLevel.standard
    await session.commit()

    answer = await client.post(
        f"/api/v1/applications/{draft['id']}/submit", headers=family.parent.headers
    )
    assert answer.status_code == 403
    assert answer.json()["code"] == "account_not_confirmed"
