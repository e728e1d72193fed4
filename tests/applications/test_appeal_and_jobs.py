"""Appeals within and after 30 days; the periodic suspension and the schools' reminders,
run directly with a frozen clock."""

from __future__ import annotations

import subprocess
import sys
import uuid
from datetime import UTC, datetime

from httpx import AsyncClient
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from api.applications import jobs
from api.applications.models import Application, ApplicationEvent, ApplicationStatus
from api.notifications.models import Notification
from tests.applications.world import Clock, Family, decide, submitted


async def _rejected(client: AsyncClient, family: Family) -> dict[str, object]:
    application = await submitted(client, family)
    await decide(client, family.admin, str(application["id"]), "start_review")
    answer = await decide(
        client,
        family.admin,
        str(application["id"]),
        "reject",
        reason_code="not_enrolled",
        comment="Ребёнок не числится в 9-Б",
    )
    assert answer.status_code == 200, answer.text
    body: dict[str, object] = answer.json()
    return body


async def test_an_appeal_within_30_days_goes_back_to_the_school_for_10_working_days(
    client: AsyncClient, family: Family, frozen_clock: Clock
) -> None:
    rejected = await _rejected(client, family)
    assert rejected["appeal_until"] == "2026-12-28T23:59:59+03:00"
    assert rejected["next_action"] == {
        "code": "appeal",
        "label": "Отказ можно обжаловать в течение 30 дней",
        "due_at": "2026-12-28T23:59:59+03:00",
    }

    frozen_clock.set(datetime(2026, 12, 28, 20, 0, tzinfo=UTC))  # 23:00 in Moscow, day 30
    appealed = await client.post(
        f"/api/v1/applications/{rejected['id']}/appeal",
        json={"comment": "Ребёнок зачислен приказом от 01.09.2026"},
        headers=family.parent.headers,
    )

    assert appealed.status_code == 200, appealed.text
    body = appealed.json()
    assert body["status"] == "appealed"
    assert body["awaiting"] == "school"
    # 29, 30 Dec, then 31 Dec – 10 Jan off: the 10th working day is Wednesday 20 January.
    assert body["due_date"] == "2027-01-20"
    again = await decide(client, family.admin, str(rejected["id"]), "start_review")
    assert again.json()["due_date"] == "2027-01-20"
    refused = await decide(
        client, family.admin, str(rejected["id"]), "reject", reason_code="other", comment="Нет"
    )
    assert refused.json()["appeal_until"] is None
    second = await client.post(
        f"/api/v1/applications/{rejected['id']}/appeal",
        json={"comment": "Ещё раз"},
        headers=family.parent.headers,
    )
    assert second.status_code == 409
    assert second.json()["code"] == "appeal_already_used"


async def test_an_appeal_after_30_days_is_refused(
    client: AsyncClient, family: Family, frozen_clock: Clock
) -> None:
    rejected = await _rejected(client, family)
    frozen_clock.set(datetime(2026, 12, 28, 21, 0, tzinfo=UTC))  # 00:00 of day 31 in Moscow

    late = await client.post(
        f"/api/v1/applications/{rejected['id']}/appeal",
        json={"comment": "Поздно"},
        headers=family.parent.headers,
    )

    assert late.status_code == 409
    assert late.json()["code"] == "appeal_deadline_passed"
    assert "30 дней" in late.json()["detail"]
    listing = await client.get("/api/v1/applications", headers=family.parent.headers)
    assert listing.json()["items"][0]["next_action"] is None


async def test_unanswered_requests_are_suspended_after_three_working_days(
    client: AsyncClient, session: AsyncSession, family: Family, frozen_clock: Clock
) -> None:
    application = await submitted(client, family)
    await decide(client, family.admin, application["id"], "start_review")
    asked = await decide(
        client,
        family.admin,
        application["id"],
        "request_info",
        reason_code="incomplete_data",
        comment="Уточните отчество",
    )
    assert asked.json()["due_date"] == "2026-12-02"  # Sat 28 Nov: Mon, Tue, Wed

    on_time = await jobs.suspend_overdue(session, datetime(2026, 12, 2, 20, 0, tzinfo=UTC))
    assert on_time == 0
    late = datetime(2026, 12, 2, 21, 0, 1, tzinfo=UTC)  # 00:00:01 on Thursday in Moscow
    assert await jobs.suspend_overdue(session, late) == 1
    assert await jobs.suspend_overdue(session, late) == 0

    row = await session.get(Application, uuid.UUID(application["id"]))
    assert row is not None
    await session.refresh(row)
    assert row.status == ApplicationStatus.suspended
    assert row.due_at is None
    event = await session.scalar(
        select(ApplicationEvent)
        .where(ApplicationEvent.application_id == row.id)
        .order_by(ApplicationEvent.id.desc())
        .limit(1)
    )
    assert event is not None
    assert (event.action, event.actor_role, event.actor_id) == ("suspend", "system", None)
    note = await session.scalar(
        select(Notification).where(
            Notification.account_id == family.parent.id, Notification.title.contains("приост")
        )
    )
    assert note is not None
    assert "Ответьте на запрос" in note.body

    # A reply revives it.
    frozen_clock.set(late)
    revived = await client.post(
        f"/api/v1/applications/{application['id']}/reply",
        json={"comment": "Отчество: Сергеевич"},
        headers=family.parent.headers,
    )
    assert revived.status_code == 200
    assert revived.json()["status"] == "under_review"


async def test_schools_hear_about_overdue_reviews_once_a_day(
    client: AsyncClient, session: AsyncSession, family: Family, frozen_clock: Clock
) -> None:
    await submitted(client, family)  # due Friday 4 December
    before = datetime(2026, 12, 4, 12, 0, tzinfo=UTC)
    assert await jobs.remind_overdue_reviews(session, before) == 0

    monday = datetime(2026, 12, 7, 6, 0, tzinfo=UTC)
    assert await jobs.remind_overdue_reviews(session, monday) == 1
    assert await jobs.remind_overdue_reviews(session, monday.replace(hour=9)) == 0
    assert await jobs.remind_overdue_reviews(session, datetime(2026, 12, 8, 6, 0, tzinfo=UTC)) == 1

    notes = list(
        await session.scalars(
            select(Notification).where(Notification.account_id == family.admin.id)
        )
    )
    assert len(notes) == 2
    assert notes[0].title == "Просрочено заявлений: 1"
    assert notes[0].link == f"/schools/{family.school.id}/applications"
    assert not await session.scalar(
        select(Notification.id).where(
            Notification.account_id == family.parent.id,
            Notification.title.contains("Просрочено"),
        )
    )


def test_the_worker_runs_the_applications_jobs_periodically() -> None:
    # In a fresh interpreter: procrastinate blueprints are consumed by the first App built
    # from them, and tests/jobs builds the worker app in this process.
    script = (
        "from api.jobs import runtime\n"
        "app = runtime.build_app('postgresql://unused@localhost/unused')\n"
        "print('\\n'.join(t.task.name for t in app.periodic_registry.periodic_tasks.values()))"
    )
    result = subprocess.run(  # noqa: S603 - our own interpreter and a fixed script
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=60
    )
    periodic = set(result.stdout.split())
    assert {
        "edudiary:applications_suspend_overdue",
        "edudiary:applications_remind_schools",
    } <= periodic
