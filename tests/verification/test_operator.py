"""The confirmed level: an operator confirms identity, or hands out a one-time code."""

from __future__ import annotations

import re
import uuid
from datetime import timedelta

import pytest
from httpx import AsyncClient
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from api.audit.models import AuditEvent
from api.config import Settings
from api.delivery.models import OutboundMessage
from api.identity import clock
from api.identity.models import Account, AccountLevel
from api.verification.models import AccountConfirmation, ConfirmationCode
from tests.factories import Person, make_operator, make_person, make_standard, token_for


async def _level(session: AsyncSession, account_id: uuid.UUID) -> AccountLevel:
    level = await session.scalar(select(Account.level).where(Account.id == account_id))
    assert level is not None
    return level


async def _events(
    session: AsyncSession, action: str, object_id: uuid.UUID | None = None
) -> list[AuditEvent]:
    query = select(AuditEvent).where(AuditEvent.action == action)
    if object_id is not None:
        query = query.where(AuditEvent.object_id == object_id)
    return list(await session.scalars(query))


async def _sms(session: AsyncSession, phone: str) -> list[str]:
    return list(
        await session.scalars(
            select(OutboundMessage.body).where(OutboundMessage.recipient == phone)
        )
    )


async def test_a_parent_cannot_use_operator_endpoints(
    client: AsyncClient, session: AsyncSession, settings: Settings
) -> None:
    parent = await make_person(session, settings, level=AccountLevel.confirmed)
    other = await make_person(session, settings)
    for method, url in (
        ("GET", f"/api/v1/operator/accounts?phone={other.account.phone}"),
        ("GET", f"/api/v1/operator/accounts/{other.id}"),
        ("POST", f"/api/v1/operator/accounts/{other.id}/confirmation-code"),
        ("GET", "/api/v1/operator/audit"),
    ):
        answer = await client.request(method, url, headers=parent.headers)
        assert answer.status_code == 403, (url, answer.text)
        assert answer.json()["code"] == "role_required"
    answer = await client.post(
        f"/api/v1/operator/accounts/{other.id}/confirm",
        json={"method": "video"},
        headers=parent.headers,
    )
    assert answer.status_code == 403
    assert await _level(session, other.id) == AccountLevel.simplified


async def test_operator_finds_an_account_by_phone_in_any_spelling(
    client: AsyncClient, session: AsyncSession, settings: Settings
) -> None:
    operator = await make_operator(session, settings)
    parent = await make_standard(client, session, settings, phone="+79165550011")
    await make_person(session, settings)  # somebody else

    answer = await client.get(
        "/api/v1/operator/accounts", params={"phone": "8 (916) 555-00-11"}, headers=operator.headers
    )

    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["total"] == 1
    assert body["limit"] == 20
    assert body["offset"] == 0
    item = body["items"][0]
    assert item["id"] == str(parent.id)
    assert item["phone"] == "+79165550011"
    assert (item["last_name"], item["first_name"], item["middle_name"]) == (
        "Иванова",
        "Мария",
        "Петровна",
    )
    assert item["level"] == "standard"
    assert item["documents_count"] == 0
    [event] = await _events(session, "account.search")
    assert event.actor_id == operator.id
    assert event.details == {"result_count": 1, "account_ids": [str(parent.id)]}
    assert "9165550011" not in str(event.details)

    nobody = await client.get(
        "/api/v1/operator/accounts", params={"phone": "+79160000000"}, headers=operator.headers
    )
    assert nobody.json()["items"] == []
    assert nobody.json()["total"] == 0
    invalid = await client.get(
        "/api/v1/operator/accounts", params={"phone": "12"}, headers=operator.headers
    )
    assert invalid.status_code == 422
    assert invalid.json()["errors"][0]["field"] == "phone"


async def test_operator_views_masked_details_and_the_view_is_audited(
    client: AsyncClient, session: AsyncSession, settings: Settings
) -> None:
    operator = await make_operator(session, settings)
    parent = await make_standard(client, session, settings)

    answer = await client.get(f"/api/v1/operator/accounts/{parent.id}", headers=operator.headers)

    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert re.fullmatch(r"\*\*\*-\*\*\*-\d{3} \d{2}", body["snils"])
    assert re.fullmatch(r"45 \*\* \*\*\*\d{3}", body["passport"])
    assert body["registry_status"] == "verified"
    assert body["documents"] == []
    assert body["confirmations"] == []
    [event] = await _events(session, "account.view", parent.id)
    assert event.actor_id == operator.id
    assert event.actor_roles == ["operator"]
    assert event.object_type == "account"

    missing = await client.get(
        f"/api/v1/operator/accounts/{uuid.uuid4()}", headers=operator.headers
    )
    assert missing.status_code == 404


async def test_confirmation_needs_a_standard_account(
    client: AsyncClient, session: AsyncSession, settings: Settings
) -> None:
    operator = await make_operator(session, settings)
    parent = await make_person(session, settings)

    answer = await client.post(
        f"/api/v1/operator/accounts/{parent.id}/confirm",
        json={"method": "service_center"},
        headers=operator.headers,
    )

    assert answer.status_code == 409
    assert answer.json()["code"] == "account_not_standard"
    assert "СНИЛС и паспорт" in answer.json()["detail"]
    assert await _level(session, parent.id) == AccountLevel.simplified
    code = await client.post(
        f"/api/v1/operator/accounts/{parent.id}/confirmation-code", headers=operator.headers
    )
    assert code.status_code == 409


async def test_operator_confirms_in_person_and_the_parent_is_told_by_sms(
    client: AsyncClient, session: AsyncSession, settings: Settings
) -> None:
    operator = await make_operator(session, settings)
    parent = await make_standard(client, session, settings)

    answer = await client.post(
        f"/api/v1/operator/accounts/{parent.id}/confirm",
        json={"method": "service_center", "note": "Паспорт предъявлен лично"},
        headers=operator.headers,
    )

    assert answer.status_code == 200, answer.text
    assert answer.json()["level"] == "confirmed"
    assert answer.json()["method"] == "service_center"
    assert await _level(session, parent.id) == AccountLevel.confirmed
    [record] = await session.scalars(
        select(AccountConfirmation).where(AccountConfirmation.account_id == parent.id)
    )
    assert record.operator_id == operator.id
    assert record.note == "Паспорт предъявлен лично"
    [sms] = await _sms(session, parent.account.phone)
    assert "учётная запись подтверждена" in sms
    [event] = await _events(session, "account.confirm", parent.id)
    assert event.details == {"method": "service_center"}

    again = await client.post(
        f"/api/v1/operator/accounts/{parent.id}/confirm",
        json={"method": "video"},
        headers=operator.headers,
    )
    assert again.status_code == 409
    assert again.json()["code"] == "account_already_confirmed"
    shown = await client.get("/api/v1/me/verification", headers=parent.headers)
    assert shown.json()["level"] == "confirmed"
    assert shown.json()["confirmation_method"] == "service_center"
    assert shown.json()["next_steps"] == []


async def test_an_operator_cannot_confirm_their_own_account(
    client: AsyncClient, session: AsyncSession, settings: Settings
) -> None:
    operator = await make_operator(session, settings)
    answer = await client.post(
        f"/api/v1/operator/accounts/{operator.id}/confirm",
        json={"method": "video"},
        headers=operator.headers,
    )
    assert answer.status_code == 403
    assert answer.json()["code"] == "self_confirmation_forbidden"


async def _issue(client: AsyncClient, operator: Person, parent: Person) -> str:
    answer = await client.post(
        f"/api/v1/operator/accounts/{parent.id}/confirmation-code", headers=operator.headers
    )
    assert answer.status_code == 201, answer.text
    code = answer.json()["code"]
    assert re.fullmatch(r"[ACDEFGHJKMNPQRTUVWXY34679]{4}-[ACDEFGHJKMNPQRTUVWXY34679]{4}", code)
    return str(code)


async def test_one_time_code_confirms_the_account(
    client: AsyncClient, session: AsyncSession, settings: Settings
) -> None:
    operator = await make_operator(session, settings)
    parent = await make_standard(client, session, settings)
    code = await _issue(client, operator, parent)
    [row] = await session.scalars(
        select(ConfirmationCode).where(ConfirmationCode.account_id == parent.id)
    )
    assert code.replace("-", "") not in row.code_hash  # only a keyed hash is kept
    assert timedelta(days=29, hours=23) < row.expires_at - clock.now() <= timedelta(days=30)
    [issued] = await _events(session, "account.confirmation_code.issue", parent.id)
    assert code not in str(issued.details)

    # Typed in lower case without the hyphen: still the code.
    answer = await client.post(
        "/api/v1/me/confirmation-code",
        json={"code": code.lower().replace("-", " ")},
        headers=parent.headers,
    )

    assert answer.status_code == 200, answer.text
    assert answer.json()["level"] == "confirmed"
    assert answer.json()["confirmation_method"] == "code"
    assert await _level(session, parent.id) == AccountLevel.confirmed
    assert any("подтверждена" in body for body in await _sms(session, parent.account.phone))
    [event] = await _events(session, "account.confirm", parent.id)
    assert event.actor_id == parent.id
    assert event.details["method"] == "code"


async def test_five_wrong_codes_kill_the_code(
    client: AsyncClient, session: AsyncSession, settings: Settings
) -> None:
    operator = await make_operator(session, settings)
    parent = await make_standard(client, session, settings)
    code = await _issue(client, operator, parent)
    wrong = "AAAA-AAAA" if code != "AAAA-AAAA" else "CCCC-CCCC"

    codes = []
    for _ in range(5):
        answer = await client.post(
            "/api/v1/me/confirmation-code", json={"code": wrong}, headers=parent.headers
        )
        assert answer.status_code == 422
        codes.append(answer.json()["code"])
    assert codes == ["confirmation_code_invalid"] * 4 + ["confirmation_code_attempts_exceeded"]
    assert answer.json()["errors"][0]["field"] == "code"

    right = await client.post(
        "/api/v1/me/confirmation-code", json={"code": code}, headers=parent.headers
    )
    assert right.status_code == 422
    assert right.json()["code"] == "confirmation_code_attempts_exceeded"
    assert "Получите новый код у оператора" in right.json()["detail"]
    attempts = await session.scalar(
        select(ConfirmationCode.attempts)
        .where(ConfirmationCode.account_id == parent.id)
        .execution_options(populate_existing=True)
    )
    assert attempts == 5
    assert await _level(session, parent.id) == AccountLevel.standard

    # A new code from the operator works again.
    fresh = await _issue(client, operator, parent)
    answer = await client.post(
        "/api/v1/me/confirmation-code", json={"code": fresh}, headers=parent.headers
    )
    assert answer.status_code == 200


async def test_a_newer_code_replaces_the_older(
    client: AsyncClient, session: AsyncSession, settings: Settings
) -> None:
    operator = await make_operator(session, settings)
    parent = await make_standard(client, session, settings)
    old = await _issue(client, operator, parent)
    new = await _issue(client, operator, parent)
    if old == new:
        pytest.skip("two random codes coincided")
    answer = await client.post(
        "/api/v1/me/confirmation-code", json={"code": old}, headers=parent.headers
    )
    assert answer.status_code == 422
    assert answer.json()["code"] == "confirmation_code_invalid"


async def test_an_expired_code_is_refused(
    client: AsyncClient,
    session: AsyncSession,
    settings: Settings,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    operator = await make_operator(session, settings)
    parent = await make_standard(client, session, settings)
    code = await _issue(client, operator, parent)

    later = clock.now() + timedelta(days=30, minutes=1)
    monkeypatch.setattr(clock, "now", lambda: later)
    token = await token_for(session, settings, parent.account)  # the old one expired too
    answer = await client.post(
        "/api/v1/me/confirmation-code",
        json={"code": code},
        headers={"Authorization": f"Bearer {token}", "Accept-Language": "en"},
    )

    assert answer.status_code == 422
    assert answer.json()["code"] == "confirmation_code_expired"
    assert (
        answer.json()["detail"]
        == "The confirmation code has expired (30 days). Ask an operator for a new one."
    )
    assert await _level(session, parent.id) == AccountLevel.standard
