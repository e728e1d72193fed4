"""SNILS and passport make an account standard (seed: «Подтвержденная учетная запись»)."""

from __future__ import annotations

import logging
import uuid

import pytest
from httpx import AsyncClient
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from api.config import Settings
from api.identity import accounts
from api.identity.models import Account, AccountIdentity, AccountLevel
from api.verification import service
from tests.factories import make_person, make_standard, next_passport, passport, valid_snils

SNILS = "112-233-445 95"


async def _identity(session: AsyncSession, account_id: uuid.UUID) -> AccountIdentity:
    row = await session.scalar(
        select(AccountIdentity)
        .where(AccountIdentity.account_id == account_id)
        .execution_options(populate_existing=True)
    )
    assert row is not None
    return row


async def _level(session: AsyncSession, account_id: uuid.UUID) -> AccountLevel:
    level = await session.scalar(select(Account.level).where(Account.id == account_id))
    assert level is not None
    return level


async def test_snils_and_passport_make_the_account_standard(
    client: AsyncClient, session: AsyncSession, settings: Settings
) -> None:
    parent = await make_person(session, settings)

    first = await client.put(
        "/api/v1/me/snils", json={"snils": "11223344595"}, headers=parent.headers
    )
    assert first.status_code == 200, first.text
    assert first.json()["level"] == "simplified"
    assert first.json()["registry_status"] == "pending"
    assert any("паспорт" in step for step in first.json()["next_steps"])

    second = await client.put("/api/v1/me/passport", json=passport(), headers=parent.headers)
    assert second.status_code == 200, second.text
    body = second.json()
    assert body["level"] == "standard"
    assert body["snils"] == "***-***-445 95"
    assert body["passport"] == "45 ** ***456"
    assert body["registry_status"] == "verified"
    # The built-in gateway is honest about what it checked.
    assert "Локальная проверка пройдена" in body["registry_message"]
    assert "не проверка в СФР, МВД или ФНС" in body["registry_message"]
    assert any("Подтвердите личность" in step for step in body["next_steps"])

    assert await _level(session, parent.id) == AccountLevel.standard
    identity = await _identity(session, parent.id)
    assert identity.snils_enc is not None
    assert identity.passport_enc is not None
    assert b"11223344595" not in identity.snils_enc
    assert SNILS.encode() not in identity.snils_enc
    assert b"123456" not in identity.passport_enc
    assert service.read_snils(identity) == SNILS
    stored = service.read_passport(identity)
    assert stored is not None
    assert stored.issuer_code == "770-001"
    assert identity.birth_date is not None
    assert identity.birth_date.isoformat() == "1985-03-01"

    shown = await client.get("/api/v1/me/verification", headers=parent.headers)
    assert shown.status_code == 200
    assert shown.json() == body


async def test_verification_in_english(
    client: AsyncClient, session: AsyncSession, settings: Settings
) -> None:
    parent = await make_standard(client, session, settings)
    answer = await client.get("/api/v1/me/verification", headers=parent.headers_en())
    assert answer.json()["registry_message"].startswith("The local check passed")
    assert "not a check with СФР" in answer.json()["registry_message"]
    assert answer.json()["next_steps"][-1].startswith("Confirm your identity")


async def test_duplicate_snils_is_a_conflict_that_does_not_say_whose(
    client: AsyncClient, session: AsyncSession, settings: Settings
) -> None:
    owner = await make_person(session, settings, last_name="Сидорова")
    other = await make_person(session, settings)
    assert (
        await client.put("/api/v1/me/snils", json={"snils": SNILS}, headers=owner.headers)
    ).status_code == 200

    answer = await client.put(
        "/api/v1/me/snils", json={"snils": "112 233 445 95"}, headers=other.headers
    )

    assert answer.status_code == 409
    problem = answer.json()
    assert answer.headers["content-type"] == "application/problem+json"
    assert problem["code"] == "snils_taken"
    assert problem["errors"] == [
        {"field": "snils", "code": "snils_taken", "message": problem["detail"]}
    ]
    assert "Сидорова" not in answer.text
    assert owner.account.phone not in answer.text
    assert (
        await session.scalar(
            select(AccountIdentity.snils_hash).where(AccountIdentity.account_id == other.id)
        )
        is None
    )


async def test_duplicate_passport_is_a_conflict(
    client: AsyncClient, session: AsyncSession, settings: Settings
) -> None:
    owner = await make_person(session, settings)
    other = await make_person(session, settings)
    data = next_passport()
    assert (
        await client.put("/api/v1/me/passport", json=data, headers=owner.headers)
    ).status_code == 200
    answer = await client.put("/api/v1/me/passport", json=data, headers=other.headers)
    assert answer.status_code == 409
    assert answer.json()["errors"][0]["field"] == "passport"


@pytest.mark.parametrize(
    ("changes", "field", "code"),
    [
        ({"issued_at": "2999-01-01"}, "issued_at", "date_in_future"),
        ({"issued_at": "1997-09-30"}, "issued_at", "passport_issued_before_1997"),
        ({"series": "0009"}, "series", "passport_series"),
        ({"number": "000042"}, "number", "passport_number"),
        ({"number": "12345"}, "number", "string_pattern_mismatch"),
        ({"issuer_code": "000-123"}, "issuer_code", "issuer_code_region"),
        ({"issuer_name": "Moscow police"}, "issuer_name", "issuer_name_format"),
        ({"birth_date": "2999-01-01"}, "birth_date", "date_in_future"),
    ],
)
async def test_invalid_passport_details_name_the_field(
    client: AsyncClient,
    session: AsyncSession,
    settings: Settings,
    changes: dict[str, str],
    field: str,
    code: str,
) -> None:
    parent = await make_person(session, settings)
    answer = await client.put(
        "/api/v1/me/passport", json=passport(**changes), headers=parent.headers
    )
    assert answer.status_code == 422, answer.text
    errors = answer.json()["errors"]
    assert [(e["field"], e["code"]) for e in errors] == [(field, code)]
    assert await session.get(AccountIdentity, parent.id) is None


async def test_invalid_snils_is_refused_in_russian(
    client: AsyncClient, session: AsyncSession, settings: Settings
) -> None:
    parent = await make_person(session, settings)
    answer = await client.put(
        "/api/v1/me/snils", json={"snils": "112-233-445 96"}, headers=parent.headers
    )
    assert answer.status_code == 422
    error = answer.json()["errors"][0]
    assert error["field"] == "snils"
    assert error["code"] == "snils_checksum"
    assert error["message"] == "Некорректный СНИЛС: не сходится контрольное число"


async def test_inconsistent_passport_leaves_the_account_simplified(
    client: AsyncClient, session: AsyncSession, settings: Settings
) -> None:
    parent = await make_person(session, settings)
    await client.put("/api/v1/me/snils", json={"snils": valid_snils()}, headers=parent.headers)
    # Born in 2005, "issued" at 10 years old.
    answer = await client.put(
        "/api/v1/me/passport",
        json=next_passport()
        | {"birth_date": "2005-06-01", "series": "4515", "issued_at": "2015-07-01"},
        headers=parent.headers,
    )
    assert answer.status_code == 200
    body = answer.json()
    assert body["level"] == "simplified"
    assert body["registry_status"] == "mismatch"
    assert "паспорт выдаётся с 14 лет" in body["registry_message"]
    assert "запросы в СФР, МВД и ФНС не отправлялись" in body["registry_message"]
    assert any(step.startswith("Исправьте") for step in body["next_steps"])
    assert await _level(session, parent.id) == AccountLevel.simplified


async def test_standard_account_falls_back_when_data_stops_passing_but_confirmed_never_does(
    client: AsyncClient, session: AsyncSession, settings: Settings
) -> None:
    standard = await make_standard(client, session, settings)
    bad = next_passport() | {
        "birth_date": "2005-06-01",
        "series": "4515",
        "issued_at": "2015-07-01",
    }
    answer = await client.put("/api/v1/me/passport", json=bad, headers=standard.headers)
    assert answer.json()["level"] == "simplified"

    confirmed = await make_person(session, settings, level=AccountLevel.confirmed)
    await client.put("/api/v1/me/snils", json={"snils": valid_snils()}, headers=confirmed.headers)
    bad = next_passport() | {
        "birth_date": "2005-06-01",
        "series": "4515",
        "issued_at": "2015-07-01",
    }
    answer = await client.put("/api/v1/me/passport", json=bad, headers=confirmed.headers)
    assert answer.json()["registry_status"] == "mismatch"
    assert answer.json()["level"] == "confirmed"
    assert await _level(session, confirmed.id) == AccountLevel.confirmed


async def test_find_account_by_snils_for_login(
    client: AsyncClient, session: AsyncSession, settings: Settings
) -> None:
    snils = valid_snils()
    parent = await make_person(session, settings)
    await client.put("/api/v1/me/snils", json={"snils": snils}, headers=parent.headers)
    # Not yet checked (no passport): no log-in by it.
    assert await accounts.find_account_by_snils(session, snils) is None
    await client.put("/api/v1/me/passport", json=next_passport(), headers=parent.headers)

    digits = snils.replace("-", "").replace(" ", "")
    for typed in (snils, digits, f" {digits[:3]} {digits[3:6]} {digits[6:9]}-{digits[9:]} "):
        found = await accounts.find_account_by_snils(session, typed)
        assert found is not None
        assert found.id == parent.id
    assert await accounts.find_account_by_snils(session, valid_snils()) is None
    assert await accounts.find_account_by_snils(session, "not a snils") is None


async def test_identity_changes_are_throttled(
    client: AsyncClient, session: AsyncSession, settings: Settings
) -> None:
    parent = await make_person(session, settings)
    for _ in range(10):
        answer = await client.put(
            "/api/v1/me/snils", json={"snils": valid_snils()}, headers=parent.headers
        )
        assert answer.status_code == 200
    refused = await client.put(
        "/api/v1/me/snils", json={"snils": valid_snils()}, headers=parent.headers
    )
    assert refused.status_code == 429
    assert int(refused.headers["retry-after"]) > 0
    assert refused.json()["code"] == "identity_changes_limit"


async def test_personal_data_never_reaches_the_logs(
    client: AsyncClient, session: AsyncSession, settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    parent = await make_person(session, settings)
    caplog.set_level(logging.DEBUG)
    snils = valid_snils()
    await client.put("/api/v1/me/snils", json={"snils": snils}, headers=parent.headers)
    await client.put("/api/v1/me/passport", json=passport(number="654321"), headers=parent.headers)
    await client.put("/api/v1/me/snils", json={"snils": "112-233-445 96"}, headers=parent.headers)

    digits = snils.replace("-", "").replace(" ", "")
    extras = [v for r in caplog.records for v in r.__dict__.values() if isinstance(v, str)]
    text = caplog.text + " ".join(extras)
    assert caplog.records, "the requests were logged"
    for secret in (snils, digits, "112-233-445 96", "4509 654321", "4509654321", "654321"):
        assert secret not in text
