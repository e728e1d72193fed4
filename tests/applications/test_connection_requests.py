"""«Что делать, если школа не подключена»: a parent asks the region to connect the school;
an operator handles it; once connected, the application can be submitted."""

from __future__ import annotations

import uuid
from datetime import date

from httpx import AsyncClient
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from api.audit.models import AuditEvent
from api.config import Settings
from api.documents.models import DocumentKind
from api.identity.models import AccountLevel
from api.notifications.models import Notification
from api.schools.models import School
from tests.applications.world import Clock, Family, add_class, add_document, add_school, create
from tests.factories import make_operator, make_person


def _request(school: School, **overrides: object) -> dict[str, object]:
    body: dict[str, object] = {
        "school_id": str(school.id),
        "contact_name": "Иванова Мария Петровна",
        "contact_phone": "+7 916 123-45-67",
        "contact_email": "Ivanova@Example.ru",
        "message": "Просим подключить школу к электронному дневнику: в 9-Б учится мой сын.",
    }
    body.update(overrides)
    return body


async def test_a_parent_asks_to_connect_a_school_and_the_operator_connects_it(
    client: AsyncClient,
    session: AsyncSession,
    data_settings: Settings,
    family: Family,
    frozen_clock: Clock,
) -> None:
    offline = await add_school(session, connected=False)
    nine_b = await add_class(session, offline, 9, "Б")
    draft = await create(
        client,
        family.parent,
        family.body(school_id=str(offline.id), class_id=str(nine_b.id)),
    )
    neighbour = await make_person(session, data_settings, level=AccountLevel.simplified)
    operator = await make_operator(session, data_settings)

    filed = await client.post(
        "/api/v1/connection-requests", json=_request(offline), headers=family.parent.headers
    )
    assert filed.status_code == 201, filed.text
    request = filed.json()
    assert request["status"] == "submitted"
    assert request["addressee"] == "Орган управления образованием: Москва"
    assert request["contact_phone"] == "+79161234567"
    assert request["contact_email"] == "ivanova@example.ru"
    repeated = await client.post(
        "/api/v1/connection-requests", json=_request(offline), headers=family.parent.headers
    )
    assert repeated.status_code == 200
    assert repeated.json()["id"] == request["id"]
    second = await client.post(
        "/api/v1/connection-requests", json=_request(offline), headers=neighbour.headers
    )
    assert second.status_code == 201

    queue = await client.get(
        "/api/v1/admin/connection-requests?status=submitted&region=77", headers=operator.headers
    )
    assert queue.status_code == 200
    # Oldest first (one test transaction gives both the same created_at).
    assert {r["id"] for r in queue.json()["items"]} == {request["id"], second.json()["id"]}
    audited = await session.scalar(
        select(AuditEvent).where(
            AuditEvent.actor_id == operator.id, AuditEvent.action == "connection_request.list"
        )
    )
    assert audited is not None
    elsewhere = await client.get(
        "/api/v1/admin/connection-requests?region=66", headers=operator.headers
    )
    assert elsewhere.json()["total"] == 0

    progress = await client.post(
        f"/api/v1/admin/connection-requests/{request['id']}/decision",
        json={"status": "in_progress", "comment": "Школа в плане", "expected_date": "2027-01-15"},
        headers=operator.headers,
    )
    assert progress.status_code == 200, progress.text
    assert progress.json()["expected_date"] == "2027-01-15"
    note = await session.scalar(
        select(Notification).where(
            Notification.account_id == family.parent.id,
            Notification.link == f"/connection-requests/{request['id']}",
        )
    )
    assert note is not None
    assert "Примерная дата подключения — 15.01.2027" in note.body

    connected = await client.post(
        f"/api/v1/admin/connection-requests/{request['id']}/decision",
        json={"status": "connected"},
        headers=operator.headers,
    )
    assert connected.status_code == 200
    await session.refresh(offline)
    assert offline.connected is True
    theirs = await client.get("/api/v1/connection-requests", headers=neighbour.headers)
    assert theirs.json()["items"][0]["status"] == "connected"
    told = await session.scalar(select(Notification).where(Notification.account_id == neighbour.id))
    assert told is not None
    assert "Теперь можно подать заявление" in told.body
    settled = await client.post(
        f"/api/v1/admin/connection-requests/{request['id']}/decision",
        json={"status": "declined"},
        headers=operator.headers,
    )
    assert settled.status_code == 409
    assert settled.json()["code"] == "connection_request_closed"

    # The saved draft can now be submitted.
    sent = await client.post(
        f"/api/v1/applications/{draft['id']}/submit", headers=family.parent.headers
    )
    assert sent.status_code == 200, sent.text


async def test_a_connected_school_needs_no_request_and_only_staff_handle_them(
    client: AsyncClient, session: AsyncSession, family: Family
) -> None:
    refused = await client.post(
        "/api/v1/connection-requests",
        json=_request(family.school),
        headers=family.parent.headers,
    )
    assert refused.status_code == 409
    assert refused.json()["code"] == "school_already_connected"

    offline = await add_school(session, connected=False)
    letter_of_someone_else = uuid.uuid4()
    bad_letter = await client.post(
        "/api/v1/connection-requests",
        json=_request(offline, letter_document_id=str(letter_of_someone_else)),
        headers=family.parent.headers,
    )
    assert bad_letter.status_code == 422
    assert bad_letter.json()["errors"][0]["field"] == "letter_document_id"
    unknown = await client.post(
        "/api/v1/connection-requests",
        json=_request(offline, school_id=str(uuid.uuid4())),
        headers=family.parent.headers,
    )
    assert unknown.status_code == 404
    for path in ("/api/v1/admin/connection-requests",):
        assert (await client.get(path, headers=family.parent.headers)).status_code == 403
    filed = await client.post(
        "/api/v1/connection-requests", json=_request(offline), headers=family.parent.headers
    )
    other = await client.get(
        f"/api/v1/connection-requests/{filed.json()['id']}", headers=family.admin.headers
    )
    assert other.status_code == 404
    mine = await client.get(
        f"/api/v1/connection-requests/{filed.json()['id']}", headers=family.parent.headers
    )
    assert mine.json()["school"]["inn"] == offline.inn
    assert date.fromisoformat(mine.json()["created_at"][:10])


async def test_the_operator_downloads_the_schools_letter(
    client: AsyncClient, session: AsyncSession, data_settings: Settings, family: Family
) -> None:
    offline = await add_school(session, connected=False)
    letter = await add_document(
        session, data_settings, family.parent, kind=DocumentKind.other, content=b"%PDF-1.4 l"
    )
    operator = await make_operator(session, data_settings)
    filed = await client.post(
        "/api/v1/connection-requests",
        json=_request(offline, letter_document_id=str(letter.id)),
        headers=family.parent.headers,
    )
    assert filed.status_code == 201, filed.text
    path = f"/api/v1/admin/connection-requests/{filed.json()['id']}/letter"

    got = await client.get(path, headers=operator.headers)
    parent = await client.get(path, headers=family.parent.headers)
    unknown = await client.get(
        f"/api/v1/admin/connection-requests/{uuid.uuid4()}/letter", headers=operator.headers
    )

    assert got.status_code == 200, got.text
    assert got.content == b"%PDF-1.4 l"
    assert "attachment" in got.headers["content-disposition"]
    assert parent.status_code == 403
    assert unknown.status_code == 404
    assert unknown.json()["code"] == "letter_not_found"
