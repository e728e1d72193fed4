"""Pupils who left the school, depersonalised once the school's journal period is over.

A pupil leaves when a roster import marks them ``tobedeleted`` (``students.archived_at``;
the family keeps reading the record while the school keeps its journal). The school keeps
the journal for ``schools.journal_keep_years`` (default 5 — its nomenclature; see
docs/personal-data.md, «Выбывшие ученики»), counted from the day the pupil left. After
that the pupil's row is depersonalised the way an erased account is (api.privacy.erasure):

- emptied: last, first and middle name (the row reads «Выбывший ученик»), birth date
  (a placeholder that is never a pupil's: 1 January 1900), the SNILS hash, the school's
  personal number;
- unlinked: the pupil's own account, the guardians' access (guardianships), the child
  rows parents entered that point at the pupil, and the school's external roster id —
  each of them names the person behind the row;
- kept, on the same row: grades, term grades, attendance and every other journal record,
  which the school may still have to keep (term-grade sheets: 25 years), now about
  nobody in particular.

The row itself stays (its id is what the journal and the audit log point at), marked
``depersonalised_at``: a later pass skips it, so the pass is idempotent. The audit log is
not touched — it holds the row's id, never the name — so its hash chain stays whole.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import Select, delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from api.children.models import Child
from api.diary.structure.models import Guardianship, Student
from api.onboarding.models import RosterLink
from api.schools.models import School

RULE = "left_pupils"
DESCRIPTION = (
    "Выбывшие ученики: обезличиваются по истечении срока хранения журнала школы "
    "(по умолчанию 5 лет после выбытия); оценки и посещаемость остаются"
)
LAST_NAME = "Выбывший"
FIRST_NAME = "ученик"
# Never a pupil's birth date (no pupil of a connected school was born in 1900); the
# column stays NOT NULL for every reader of a current pupil's record.
NO_BIRTH_DATE = date(1900, 1, 1)


def _due(now: datetime) -> Select[uuid.UUID]:
    """Ids of pupils who left longer ago than their school's journal period."""
    period = func.make_interval(School.journal_keep_years)  # years
    return (
        select(Student.id)
        .join(School, School.id == Student.school_id)
        .where(
            Student.archived_at.is_not(None),
            Student.depersonalised_at.is_(None),
            Student.archived_at + period < now,
        )
    )


async def count_due(session: AsyncSession, now: datetime) -> int:
    found = await session.scalar(select(func.count()).select_from(_due(now).subquery()))
    return int(found or 0)


async def depersonalise_due(session: AsyncSession, now: datetime) -> int:
    """Depersonalise every pupil due; the caller commits. Returns how many."""
    ids = list(
        await session.scalars(
            select(Student.id)
            .where(Student.id.in_(_due(now)))
            .order_by(Student.id)
            .with_for_update(skip_locked=True)  # a concurrent pass takes the others
        )
    )
    if not ids:
        return 0
    for model, condition in (
        (Guardianship, Guardianship.student_id.in_(ids)),
        (
            RosterLink,
            (RosterLink.entity == "student") & RosterLink.object_id.in_(ids),
        ),
    ):
        await session.execute(
            delete(model).where(condition).execution_options(synchronize_session=False)
        )
    await session.execute(
        update(Child)
        .where(Child.student_id.in_(ids))
        .values(student_id=None)
        .execution_options(synchronize_session=False)
    )
    await session.execute(
        update(Student)
        .where(Student.id.in_(ids))
        .values(
            last_name=LAST_NAME,
            first_name=FIRST_NAME,
            middle_name=None,
            birth_date=NO_BIRTH_DATE,
            snils_hash=None,
            student_number=None,
            account_id=None,
            depersonalised_at=now,
            updated_at=now,
        )
        .execution_options(synchronize_session=False)
    )
    return len(ids)
