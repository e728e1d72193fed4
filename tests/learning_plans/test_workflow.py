"""The ИУП state machine, table-tested: every (status, action, role) through the API.

The expected table is written out here by hand from the rules (docs/reports.md), not read
from ``workflow.TRANSITIONS``: a changed rule must change this table too.
"""

from __future__ import annotations

import pytest
from httpx import AsyncClient
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.audit.models import AuditEvent
from api.errors import AppError
from api.learning_plans import workflow
from api.learning_plans.models import PlanStatus
from api.learning_plans.workflow import Action, Actor
from tests.diary.world import World
from tests.learning_plans.plans import TEXT, events_of, plan_in, status_of

S = PlanStatus
G, CT, SA = Actor.guardian, Actor.class_teacher, Actor.school_admin

DECLINABLE = (S.requested, S.proposed, S.changes_requested, S.signed)
WITHDRAWABLE = (S.requested, S.proposed, S.changes_requested)

# (action, actor) → {status it may start from: status it leads to}
ALLOWED: dict[tuple[Action, Actor], dict[PlanStatus, PlanStatus]] = {
    (Action.propose, CT): {S.requested: S.proposed, S.changes_requested: S.proposed},
    (Action.propose, SA): {S.requested: S.proposed, S.changes_requested: S.proposed},
    (Action.request_changes, G): {S.proposed: S.changes_requested},
    (Action.sign, G): {S.proposed: S.signed},
    (Action.approve, SA): {S.signed: S.approved},
    (Action.decline, CT): dict.fromkeys(
        (S.requested, S.proposed, S.changes_requested, S.signed), S.declined
    ),
    (Action.decline, SA): dict.fromkeys(
        (S.requested, S.proposed, S.changes_requested, S.signed), S.declined
    ),
    (Action.withdraw, G): dict.fromkeys(
        (S.requested, S.proposed, S.changes_requested), S.withdrawn
    ),
}
# Which side each action belongs to: the other side is refused with 403 whatever the status.
SIDE: dict[Action, frozenset[Actor]] = {
    Action.request: frozenset({G}),
    Action.propose: frozenset({CT, SA}),
    Action.request_changes: frozenset({G}),
    Action.sign: frozenset({G}),
    Action.approve: frozenset({SA}),
    Action.decline: frozenset({CT, SA}),
    Action.withdraw: frozenset({G}),
}


def expected(status: PlanStatus, action: Action, actor: Actor) -> tuple[int, str | PlanStatus]:
    if actor not in SIDE[action]:
        return 403, "role_required"
    target = ALLOWED.get((action, actor), {}).get(status)
    if target is None:
        return 409, "learning_plan_transition_not_allowed"
    return 200, target


@pytest.mark.parametrize("status", list(PlanStatus))
@pytest.mark.parametrize("action", list(Action))
@pytest.mark.parametrize("actor", list(Actor))
def test_the_rules_table(status: PlanStatus, action: Action, actor: Actor) -> None:
    code, outcome = expected(status, action, actor)
    if code == 200:
        assert workflow.check(status, action, actor).target == outcome
        assert action in workflow.allowed_actions(status, actor)
        return
    with pytest.raises(AppError) as refused:
        workflow.check(status, action, actor)
    assert refused.value.status == code
    assert refused.value.code == outcome
    assert action not in workflow.allowed_actions(status, actor)


def _body(action: Action) -> dict[str, object]:
    body: dict[str, object] = {"action": action.value, "comment": "Причина указана"}
    if action is Action.propose:
        body["plan"] = TEXT
    return body


@pytest.mark.parametrize("status", list(PlanStatus))
async def test_every_step_through_the_api(
    client: AsyncClient, session: AsyncSession, world: World, status: PlanStatus
) -> None:
    """Each (action, role) from ``status`` via /transitions; refusals change nothing."""
    people = {G: world.parent, CT: world.class_teacher, SA: world.admin}
    for action in Action:
        if action in (Action.request, Action.sign):
            continue  # a request creates a plan; signing goes by SMS code (tests/signatures)
        for actor, person in people.items():
            plan = await plan_in(session, world, status)
            audits = await session.scalar(
                select(func.count()).select_from(AuditEvent).where(AuditEvent.object_id == plan.id)
            )
            answer = await client.post(
                f"/api/v1/learning-plans/{plan.id}/transitions",
                json=_body(action),
                headers=person.headers,
            )
            code, outcome = expected(status, action, actor)
            where = f"{status} {action} {actor}: {answer.text}"
            assert answer.status_code == code, where
            if code == 200:
                assert answer.json()["status"] == outcome, where
                assert await status_of(session, plan.id) == outcome, where
                assert await events_of(session, plan.id) == 1, where
                audit = await session.scalar(
                    select(AuditEvent.action).where(
                        AuditEvent.object_id == plan.id,
                        AuditEvent.action == f"learning_plan.{action.value}",
                    )
                )
                assert audit is not None, where
            else:
                assert answer.json()["code"] == outcome, where
                assert await status_of(session, plan.id) == status, where
                assert await events_of(session, plan.id) == 0, where
                after = await session.scalar(
                    select(func.count())
                    .select_from(AuditEvent)
                    .where(AuditEvent.object_id == plan.id)
                )
                assert after == audits, where


async def test_sign_is_not_a_transition(
    client: AsyncClient, session: AsyncSession, world: World
) -> None:
    plan = await plan_in(session, world, S.proposed)
    answer = await client.post(
        f"/api/v1/learning-plans/{plan.id}/transitions",
        json={"action": "sign"},
        headers=world.parent.headers,
    )
    assert answer.status_code == 422
    assert await status_of(session, plan.id) == S.proposed


async def test_comment_is_required_to_ask_for_changes_or_decline(
    client: AsyncClient, session: AsyncSession, world: World
) -> None:
    plan = await plan_in(session, world, S.proposed)
    for person, action in ((world.parent, "request_changes"), (world.admin, "decline")):
        answer = await client.post(
            f"/api/v1/learning-plans/{plan.id}/transitions",
            json={"action": action},
            headers=person.headers,
        )
        assert answer.status_code == 422, answer.text
        assert answer.json()["code"] == "comment_required"
        assert answer.json()["errors"][0]["field"] == "comment"
    assert await status_of(session, plan.id) == S.proposed
    assert await events_of(session, plan.id) == 0


async def test_refusal_speaks_english_when_asked(
    client: AsyncClient, session: AsyncSession, world: World
) -> None:
    plan = await plan_in(session, world, S.approved)
    answer = await client.post(
        f"/api/v1/learning-plans/{plan.id}/transitions",
        json={"action": "withdraw"},
        headers=world.parent.headers_en(),
    )
    assert answer.status_code == 409
    assert answer.json()["detail"] == "Cannot withdraw the plan: the plan is approved"
    ru = await client.post(
        f"/api/v1/learning-plans/{plan.id}/transitions",
        json={"action": "withdraw"},
        headers=world.parent.headers,
    )
    assert ru.json()["detail"] == "Нельзя отозвать план: план в статусе «Утверждён»"
