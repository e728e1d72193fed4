"""``application.status_changed`` (contract §5): one event per status change, written with
the change, ids and statuses only."""

from __future__ import annotations

import pytest
from httpx import AsyncClient
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from api.security import ssrf
from api.webhooks.models import WebhookEvent
from tests.applications.world import Family, decide, submitted
from tests.integrations.conftest import create_client

APPLICATIONS = "edudiary:applications.readonly"
MANAGE = "edudiary:webhooks.manage"


@pytest.fixture(autouse=True)
def public_dns(monkeypatch: pytest.MonkeyPatch) -> None:
    async def resolve(host: str, port: int) -> list[str]:
        return ["93.184.216.34"]

    monkeypatch.setattr(ssrf, "resolve", resolve)


async def test_смена_статуса_заявления_порождает_событие(
    client: AsyncClient, session: AsyncSession, family: Family
) -> None:
    made = await create_client(client, family.admin.token, scopes=[APPLICATIONS, MANAGE])
    hook = await client.post(
        "/api/v1/integration/webhooks",
        json={"url": "https://lms.example.ru/hooks", "event_types": ["application.status_changed"]},
        headers={"X-API-Key": made["client_secret"]},
    )
    assert hook.status_code == 201, hook.text

    application = await submitted(client, family)
    reviewed = await decide(client, family.admin, application["id"], "start_review")
    assert reviewed.status_code == 200, reviewed.text

    events = list(
        await session.scalars(
            select(WebhookEvent)
            .where(WebhookEvent.type == "application.status_changed")
            .order_by(WebhookEvent.id)
        )
    )
    assert [(e.data["previous_status"], e.data["status"]) for e in events] == [
        ("draft", "submitted"),
        ("submitted", "under_review"),
    ]
    assert events[0].data == {
        "id": application["id"],
        "number": application["number"],
        "status": "submitted",
        "previous_status": "draft",
        "school_id": str(family.school.id),
    }
