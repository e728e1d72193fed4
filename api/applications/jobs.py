"""The periodic work of applications: suspend unanswered requests, remind late schools.

Both take ``now`` so tests run them with a frozen clock; the procrastinate tasks in
``tasks.py`` call them with ``clock.now()`` and commit.
"""

from __future__ import annotations

import uuid
from collections import Counter
from datetime import datetime, timedelta

from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.applications import history, notices, workflow
from api.applications.models import Application, ApplicationStatus
from api.identity.models import Account, AccountStatus, Role
from api.notifications import service as notifications
from api.schools.models import School

S = ApplicationStatus
BATCH = 500
# A school hears about each overdue application at most once a day.
REMIND_EVERY = timedelta(hours=20)
AWAITING_SCHOOL = (S.submitted, S.under_review, S.appealed)


async def suspend_overdue(session: AsyncSession, now: datetime) -> int:
    """info_requested past its deadline (3 working days) → suspended, with a notification."""
    rows = (
        await session.execute(
            select(Application, School.timezone)
            .join(School, School.id == Application.school_id)
            .where(Application.status == S.info_requested, Application.due_at < now)
            .order_by(Application.due_at)
            .limit(BATCH)
            .with_for_update(of=Application, skip_locked=True)
        )
    ).all()
    for application, tz in rows:
        await history.transition(
            session, application, workflow.Action.suspend, principal=None, at=now, tz=tz
        )
    return len(rows)


async def remind_overdue_reviews(session: AsyncSession, now: datetime) -> int:
    """Tell each school's administrators how many applications are past the school's
    deadline; returns the number of notifications written."""
    rows = list(
        await session.scalars(
            select(Application)
            .where(
                Application.status.in_(AWAITING_SCHOOL),
                Application.due_at < now,
                or_(
                    Application.school_reminded_at.is_(None),
                    Application.school_reminded_at < now - REMIND_EVERY,
                ),
            )
            .limit(BATCH * 10)
            .with_for_update(skip_locked=True)
        )
    )
    per_school: Counter[uuid.UUID] = Counter()
    for application in rows:
        assert application.school_id is not None
        per_school[application.school_id] += 1
        application.school_reminded_at = now
    if not per_school:
        return 0
    admins = (
        await session.execute(
            select(Account.id, Account.school_id).where(
                Account.school_id.in_(list(per_school)),
                Account.status == AccountStatus.active,
                Account.roles.contains([Role.school_admin.value]),
            )
        )
    ).all()
    deliveries = [
        (account_id, notices.school_overdue(school_id, per_school[school_id]))
        for account_id, school_id in admins
        if school_id is not None
    ]
    await notifications.notify(session, deliveries)
    await session.flush()
    return len(deliveries)
