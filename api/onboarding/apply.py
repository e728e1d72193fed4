"""Writing a plan: bulk inserts and updates in the caller's transaction (all or nothing)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import and_, delete, insert, or_, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession

from api.diary.structure.models import (
    AcademicYear,
    ClassTeacher,
    Guardianship,
    Student,
    Subject,
    TeachingAssignment,
    Term,
)
from api.identity.models import Account
from api.onboarding.models import RosterLink
from api.onboarding.plan import Plan
from api.schools.models import SchoolClass

_BATCH = 1000


async def _insert(session: AsyncSession, model: Any, rows: Sequence[dict[str, Any]]) -> None:
    for start in range(0, len(rows), _BATCH):
        await session.execute(insert(model), list(rows[start : start + _BATCH]))


async def _update(session: AsyncSession, model: Any, rows: Sequence[dict[str, Any]]) -> None:
    # Rows with the same keys go together: one executemany per shape.
    shapes: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    for row in rows:
        shapes.setdefault(tuple(sorted(row)), []).append(row)
    for group in shapes.values():
        await session.execute(update(model), group)


async def apply_plan(
    session: AsyncSession, school_id: uuid.UUID, plan: Plan, now: datetime
) -> None:
    await _insert(session, AcademicYear, plan.years)
    await _insert(session, Term, plan.terms)
    await _insert(session, SchoolClass, plan.classes)
    await _update(session, SchoolClass, plan.class_updates)
    await _insert(session, Subject, plan.subjects)
    await _insert(session, Account, plan.accounts)
    await _update(session, Account, [{**row, "updated_at": now} for row in plan.account_updates])
    await _insert(session, Student, plan.students)
    await _update(session, Student, [{**row, "updated_at": now} for row in plan.student_updates])
    for ids, archived_at in ((plan.archived_students, now), (plan.restored_students, None)):
        if ids:
            await session.execute(
                update(Student)
                .where(Student.id.in_(ids))
                .values(archived_at=archived_at, updated_at=now)
            )
    if plan.guardianships:
        await session.execute(
            pg_insert(Guardianship).on_conflict_do_nothing(
                index_elements=["account_id", "student_id"]
            ),
            plan.guardianships,
        )
    if plan.assignments:
        await session.execute(
            pg_insert(TeachingAssignment).on_conflict_do_nothing(
                index_elements=["teacher_id", "class_id", "subject_id"]
            ),
            [{"id": uuid.uuid4(), **row} for row in plan.assignments],
        )
    await _update(
        session, TeachingAssignment, [{**row, "updated_at": now} for row in plan.assignment_updates]
    )
    if plan.dropped_assignments:
        await session.execute(
            delete(TeachingAssignment).where(
                TeachingAssignment.school_id == school_id,
                or_(
                    *(
                        and_(
                            TeachingAssignment.teacher_id == t,
                            TeachingAssignment.class_id == c,
                            TeachingAssignment.subject_id == s,
                        )
                        for t, c, s in plan.dropped_assignments
                    )
                ),
            )
        )
    for class_id, teacher_id in plan.class_teachers.items():
        await session.execute(
            pg_insert(ClassTeacher)
            .values(class_id=class_id, teacher_id=teacher_id)
            .on_conflict_do_update(index_elements=["class_id"], set_={"teacher_id": teacher_id})
        )
    links = [
        {
            "school_id": school_id,
            "entity": entity,
            "external_id": ext,
            "object_id": object_id,
            "archived_at": now if archived else None,
            "updated_at": now,
        }
        for (entity, ext), (object_id, archived) in plan.links.items()
    ]
    for start in range(0, len(links), _BATCH):
        stmt = pg_insert(RosterLink)
        await session.execute(
            stmt.on_conflict_do_update(
                index_elements=["school_id", "entity", "external_id"],
                set_={
                    "object_id": stmt.excluded.object_id,
                    "archived_at": stmt.excluded.archived_at,
                    "updated_at": stmt.excluded.updated_at,
                },
            ),
            links[start : start + _BATCH],
        )
    await session.flush()
