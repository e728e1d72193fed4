"""The ИУП state machine — the one place that says which action leads where and who may
take it (the applications' style: a transitions table, checked before every change).

    request:          (new) → requested                            guardian
    propose:          (new) | requested | changes_requested → proposed
                                                                   class teacher, school admin
    request_changes:  proposed → changes_requested                 guardian, with a comment
    sign:             proposed → signed                            guardian, by SMS code only
    approve:          signed → approved                            school admin
    decline:          requested | proposed | changes_requested | signed → declined
                                                                   school, with a comment
    withdraw:         requested | proposed | changes_requested → withdrawn   guardian

A caller on the wrong side answers 403 ``role_required`` — the house's code for a role
that may not do this (``api.identity.deps.role_required``), with the plan's own words for
who may — whatever the plan's status; the right side in the wrong status 409
``learning_plan_transition_not_allowed``. approved, declined and
withdrawn are final: nothing moves them, and the discussion under them is closed.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from api.errors import Conflict, Forbidden
from api.i18n import Text
from api.learning_plans.models import PlanStatus

S = PlanStatus


class Action(enum.StrEnum):
    request = "request"
    propose = "propose"
    request_changes = "request_changes"
    sign = "sign"
    approve = "approve"
    decline = "decline"
    withdraw = "withdraw"


class Actor(enum.StrEnum):
    guardian = "guardian"
    class_teacher = "class_teacher"
    school_admin = "school_admin"


SCHOOL = frozenset({Actor.class_teacher, Actor.school_admin})
FAMILY = frozenset({Actor.guardian})


@dataclass(frozen=True, slots=True)
class Rule:
    sources: frozenset[PlanStatus]
    target: PlanStatus
    actors: frozenset[Actor]
    creates: bool = False  # may start a new plan


OPEN = frozenset({S.requested, S.proposed, S.changes_requested})
FINAL = frozenset({S.approved, S.declined, S.withdrawn})

TRANSITIONS: dict[Action, Rule] = {
    Action.request: Rule(frozenset(), S.requested, FAMILY, creates=True),
    Action.propose: Rule(frozenset({S.requested, S.changes_requested}), S.proposed, SCHOOL, True),
    Action.request_changes: Rule(frozenset({S.proposed}), S.changes_requested, FAMILY),
    Action.sign: Rule(frozenset({S.proposed}), S.signed, FAMILY),
    Action.approve: Rule(frozenset({S.signed}), S.approved, frozenset({Actor.school_admin})),
    Action.decline: Rule(OPEN | {S.signed}, S.declined, SCHOOL),
    Action.withdraw: Rule(OPEN, S.withdrawn, FAMILY),
}

NEEDS_COMMENT = frozenset({Action.request_changes, Action.decline})

# Whose move it is in each status: they are told (notifications) and shown the action.
AWAITING: dict[PlanStatus, frozenset[Actor]] = {
    S.requested: SCHOOL,
    S.proposed: FAMILY,
    S.changes_requested: SCHOOL,
    S.signed: frozenset({Actor.school_admin}),
    S.approved: frozenset(),
    S.declined: frozenset(),
    S.withdrawn: frozenset(),
}

STATUS_LABELS: dict[PlanStatus, Text] = {
    S.requested: Text("Запрошен семьёй", "Requested by the family"),
    S.proposed: Text("Ожидает подписи родителя", "Awaiting the guardian's signature"),
    S.changes_requested: Text("На доработке", "Changes requested"),
    S.signed: Text("Подписан родителем", "Signed by the guardian"),
    S.approved: Text("Утверждён", "Approved"),
    S.declined: Text("Отклонён", "Declined"),
    S.withdrawn: Text("Отозван", "Withdrawn"),
}

ACTION_LABELS: dict[Action, Text] = {
    Action.request: Text("запросить план", "request a plan"),
    Action.propose: Text("предложить план", "propose the plan"),
    Action.request_changes: Text("попросить изменить план", "ask for changes"),
    Action.sign: Text("подписать план", "sign the plan"),
    Action.approve: Text("утвердить план", "approve the plan"),
    Action.decline: Text("отклонить план", "decline the plan"),
    Action.withdraw: Text("отозвать план", "withdraw the plan"),
}

_SIDE = {
    FAMILY: Text("только родитель ученика", "only the student's guardian"),
    SCHOOL: Text(
        "только классный руководитель или администратор школы",
        "only the class teacher or a school administrator",
    ),
    frozenset({Actor.school_admin}): Text(
        "только администратор школы", "only a school administrator"
    ),
}


def action_forbidden(action: Action) -> Forbidden:
    verb, who = ACTION_LABELS[action], _SIDE[TRANSITIONS[action].actors]
    return Forbidden(
        code="role_required",
        detail=Text(
            f"Нельзя {verb.ru}: это может сделать {who.ru}",
            f"Cannot {verb.en}: {who.en} can do this",
        ),
    )


def transition_not_allowed(status: PlanStatus, action: Action) -> Conflict:
    label, verb = STATUS_LABELS[status], ACTION_LABELS[action]
    return Conflict(
        code="learning_plan_transition_not_allowed",
        detail=Text(
            f"Нельзя {verb.ru}: план в статусе «{label.ru}»",
            f"Cannot {verb.en}: the plan is {label.en.lower()}",
        ),
    )


def check(status: PlanStatus | None, action: Action, actor: Actor) -> Rule:
    """The rule for ``actor`` taking ``action`` on a plan in ``status`` (None: a new plan).

    403 when the action is the other side's, 409 when the status does not allow it."""
    rule = TRANSITIONS[action]
    if actor not in rule.actors:
        raise action_forbidden(action)
    if status is None:
        if not rule.creates:
            raise Conflict(
                code="learning_plan_transition_not_allowed",
                detail=Text(
                    f"Нельзя {ACTION_LABELS[action].ru}: плана ещё нет",
                    f"Cannot {ACTION_LABELS[action].en}: there is no plan yet",
                ),
            )
        return rule
    if status not in rule.sources:
        raise transition_not_allowed(status, action)
    return rule


def allowed_actions(status: PlanStatus, actor: Actor | None) -> list[Action]:
    """What the caller may do now (the SPA shows these buttons); sign goes by SMS code."""
    if actor is None:
        return []
    return [
        action
        for action, rule in TRANSITIONS.items()
        if actor in rule.actors and status in rule.sources
    ]
