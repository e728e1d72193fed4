"""``GET /me/verification`` is one statement: at every step of the way it answers what
the ORM view (``views.verification_out``) answers, and nothing after the session ends."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from httpx import AsyncClient
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from api.config import Settings
from api.documents.models import Document, DocumentKind
from api.identity import accounts
from api.identity.models import (
    Account,
    AccountIdentity,
    AccountLevel,
    RegistryStatus,
)
from api.verification.models import AccountConfirmation, ConfirmationMethod
from api.verification.views import verification_out
from tests.factories import Person, make_person, next_passport, revoke_sessions, valid_snils


async def _read_matches_the_view(
    client: AsyncClient, session: AsyncSession, person: Person, *, en: bool = False
) -> dict[str, object]:
    headers = person.headers_en() if en else person.headers
    account_id = person.id
    answer = await client.get("/api/v1/me/verification", headers=headers)
    assert answer.status_code == 200, answer.text
    session.expire_all()
    expected = await verification_out(session, await accounts.get(session, account_id))
    body: dict[str, object] = answer.json()
    if not en:
        assert body == expected.model_dump(mode="json")
    return body


async def test_every_step_reads_as_the_orm_view(
    client: AsyncClient, session: AsyncSession, settings: Settings
) -> None:
    person = await make_person(session, settings)
    account_id = person.id
    empty = await _read_matches_the_view(client, session, person)
    assert empty["snils"] is None
    assert empty["registry_status"] == "pending"

    await client.put("/api/v1/me/snils", json={"snils": valid_snils()}, headers=person.headers)
    await _read_matches_the_view(client, session, person)
    await client.put("/api/v1/me/passport", json=next_passport(), headers=person.headers)
    standard = await _read_matches_the_view(client, session, person)
    assert standard["level"] == "standard"
    assert standard["passport"] is not None

    session.add(
        Document(
            id=uuid.uuid4(),
            account_id=account_id,
            kind=DocumentKind.passport,
            content_type="application/pdf",
            size=10,
            storage_key="k",
        )
    )
    await session.flush()
    with_scan = await _read_matches_the_view(client, session, person)
    assert len(with_scan["next_steps"]) == len(standard["next_steps"]) - 1  # type: ignore[arg-type]

    for at, method in (
        (datetime(2026, 11, 2, 10, 0, tzinfo=UTC), ConfirmationMethod.video),
        (datetime(2026, 11, 3, 10, 0, 0, 123456, tzinfo=UTC), ConfirmationMethod.code),
    ):
        session.add(AccountConfirmation(account_id=account_id, method=method, created_at=at))
    await session.flush()
    await session.execute(
        update(Account).where(Account.id == account_id).values(level=AccountLevel.confirmed)
    )
    confirmed = await _read_matches_the_view(client, session, person)
    assert confirmed["confirmed_at"] == "2026-11-03T10:00:00.123456Z"
    assert confirmed["confirmation_method"] == "code"
    assert confirmed["next_steps"] == []


async def test_the_registry_message_in_the_readers_language(
    client: AsyncClient, session: AsyncSession, settings: Settings
) -> None:
    person = await make_person(session, settings)
    session.add(
        AccountIdentity(
            account_id=person.id,
            registry_status=RegistryStatus.mismatch,
            registry_message="Данные не совпали",
            registry_message_en="The details did not match",
        )
    )
    await session.flush()

    russian = await _read_matches_the_view(client, session, person)
    english = await _read_matches_the_view(client, session, person, en=True)

    assert russian["registry_message"] == "Данные не совпали"
    assert english["registry_message"] == "The details did not match"
    assert english["next_steps"] != russian["next_steps"]


async def test_a_closed_session_cannot_read_the_verification(
    client: AsyncClient, session: AsyncSession, settings: Settings
) -> None:
    person = await make_person(session, settings)
    await revoke_sessions(session, person.id)

    answer = await client.get("/api/v1/me/verification", headers=person.headers)

    assert answer.status_code == 401
    assert answer.json()["code"] == "token_invalid"
