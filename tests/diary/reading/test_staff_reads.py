"""Staff reads of a child's week diary and grades are audited; family reads are not."""

from __future__ import annotations

import uuid

from httpx import AsyncClient
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from api.audit.models import AuditEvent
from api.diary.structure.models import Guardianship
from tests.diary.world import WEEK, World


async def _events(session: AsyncSession, student_id: uuid.UUID) -> list[tuple[object, ...]]:
    rows = await session.execute(
        select(AuditEvent.actor_id, AuditEvent.action, AuditEvent.object_type, AuditEvent.details)
        .where(AuditEvent.object_id == student_id)
        .order_by(AuditEvent.chain_seq)
    )
    return [tuple(row) for row in rows]


async def test_teacher_and_admin_reads_are_audited(
    client: AsyncClient, session: AsyncSession, world: World
) -> None:
    pupil = world.pupil.id
    diary = await client.get(
        f"/api/v1/students/{pupil}/diary", params={"week": WEEK}, headers=world.teacher.headers
    )
    assert diary.status_code == 200
    grades = await client.get(
        f"/api/v1/students/{pupil}/grades",
        params={"from": "2026-11-24", "to": "2026-11-30"},
        headers=world.admin.headers,
    )
    assert grades.status_code == 200

    assert await _events(session, pupil) == [
        (world.teacher.id, "diary.week.read", "student", {"week": WEEK}),
        (
            world.admin.id,
            "diary.grades.read",
            "student",
            {"from": "2026-11-24", "to": "2026-11-30"},
        ),
    ]


async def test_family_reads_and_refused_reads_are_not_audited(
    client: AsyncClient, session: AsyncSession, world: World
) -> None:
    # A teacher who is also the child's guardian reads as a parent.
    session.add(
        Guardianship(id=uuid.uuid4(), account_id=world.teacher.id, student_id=world.pupil.id)
    )
    await session.commit()
    for person, student in (
        (world.parent, world.pupil.id),
        (world.teacher, world.pupil.id),
        (world.student, world.own.id),
    ):
        for path in ("diary", "grades"):
            answer = await client.get(f"/api/v1/students/{student}/{path}", headers=person.headers)
            assert answer.status_code == 200, (person, path, answer.text)
    refused = await client.get(
        f"/api/v1/students/{world.pupil.id}/diary", headers=world.foreign_admin.headers
    )
    assert refused.status_code == 404

    assert await _events(session, world.pupil.id) == []
    assert await _events(session, world.own.id) == []
