"""Row scoping for applications: the one place that says who sees which application.

* The applicant sees their own applications, drafts included.
* A school administrator sees the school's applications once submitted (never drafts).
* A class teacher (классный руководитель) sees those for the classes they run.

Anybody else's application answers 404. The rules are written once over SQL expressions
for the caller: values from a ``Principal`` on the ORM path, the caller CTE's columns in a
single statement (``statements.py``, ``as_caller``).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, any_, false, or_, select, true

from api.applications.models import Application, ApplicationStatus
from api.diary.structure.models import ClassTeacher
from api.identity.deps import Principal
from api.identity.models import Role
from api.statements import k

REVIEW_ROLES = (Role.school_admin, Role.class_teacher)


@dataclass(frozen=True, slots=True)
class Viewer:
    """Who reads, as SQL: the account, its school, and whether it administers the school or
    runs classes in it."""

    account_id: uuid.UUID | ColumnElement[Any]
    school_id: uuid.UUID | ColumnElement[Any] | None
    school_admin: ColumnElement[bool]
    class_teacher: ColumnElement[bool]


def as_principal(principal: Principal) -> Viewer:
    return Viewer(
        account_id=principal.account_id,
        school_id=principal.school_id,
        school_admin=true() if Role.school_admin in principal.roles else false(),
        class_teacher=true() if Role.class_teacher in principal.roles else false(),
    )


def as_caller(caller: Any) -> Viewer:
    """The caller CTE of a single statement (``api.identity.statements.caller_cte``)."""
    return Viewer(
        account_id=caller.c.account_id,
        school_id=caller.c.school_id,
        school_admin=caller.c.is_admin,
        class_teacher=k(Role.class_teacher) == any_(caller.c.roles),
    )


def applicant_sees(viewer: Viewer) -> ColumnElement[bool]:
    return Application.applicant_id == viewer.account_id


def staff_sees(viewer: Viewer) -> ColumnElement[bool]:
    if viewer.school_id is None:
        return false()
    submitted = and_(
        Application.school_id == viewer.school_id,
        Application.status != ApplicationStatus.draft,
    )
    own_classes = select(ClassTeacher.class_id).where(ClassTeacher.teacher_id == viewer.account_id)
    return and_(
        submitted,
        or_(
            viewer.school_admin,
            and_(viewer.class_teacher, Application.class_id.in_(own_classes)),
        ),
    )


def readable(viewer: Viewer) -> ColumnElement[bool]:
    """Applications the caller may read: their own and, for staff, their school's."""
    return or_(applicant_sees(viewer), staff_sees(viewer))


def readable_applications(principal: Principal) -> Select[Application]:
    return select(Application).where(readable(as_principal(principal)))


def reviewable_applications(principal: Principal) -> Select[Application]:
    """Applications the caller may decide on as school staff."""
    return select(Application).where(staff_sees(as_principal(principal)))


def own_applications(principal: Principal) -> Select[Application]:
    return select(Application).where(applicant_sees(as_principal(principal)))


def is_reviewer(principal: Principal) -> bool:
    return reviews(principal.roles, principal.school_id)


def reviews(roles: Iterable[Role], school_id: uuid.UUID | None) -> bool:
    """Whether an account with ``roles`` at ``school_id`` reviews applications at all."""
    return school_id is not None and not set(REVIEW_ROLES).isdisjoint(roles)
