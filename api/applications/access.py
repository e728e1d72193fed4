"""Row scoping for applications: the one place that says who sees which application.

* The applicant sees their own applications, drafts included.
* A school administrator sees the school's applications once submitted (never drafts).
* A class teacher (классный руководитель) sees those for the classes they run.

Anybody else's application answers 404.
"""

from __future__ import annotations

import uuid

from sqlalchemy import ColumnElement, Select, and_, false, or_, select

from api.applications.models import Application, ApplicationStatus
from api.diary.structure.models import ClassTeacher
from api.identity.deps import Principal
from api.identity.models import Role

REVIEW_ROLES = (Role.school_admin, Role.class_teacher)


def _staff_condition(principal: Principal) -> ColumnElement[bool]:
    if principal.school_id is None:
        return false()
    submitted = and_(
        Application.school_id == principal.school_id,
        Application.status != ApplicationStatus.draft,
    )
    conditions: list[ColumnElement[bool]] = []
    if Role.school_admin in principal.roles:
        conditions.append(submitted)
    if Role.class_teacher in principal.roles:
        own_classes = select(ClassTeacher.class_id).where(
            ClassTeacher.teacher_id == principal.account_id
        )
        conditions.append(and_(submitted, Application.class_id.in_(own_classes)))
    return or_(*conditions) if conditions else false()


def readable_applications(principal: Principal) -> Select[Application]:
    """Applications the caller may read: their own and, for staff, their school's."""
    return select(Application).where(
        or_(Application.applicant_id == principal.account_id, _staff_condition(principal))
    )


def reviewable_applications(principal: Principal) -> Select[Application]:
    """Applications the caller may decide on as school staff."""
    return select(Application).where(_staff_condition(principal))


def own_applications(principal: Principal) -> Select[Application]:
    return select(Application).where(Application.applicant_id == principal.account_id)


def school_queue(principal: Principal, school_id: uuid.UUID) -> Select[Application]:
    """The school's review queue as the caller may see it (empty for another school)."""
    return reviewable_applications(principal).where(Application.school_id == school_id)


def is_reviewer(principal: Principal) -> bool:
    return principal.school_id is not None and principal.has_any(*REVIEW_ROLES)
