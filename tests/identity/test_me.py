"""``GET /me`` — one statement on the hot pool — answers what the ORM view of the account
(``profile.me_out``, used by every route that changes the account) says."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from httpx import AsyncClient
from sqlalchemy.ext.asyncio import AsyncSession

from api.config import Settings
from api.identity import profile
from api.identity.models import Account, AccountLevel, Role
from tests.factories import make_person


@pytest.mark.parametrize(
    ("roles", "sms", "email"),
    [
        ((Role.parent,), False, None),
        ((Role.parent,), True, "mama@example.ru"),
        ((Role.teacher, Role.class_teacher), True, None),  # staff: the SMS factor is forced
    ],
)
async def test_me_equals_the_accounts_orm_view(
    client: AsyncClient,
    session: AsyncSession,
    settings: Settings,
    roles: tuple[Role, ...],
    sms: bool,
    email: str | None,
) -> None:
    person = await make_person(session, settings, roles=roles, level=AccountLevel.standard)
    account = await session.get(Account, person.id)
    assert account is not None
    account.mfa_sms_enabled = sms and Role.parent in roles
    account.email = email
    account.email_confirmed_at = datetime(2026, 11, 30, 9, 15, tzinfo=UTC) if email else None
    account.totp_enabled_at = datetime(2026, 12, 1, tzinfo=UTC) if email else None
    await session.commit()

    response = await client.get("/api/v1/me", headers=person.headers)

    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/json"
    body = response.json()
    assert body == profile.me_out(account).model_dump(mode="json")
    assert body["mfa"] == {"sms": sms, "totp": email is not None}
    assert body["email_confirmed"] is (email is not None)
    assert body["roles"] == [r.value for r in roles]
    assert body["level"] == "standard"
    assert body["created_at"].endswith("Z")


async def test_me_without_token_or_with_a_forged_one_is_refused(client: AsyncClient) -> None:
    missing = await client.get("/api/v1/me")
    forged = await client.get("/api/v1/me", headers={"Authorization": "Bearer a.b.c"})

    assert missing.status_code == forged.status_code == 401
    assert missing.json()["code"] == forged.json()["code"] == "token_invalid"
