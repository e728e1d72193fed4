"""The operator's reads of accounts as single statements (``operator_statements``): each
answers what the ORM screen answered (``_reference_*`` below: the routes' former code),
for an account with everything and one with nothing, and stays audited."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

from httpx import AsyncClient
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.audit.models import AuditEvent
from api.config import Settings
from api.documents import service as documents_service
from api.documents.models import Document, DocumentKind, DocumentStatus
from api.identity import accounts, clock
from api.identity.models import Account, AccountIdentity, RegistryStatus
from api.verification import confirmation, service
from api.verification.models import AccountConfirmation, ConfirmationMethod
from api.verification.schemas import (
    ConfirmationRecordOut,
    OperatorAccountItem,
    OperatorAccountOut,
)
from tests.factories import make_operator, make_person, make_standard


async def _reference_account(session: AsyncSession, account_id: uuid.UUID) -> dict[str, Any]:
    session.expire_all()  # the API changed the rows this session holds
    account = await accounts.get(session, account_id)
    identity = await service.get_identity(session, account_id)
    documents, _ = await documents_service.list_documents(
        session, documents_service.account_documents(account_id), limit=100, offset=0
    )
    history = await confirmation.history(session, account_id)
    return OperatorAccountOut(
        id=account.id,
        last_name=account.last_name,
        first_name=account.first_name,
        middle_name=account.middle_name,
        phone=account.phone,
        email=account.email,
        level=account.level,
        status=account.status,
        created_at=account.created_at,
        snils=service.masked_snils(identity),
        passport=service.masked_passport(identity),
        registry_status=identity.registry_status if identity else RegistryStatus.pending,
        registry_message=service.registry_message(identity),
        confirmations=[
            ConfirmationRecordOut(
                method=c.method, operator_id=c.operator_id, created_at=c.created_at
            )
            for c in history
        ],
        documents=[documents_service.document_out(d) for d in documents],
    ).model_dump(mode="json")


async def _reference_search(session: AsyncSession, phone: str) -> list[dict[str, Any]]:
    session.expire_all()
    found = list(
        await session.scalars(
            select(Account).where(Account.phone == phone).order_by(Account.created_at)
        )
    )
    rows = await session.execute(
        select(Document.account_id, func.count(Document.id))
        .where(Document.account_id.in_([a.id for a in found]))
        .group_by(Document.account_id)
    )
    counts = {account_id: int(count) for account_id, count in rows}
    return [
        OperatorAccountItem(
            id=a.id,
            last_name=a.last_name,
            first_name=a.first_name,
            middle_name=a.middle_name,
            phone=a.phone,
            level=a.level,
            created_at=a.created_at,
            documents_count=counts.get(a.id, 0),
        ).model_dump(mode="json")
        for a in found
    ]


async def _documents(session: AsyncSession, account_id: uuid.UUID) -> None:
    """Three documents: one with a child, no dpi, and a whole-second time; two at the same
    moment (ordered by id)."""
    moment = clock.now().replace(microsecond=123456)
    for kind, dpi, at in (
        (DocumentKind.passport, 300, moment),
        (DocumentKind.snils, None, moment),
        (DocumentKind.other, 600, moment.replace(microsecond=0) - timedelta(days=1)),
    ):
        session.add(
            Document(
                account_id=account_id,
                kind=kind,
                content_type="image/png" if dpi else "application/pdf",
                size=1000 + (dpi or 0),
                dpi=dpi,
                status=DocumentStatus.uploaded,
                storage_key=f"test/{uuid.uuid4()}",
                created_at=at,
            )
        )
    await session.flush()


async def _events(session: AsyncSession, action: str, actor: uuid.UUID) -> list[AuditEvent]:
    """This test's operator's events: the audit log is append-only, so other tests' rows of
    the same action stay in the database the whole suite shares."""
    return list(
        await session.scalars(
            select(AuditEvent)
            .where(AuditEvent.action == action, AuditEvent.actor_id == actor)
            .order_by(AuditEvent.id)
        )
    )


async def test_an_account_with_everything_reads_as_the_orm_screen(
    client: AsyncClient, session: AsyncSession, settings: Settings
) -> None:
    operator = await make_operator(session, settings)
    viewer = operator.id
    parent = await make_standard(client, session, settings)
    await _documents(session, parent.id)
    identity = await session.get(AccountIdentity, parent.id)
    assert identity is not None
    identity.registry_message = "Данные не совпали"
    identity.registry_message_en = "The data did not match"
    now = clock.now()
    for method, operator_id, at in (
        (ConfirmationMethod.video, operator.id, now.replace(microsecond=0)),
        (ConfirmationMethod.code, None, now - timedelta(hours=1)),
    ):
        session.add(
            AccountConfirmation(
                account_id=parent.id, method=method, operator_id=operator_id, created_at=at
            )
        )
    await session.commit()

    answer = await client.get(f"/api/v1/operator/accounts/{parent.id}", headers=operator.headers)
    reference = await _reference_account(session, parent.id)
    english = await client.get(
        f"/api/v1/operator/accounts/{parent.id}", headers=operator.headers_en()
    )

    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body == reference
    first, second, last = body["documents"]
    assert first["id"] < second["id"]  # the same moment: by id
    assert last["kind"] == "other"
    assert first["created_at"].endswith(".123456Z")
    assert "." not in last["created_at"]
    assert [c["method"] for c in body["confirmations"]] == ["video", "code"]
    assert body["registry_message"] == "Данные не совпали"
    assert english.json()["registry_message"] == "The data did not match"
    assert [e.object_id for e in await _events(session, "account.view", viewer)] == [parent.id] * 2


async def test_an_account_with_nothing_reads_as_the_orm_screen(
    client: AsyncClient, session: AsyncSession, settings: Settings
) -> None:
    operator = await make_operator(session, settings)
    bare = await make_person(session, settings, middle_name=None)

    answer = await client.get(f"/api/v1/operator/accounts/{bare.id}", headers=operator.headers)

    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body == await _reference_account(session, bare.id)
    assert body["snils"] is None
    assert body["passport"] is None
    assert body["middle_name"] is None
    assert body["email"] is None
    assert body["registry_status"] == "pending"
    assert body["registry_message"] is None
    assert body["documents"] == []
    assert body["confirmations"] == []


async def test_a_missing_account_is_404_and_not_audited(
    client: AsyncClient, session: AsyncSession, settings: Settings
) -> None:
    operator = await make_operator(session, settings)
    viewer = operator.id

    answer = await client.get(f"/api/v1/operator/accounts/{uuid.uuid4()}", headers=operator.headers)

    assert answer.status_code == 404
    assert answer.json()["code"] == "account_not_found"
    assert await _events(session, "account.view", viewer) == []


async def test_the_search_reads_as_the_orm_screen_and_every_search_is_audited(
    client: AsyncClient, session: AsyncSession, settings: Settings
) -> None:
    operator = await make_operator(session, settings)
    parent = await make_standard(client, session, settings)
    await make_person(session, settings)  # another account, another phone
    phone, parent_id, operator_id = parent.account.phone, parent.id, operator.id
    await _documents(session, parent.id)
    await session.commit()

    found = await client.get(
        "/api/v1/operator/accounts",
        params={"phone": phone},
        headers=operator.headers,
    )
    nobody = await client.get(
        "/api/v1/operator/accounts", params={"phone": "+79990001122"}, headers=operator.headers
    )
    paged = await client.get(
        "/api/v1/operator/accounts",
        params={"phone": phone, "offset": 1},
        headers=operator.headers,
    )

    assert found.status_code == 200, found.text
    assert found.json() == {
        "items": await _reference_search(session, phone),
        "total": 1,
        "limit": 20,
        "offset": 0,
    }
    assert found.json()["items"][0]["documents_count"] == 3
    assert nobody.json() == {"items": [], "total": 0, "limit": 20, "offset": 0}
    assert paged.json() == {"items": [], "total": 1, "limit": 20, "offset": 1}
    events = await _events(session, "account.search", operator_id)
    assert [e.details for e in events] == [
        {"result_count": 1, "account_ids": [str(parent_id)]},
        {"result_count": 0, "account_ids": []},
        {"result_count": 0, "account_ids": []},
    ]
