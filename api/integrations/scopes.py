"""The scopes a client may be granted (contract §3); unknown scopes are refused (422/400)."""

from __future__ import annotations

_OR = "https://purl.imsglobal.org/spec/or/v1p2/scope/"

SCHEDULE_READ = "edudiary:schedule.readonly"

SCOPES: tuple[str, ...] = (
    f"{_OR}roster-core.readonly",
    f"{_OR}roster.readonly",
    f"{_OR}roster-demographics.readonly",
    f"{_OR}gradebook.readonly",
    f"{_OR}gradebook.createput",
    f"{_OR}gradebook.delete",
    "edudiary:guardians.readonly",
    "edudiary:webhooks.manage",
    "edudiary:attendance.readonly",
    "edudiary:homework.readonly",
    SCHEDULE_READ,
    "edudiary:applications.readonly",
)
KNOWN = frozenset(SCOPES)
