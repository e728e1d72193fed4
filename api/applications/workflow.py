"""The application state machine — the one place that says which action leads where, who
may take it and whose deadline follows (ARCHITECTURE §6).

    submit:        draft → submitted                                   (applicant)
    start_review:  submitted | appealed → under_review                 (school)
    request_info:  under_review → info_requested                       (school)
    approve:       under_review → approved                             (school)
    reject:        under_review → rejected                             (school)
    reply:         info_requested | suspended → under_review           (applicant)
    appeal:        rejected → appealed, within 30 days of the refusal  (applicant)
    withdraw:      any open status → withdrawn                         (applicant)
    suspend:       info_requested past its deadline → suspended        (the periodic job)

``due_at`` is the deadline of whoever must act next, in working days of the school's time
zone: the school has 5 to decide (from submission, from the start of the review or from
the applicant's reply), the applicant 3 to answer a request (seed: «в течение трёх рабочих
дней, иначе процесс регистрации будет приостановлен»), the school 10 to review an appeal
(seed: «в срок до 10 рабочих дней») — a review that starts from an appeal keeps that
deadline. A refusal may be appealed once, within 30 calendar days (to the end of the 30th
day in the school's zone); a refusal after an appeal leaves the courts (seed).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime
from typing import Literal, Protocol

from api.applications.models import OPEN_STATUSES, Application, ApplicationStatus
from api.errors import Conflict
from api.i18n import Text
from api.workdays import calendar_deadline, working_deadline

S = ApplicationStatus

SCHOOL_REVIEW_DAYS = 5
APPLICANT_REPLY_DAYS = 3
APPEAL_REVIEW_DAYS = 10
APPEAL_WINDOW_DAYS = 30

NextActionCode = Literal["submit", "reply", "appeal"]


class Action(enum.StrEnum):
    submit = "submit"
    start_review = "start_review"
    request_info = "request_info"
    approve = "approve"
    reject = "reject"
    reply = "reply"
    appeal = "appeal"
    withdraw = "withdraw"
    suspend = "suspend"


class Party(enum.StrEnum):
    applicant = "applicant"
    school = "school"
    system = "system"


@dataclass(frozen=True, slots=True)
class Rule:
    sources: frozenset[ApplicationStatus]
    target: ApplicationStatus
    party: Party


TRANSITIONS: dict[Action, Rule] = {
    Action.submit: Rule(frozenset({S.draft}), S.submitted, Party.applicant),
    Action.start_review: Rule(frozenset({S.submitted, S.appealed}), S.under_review, Party.school),
    Action.request_info: Rule(frozenset({S.under_review}), S.info_requested, Party.school),
    Action.approve: Rule(frozenset({S.under_review}), S.approved, Party.school),
    Action.reject: Rule(frozenset({S.under_review}), S.rejected, Party.school),
    Action.reply: Rule(frozenset({S.info_requested, S.suspended}), S.under_review, Party.applicant),
    Action.appeal: Rule(frozenset({S.rejected}), S.appealed, Party.applicant),
    Action.withdraw: Rule(OPEN_STATUSES, S.withdrawn, Party.applicant),
    Action.suspend: Rule(frozenset({S.info_requested}), S.suspended, Party.system),
}

# Whose move it is in each status (drives ``due_at``, the overdue flag and next_action).
AWAITING: dict[ApplicationStatus, Party | None] = {
    S.draft: Party.applicant,
    S.submitted: Party.school,
    S.under_review: Party.school,
    S.info_requested: Party.applicant,
    S.suspended: Party.applicant,
    S.appealed: Party.school,
    S.approved: None,
    S.rejected: None,
    S.withdrawn: None,
}

STATUS_LABELS: dict[ApplicationStatus, Text] = {
    S.draft: Text("Черновик", "Draft"),
    S.submitted: Text("Отправлено", "Submitted"),
    S.under_review: Text("На рассмотрении", "Under review"),
    S.info_requested: Text("Запрошены сведения", "Information requested"),
    S.suspended: Text("Приостановлено", "Suspended"),
    S.approved: Text("Одобрено", "Approved"),
    S.rejected: Text("Отказано", "Rejected"),
    S.appealed: Text("Обжаловано", "Appealed"),
    S.withdrawn: Text("Отозвано", "Withdrawn"),
}

# Infinitives for «Нельзя <action>: …».
ACTION_LABELS: dict[Action, Text] = {
    Action.submit: Text("отправить заявление", "submit the application"),
    Action.start_review: Text("начать рассмотрение", "start the review"),
    Action.request_info: Text("запросить сведения", "request information"),
    Action.approve: Text("одобрить заявление", "approve the application"),
    Action.reject: Text("отказать", "reject the application"),
    Action.reply: Text("ответить на запрос", "reply to a request"),
    Action.appeal: Text("обжаловать отказ", "appeal the refusal"),
    Action.withdraw: Text("отозвать заявление", "withdraw the application"),
    Action.suspend: Text("приостановить рассмотрение", "suspend the application"),
}


def transition_not_allowed(status: ApplicationStatus, action: Action) -> Conflict:
    label, verb = STATUS_LABELS[status], ACTION_LABELS[action]
    return Conflict(
        code="application_transition_not_allowed",
        detail=Text(
            f"Нельзя {verb.ru}: заявление в статусе «{label.ru}»",
            f"Cannot {verb.en}: the application is {label.en.lower()}",
        ),
    )


def appeal_deadline_passed(until: datetime | None) -> Conflict:
    when = f" (до {until:%d.%m.%Y})" if until is not None else ""
    when_en = f" (until {until:%Y-%m-%d})" if until is not None else ""
    return Conflict(
        code="appeal_deadline_passed",
        detail=Text(
            f"Срок обжалования отказа — 30 дней со дня его получения — истёк{when}. "
            "Можно подать новое заявление или обратиться в суд",
            f"The 30 days to appeal the refusal have passed{when_en}. You can file a new "
            "application or go to court",
        ),
    )


def appeal_already_used() -> Conflict:
    return Conflict(
        code="appeal_already_used",
        detail=Text(
            "Отказ по этому заявлению уже обжаловался. При несогласии с решением можно "
            "подать новое заявление или обратиться в суд",
            "The refusal of this application has already been appealed. You can file a new "
            "application or go to court",
        ),
    )


@dataclass(frozen=True, slots=True)
class Step:
    action: Action
    status_from: ApplicationStatus
    status_to: ApplicationStatus
    at: datetime


def check(application: Application, action: Action, *, at: datetime) -> Rule:
    """The rule for ``action`` from the application's status (409 when not allowed)."""
    rule = TRANSITIONS[action]
    if application.status not in rule.sources:
        raise transition_not_allowed(application.status, action)
    if action == Action.appeal:
        if application.appealed_at is not None:
            raise appeal_already_used()
        if application.appeal_until is None or at > application.appeal_until:
            raise appeal_deadline_passed(application.appeal_until)
    return rule


def apply(application: Application, action: Action, *, at: datetime, tz: str) -> Step:
    """Move the application by ``action`` at ``at`` and set its deadlines.

    ``tz`` is the school's time zone (deadlines are counted in working days there)."""
    rule = check(application, action, at=at)
    source = application.status
    application.status = rule.target
    application.due_at = _due_at(application, source, rule.target, at, tz)
    if rule.target == S.submitted:
        application.submitted_at = at
    if rule.target in (S.approved, S.rejected):
        application.decided_at = at
    if rule.target == S.appealed:
        application.appealed_at = at
    first_refusal = rule.target == S.rejected and application.appealed_at is None
    application.appeal_until = (
        calendar_deadline(at, APPEAL_WINDOW_DAYS, tz) if first_refusal else None
    )
    application.school_reminded_at = None
    return Step(action, source, rule.target, at)


def _due_at(
    application: Application,
    source: ApplicationStatus,
    target: ApplicationStatus,
    at: datetime,
    tz: str,
) -> datetime | None:
    if target == S.under_review and source == S.appealed:
        return application.due_at  # the appeal's 10 working days run on
    if target in (S.submitted, S.under_review):
        return working_deadline(at, SCHOOL_REVIEW_DAYS, tz)
    if target == S.info_requested:
        return working_deadline(at, APPLICANT_REPLY_DAYS, tz)
    if target == S.appealed:
        return working_deadline(at, APPEAL_REVIEW_DAYS, tz)
    return None


class Deadlines(Protocol):
    """What the deadline rules read of an application: an ``Application`` or a view's row."""

    @property
    def status(self) -> ApplicationStatus: ...
    @property
    def due_at(self) -> datetime | None: ...
    @property
    def appeal_until(self) -> datetime | None: ...


def is_overdue(application: Deadlines, now: datetime) -> bool:
    return application.due_at is not None and application.due_at < now


def next_action(
    application: Deadlines, now: datetime
) -> tuple[NextActionCode, datetime | None] | None:
    """What the applicant should do now: (code, deadline) or None when it is not their move."""
    status = application.status
    if status == S.draft:
        return "submit", None
    if status in (S.info_requested, S.suspended):
        return "reply", application.due_at
    if status == S.rejected and application.appeal_until and now <= application.appeal_until:
        return "appeal", application.appeal_until
    return None
