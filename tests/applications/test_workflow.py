"""The state machine: every transition of ARCHITECTURE §6 and nothing else — checked on the
workflow itself and through the API, for every status × action."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from httpx import AsyncClient
from sqlalchemy.ext.asyncio import AsyncSession

from api.applications import workflow
from api.applications.models import Application, ApplicationStatus
from api.errors import Conflict
from tests.applications.world import Clock, Family, create, submitted

S = ApplicationStatus
A = workflow.Action

ALLOWED: dict[A, set[S]] = {
    A.submit: {S.draft},
    A.start_review: {S.submitted, S.appealed},
    A.request_info: {S.under_review},
    A.approve: {S.under_review},
    A.reject: {S.under_review},
    A.reply: {S.info_requested, S.suspended},
    A.appeal: {S.rejected},
    A.withdraw: {
        S.draft,
        S.submitted,
        S.under_review,
        S.info_requested,
        S.suspended,
        S.appealed,
    },
    A.suspend: {S.info_requested},
}
TARGET = {
    A.submit: S.submitted,
    A.start_review: S.under_review,
    A.request_info: S.info_requested,
    A.approve: S.approved,
    A.reject: S.rejected,
    A.reply: S.under_review,
    A.appeal: S.appealed,
    A.withdraw: S.withdrawn,
    A.suspend: S.suspended,
}
NOW = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)


def _application(status: S) -> Application:
    return Application(
        id=uuid.uuid4(),
        status=status,
        appeal_until=NOW + timedelta(days=30) if status == S.rejected else None,
        due_at=NOW + timedelta(days=3),
    )


@pytest.mark.parametrize("status", list(S))
@pytest.mark.parametrize("action", list(A))
def test_the_workflow_allows_exactly_the_documented_transitions(status: S, action: A) -> None:
    application = _application(status)
    if status in ALLOWED[action]:
        step = workflow.apply(application, action, at=NOW, tz="Europe/Moscow")
        assert (step.status_from, step.status_to) == (status, TARGET[action])
        assert application.status == TARGET[action]
    else:
        with pytest.raises(Conflict) as refused:
            workflow.apply(application, action, at=NOW, tz="Europe/Moscow")
        assert refused.value.code == "application_transition_not_allowed"
        assert refused.value.detail is not None
        assert workflow.STATUS_LABELS[status].ru in refused.value.detail.ru
        assert workflow.ACTION_LABELS[action].ru in refused.value.detail.ru
        assert application.status == status


# From Monday 30 November 2026 (no holidays in the next weeks): 5 working days end on
# Monday 7 December, 3 on Thursday 3 December, 10 on Monday 14 December.
@pytest.mark.parametrize(
    ("status", "action", "awaiting", "due"),
    [
        (S.draft, A.submit, "school", "2026-12-07"),
        (S.submitted, A.start_review, "school", "2026-12-07"),
        (S.under_review, A.request_info, "applicant", "2026-12-03"),
        (S.info_requested, A.reply, "school", "2026-12-07"),
        (S.suspended, A.reply, "school", "2026-12-07"),
        (S.rejected, A.appeal, "school", "2026-12-14"),
    ],
)
def test_due_at_is_the_deadline_of_whoever_acts_next(
    status: S, action: A, awaiting: str, due: str
) -> None:
    application = _application(status)
    workflow.apply(application, action, at=NOW, tz="Europe/Moscow")
    party = workflow.AWAITING[application.status]
    assert party is not None
    assert party.value == awaiting
    assert application.due_at is not None
    assert application.due_at.isoformat() == f"{due}T23:59:59+03:00"


def test_a_review_started_from_an_appeal_keeps_the_appeals_deadline() -> None:
    application = _application(S.rejected)
    workflow.apply(application, A.appeal, at=NOW, tz="Europe/Moscow")
    appeal_due = application.due_at
    workflow.apply(application, A.start_review, at=NOW + timedelta(days=3), tz="Europe/Moscow")
    assert application.due_at == appeal_due


@pytest.mark.parametrize("action", [A.approve, A.reject, A.withdraw])
def test_nobody_owes_anything_after_a_final_step(action: A) -> None:
    application = _application(S.under_review)
    workflow.apply(application, action, at=NOW, tz="Europe/Moscow")
    assert application.due_at is None


# --- Through the API -----------------------------------------------------------------

API_ACTIONS = [a for a in A if a != A.suspend]  # suspension is the periodic job's only
STAFF_ACTIONS = {A.start_review, A.request_info, A.approve, A.reject}


async def _call(client: AsyncClient, family: Family, application_id: str, action: A) -> Any:
    if action in STAFF_ACTIONS:
        return await client.post(
            f"/api/v1/applications/{application_id}/decisions",
            json={"decision": action.value, "comment": "Проверка", "reason_code": "other"},
            headers=family.admin.headers,
        )
    body = {"comment": "Проверка"} if action in (A.reply, A.appeal) else None
    return await client.post(
        f"/api/v1/applications/{application_id}/{action.value}",
        json=body,
        headers=family.parent.headers,
    )


@pytest.mark.parametrize("status", list(S))
async def test_every_illegal_transition_is_refused_with_409(
    client: AsyncClient,
    session: AsyncSession,
    family: Family,
    frozen_clock: Clock,
    status: S,
) -> None:
    if status == S.draft:
        application = await create(client, family.parent, family.body())
    else:
        application = await submitted(client, family)
        row = await session.get(Application, uuid.UUID(application["id"]))
        assert row is not None
        row.status = status
        row.appeal_until = frozen_clock() + timedelta(days=30) if status == S.rejected else None
        await session.commit()

    for action in API_ACTIONS:
        if status in ALLOWED[action]:
            continue
        answer = await _call(client, family, application["id"], action)
        if action == A.submit and status == S.submitted:
            # Ten devices on enrolment night: a repeated submit answers with the number.
            assert answer.status_code == 200, answer.text
            assert answer.json()["number"] == application["number"]
            continue
        if status == S.draft and action in STAFF_ACTIONS:
            assert answer.status_code == 404, answer.text  # schools never see drafts
            continue
        assert answer.status_code == 409, (action, answer.text)
        problem = answer.json()
        assert answer.headers["content-type"] == "application/problem+json"
        assert problem["code"] == "application_transition_not_allowed"
        assert f"«{workflow.STATUS_LABELS[status].ru}»" in problem["detail"]
        assert workflow.ACTION_LABELS[action].ru in problem["detail"]

    row = await session.get(Application, uuid.UUID(application["id"]))
    assert row is not None
    await session.refresh(row)
    assert row.status == status


async def test_the_refusal_in_english(
    client: AsyncClient, family: Family, frozen_clock: Clock
) -> None:
    application = await submitted(client, family)
    answer = await client.post(
        f"/api/v1/applications/{application['id']}/reply",
        json={"comment": "?"},
        headers=family.parent.headers_en(),
    )
    assert answer.status_code == 409
    assert answer.json()["detail"] == ("Cannot reply to a request: the application is submitted")
