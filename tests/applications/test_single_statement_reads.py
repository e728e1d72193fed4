"""The reads of applications and connection requests are one statement each: they answer
exactly what the ORM views answer after a change (the responses of create, reply and
decide), keep who sees what, write the staff-read audit and refuse a closed session."""

from __future__ import annotations

import uuid
from typing import Any

from httpx import AsyncClient
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.applications import views
from api.applications.models import Application
from api.audit.models import AuditEvent
from api.config import Settings
from api.identity.models import AccountLevel, Role
from tests.applications.world import (
    Clock,
    Family,
    add_child,
    add_document,
    add_school,
    create,
    decide,
    staff,
    submitted,
)
from tests.factories import make_operator, make_person, revoke_sessions

LIST_FIELDS = [
    "id",
    "number",
    "status",
    "status_label",
    "school",
    "class",
    "due_at",
    "due_date",
    "awaiting",
    "overdue",
    "next_action",
    "submitted_at",
    "created_at",
    "updated_at",
    "child",
]


def _listed(detail: dict[str, Any]) -> dict[str, Any]:
    return {key: detail[key] for key in LIST_FIELDS}


async def test_application_reads_answer_as_the_orm_views(
    client: AsyncClient,
    session: AsyncSession,
    data_settings: Settings,
    family: Family,
    frozen_clock: Clock,
) -> None:
    draft = await create(client, family.parent, family.body(class_id=None, contact_phone=None))
    second_child = await add_child(client, family.parent, first_name="Анна", middle_name=None)
    frozen_clock.advance(minutes=5)  # created later: first in the family's list
    sent = await submitted(client, family, child_id=second_child["id"])
    scan = await add_document(session, data_settings, family.parent, child_id=second_child["id"])
    for decision, extra in (
        ("start_review", {}),
        ("request_info", {"comment": "Приложите скан", "reason_code": "missing_documents"}),
    ):
        frozen_clock.advance(hours=1)
        decided = await decide(client, family.admin, sent["id"], decision, **extra)
        assert decided.status_code == 200, decided.text
    frozen_clock.advance(hours=1)
    replied = await client.post(
        f"/api/v1/applications/{sent['id']}/reply",
        json={"comment": "Прикладываю", "attachment_ids": [str(scan.id)]},
        headers=family.parent.headers,
    )
    assert replied.status_code == 200, replied.text

    base = "/api/v1/applications"
    own_draft = await client.get(f"{base}/{draft['id']}", headers=family.parent.headers)
    own_sent = await client.get(f"{base}/{sent['id']}", headers=family.parent.headers)
    as_staff = await client.get(f"{base}/{sent['id']}", headers=family.admin.headers)

    assert own_draft.json() == draft
    assert own_draft.json()["class"] is None
    assert own_sent.json() == replied.json()
    admin_id, parent_id, school_id = family.admin.id, family.parent.id, family.school.id
    session.expire_all()
    application = await session.get(Application, uuid.UUID(sent["id"]))
    assert application is not None
    reference = await views.detail(session, application, frozen_clock(), staff=True)
    staff_view = reference.model_dump(mode="json", by_alias=True)
    assert as_staff.json() == staff_view
    assert [d["id"] for d in staff_view["child_documents"]] == [str(scan.id)]
    assert [len(h["attachments"]) for h in staff_view["history"]] == [0, 0, 0, 0, 1]
    assert staff_view["next_action"] is None  # the school's move again
    assert own_sent.json() == {**staff_view, "applicant": None, "child_documents": None}

    mine = await client.get("/api/v1/applications", headers=family.parent.headers)
    assert mine.json() == {
        "items": [_listed(own_sent.json()), _listed(own_draft.json())],  # newest first
        "total": 2,
        "limit": 20,
        "offset": 0,
    }
    queue = await client.get(
        f"/api/v1/schools/{school_id}/applications?limit=5", headers=family.admin.headers
    )
    assert queue.json() == {
        "items": [_listed(staff_view)],  # no drafts
        "total": 1,
        "limit": 5,
        "offset": 0,
    }
    audited = [
        (e.action, e.object_id, e.details, e.actor_roles)
        for e in await session.scalars(
            select(AuditEvent)
            .where(
                AuditEvent.actor_id == admin_id,
                AuditEvent.action.in_(("application.view", "application.list")),
            )
            .order_by(AuditEvent.id)
        )
    ]
    assert audited == [
        (
            "application.view",
            uuid.UUID(sent["id"]),
            {"school_id": str(school_id), "status": "under_review"},
            ["school_admin"],
        ),
        ("application.list", school_id, {"ids": [sent["id"]]}, ["school_admin"]),
    ]
    parents_reads = await session.scalar(
        select(func.count()).select_from(AuditEvent).where(AuditEvent.actor_id == parent_id)
    )
    assert parents_reads == 0


async def test_application_reads_keep_who_sees_what(
    client: AsyncClient, session: AsyncSession, data_settings: Settings, family: Family
) -> None:
    sent = await submitted(client, family)
    draft_child = await add_child(client, family.parent, first_name="Олег")
    draft = await create(client, family.parent, family.body(child_id=draft_child["id"]))
    stranger = await make_person(session, data_settings, level=AccountLevel.confirmed)
    elsewhere = await staff(session, data_settings, await add_school(session))
    other_class = await staff(session, data_settings, family.school, Role.class_teacher)
    teacher = await staff(session, data_settings, family.school, Role.teacher)

    for person, application in (
        (stranger, sent),
        (elsewhere, sent),
        (other_class, sent),  # a class teacher, not of 9-Б
        (family.admin, draft),  # drafts are the family's
    ):
        answer = await client.get(
            f"/api/v1/applications/{application['id']}", headers=person.headers
        )
        assert answer.status_code == 404, answer.text
        assert answer.json()["code"] == "application_not_found"
    assert (await client.get("/api/v1/applications", headers=stranger.headers)).json()["total"] == 0

    url = f"/api/v1/schools/{family.school.id}/applications"
    assert (await client.get(url, headers=other_class.headers)).json()["items"] == []
    refused = await client.get(url, headers=teacher.headers)
    assert refused.status_code == 403
    assert refused.json()["code"] == "role_required"
    foreign = await client.get(url, headers=elsewhere.headers)
    assert foreign.status_code == 404
    assert foreign.json()["code"] == "school_not_found"
    assert (await client.get(url, headers=stranger.headers)).status_code == 403
    nothing_read = await session.scalar(
        select(func.count())
        .select_from(AuditEvent)
        .where(AuditEvent.action.in_(("application.view", "application.list")))
    )
    assert nothing_read == 0

    await revoke_sessions(session, family.admin.id)
    for path in (url, f"/api/v1/applications/{sent['id']}", "/api/v1/applications"):
        closed = await client.get(path, headers=family.admin.headers)
        assert closed.status_code == 401
        assert closed.json()["code"] == "token_invalid"


def _request(school_id: uuid.UUID) -> dict[str, object]:
    return {
        "school_id": str(school_id),
        "contact_name": "Иванова Мария Петровна",
        "contact_phone": "+7 916 123-45-67",
        "message": "Просим подключить школу",
    }


async def test_connection_request_lists_answer_as_filing_did(
    client: AsyncClient, session: AsyncSession, data_settings: Settings, family: Family
) -> None:
    moscow = await add_school(session, connected=False)
    urals = await add_school(session, connected=False, region="66")
    neighbour = await make_person(session, data_settings)
    operator = await make_operator(session, data_settings)
    filed = []
    for school in (moscow, urals):
        answer = await client.post(
            "/api/v1/connection-requests", json=_request(school.id), headers=family.parent.headers
        )
        assert answer.status_code == 201, answer.text
        filed.append(answer.json())
    theirs = await client.post(
        "/api/v1/connection-requests", json=_request(moscow.id), headers=neighbour.headers
    )
    # One test transaction: one created_at for all (with microseconds), then by id.
    assert "." in filed[0]["created_at"]
    mine_in_order = sorted(filed, key=lambda r: r["id"])

    mine = await client.get("/api/v1/connection-requests", headers=family.parent.headers)
    english = await client.get("/api/v1/connection-requests", headers=family.parent.headers_en())
    page = await client.get(
        "/api/v1/connection-requests?limit=1&offset=1", headers=family.parent.headers
    )
    listed = await client.get(
        "/api/v1/admin/connection-requests?region=77&status=submitted", headers=operator.headers
    )

    assert mine.json() == {"items": mine_in_order, "total": 2, "limit": 20, "offset": 0}
    assert [r["status_label"] for r in english.json()["items"]] == ["Sent to the authority"] * 2
    assert page.json() == {"items": mine_in_order[1:], "total": 2, "limit": 1, "offset": 1}
    both_moscow = sorted([filed[0], theirs.json()], key=lambda r: r["id"])
    assert listed.json() == {"items": both_moscow, "total": 2, "limit": 50, "offset": 0}
    none = await client.get(
        "/api/v1/admin/connection-requests?status=connected", headers=operator.headers
    )
    assert none.json()["items"] == []
    audited = list(
        await session.scalars(
            select(AuditEvent.details).where(AuditEvent.action == "connection_request.list")
        )
    )
    assert audited == [{"ids": [r["id"] for r in both_moscow]}]  # an empty page is no read

    refused = await client.get("/api/v1/admin/connection-requests", headers=family.parent.headers)
    assert refused.status_code == 403
    assert refused.json()["code"] == "role_required"
    await revoke_sessions(session, family.parent.id)
    closed = await client.get("/api/v1/connection-requests", headers=family.parent.headers)
    assert closed.status_code == 401


async def test_one_connection_request_answers_as_filing_did_and_only_to_its_requester(
    client: AsyncClient, session: AsyncSession, data_settings: Settings, family: Family
) -> None:
    school = await add_school(session, connected=False)
    neighbour = await make_person(session, data_settings)
    operator = await make_operator(session, data_settings)
    filed = await client.post(
        "/api/v1/connection-requests", json=_request(school.id), headers=family.parent.headers
    )
    assert filed.status_code == 201, filed.text
    path = f"/api/v1/connection-requests/{filed.json()['id']}"

    mine = await client.get(path, headers=family.parent.headers)
    english = await client.get(path, headers=family.parent.headers_en())

    assert mine.status_code == 200, mine.text
    assert mine.json() == filed.json()
    assert mine.json()["contact_email"] is None
    assert mine.json()["expected_date"] is None
    assert english.json()["status_label"] == "Sent to the authority"
    for other in (neighbour, operator):
        refused = await client.get(path, headers=other.headers)
        assert refused.status_code == 404
        assert refused.json()["code"] == "connection_request_not_found"
    missing = await client.get(
        f"/api/v1/connection-requests/{uuid.uuid4()}", headers=family.parent.headers
    )
    assert missing.status_code == 404
    await revoke_sessions(session, family.parent.id)
    assert (await client.get(path, headers=family.parent.headers)).status_code == 401
