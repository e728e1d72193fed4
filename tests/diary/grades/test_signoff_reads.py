"""Signed records read as single statements (``signoff_statements``) answer what the ORM
reads answer: a class's list as the former ``list_for_class`` (``_reference_list`` below),
one record as ``signoff.read`` (still the PDF's read) — whole for the class's staff, the
child's excerpt for a family, 404 for anyone else."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from httpx import AsyncClient
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.diary.grades import signoff
from api.diary.grades.signoff_models import SignedRecord
from api.diary.grades.signoff_schemas import SignedRecordOut
from api.diary.schemas import Page
from tests.diary.grades.test_signoff import close_term, signed
from tests.diary.world import World, principal_of
from tests.factories import Person
from tests.reports.journal import put_grade


async def _reference_list(
    session: AsyncSession,
    class_id: uuid.UUID,
    *,
    subject_id: uuid.UUID | None = None,
    limit: int = 20,
    offset: int = 0,
) -> dict[str, Any]:
    query = select(SignedRecord).where(SignedRecord.class_id == class_id)
    if subject_id is not None:
        query = query.where(SignedRecord.subject_id == subject_id)
    total = await session.scalar(select(func.count()).select_from(query.subquery()))
    records = list(
        await session.scalars(
            query.order_by(SignedRecord.signed_at.desc(), SignedRecord.id)
            .limit(limit)
            .offset(offset)
        )
    )
    rows = await session.execute(
        select(SignedRecord.corrects_id, SignedRecord.id).where(
            SignedRecord.corrects_id.in_([r.id for r in records])
        )
    )
    corrections = {row.corrects_id: row.id for row in rows}
    items = [signoff.record_out(r, corrections.get(r.id)) for r in records]
    page = Page[SignedRecordOut](items=items, total=total or 0, limit=limit, offset=offset)
    return page.model_dump(mode="json")


async def _reference_one(
    session: AsyncSession, person: Person, record_id: uuid.UUID
) -> dict[str, Any]:
    return (await signoff.read(session, principal_of(person), record_id)).model_dump(mode="json")


async def _corrected(client: AsyncClient, session: AsyncSession, world: World) -> None:
    await signed(client, session, world)
    await put_grade(session, world, world.classmate, world.algebra, date(2026, 11, 11), 5, "test")
    answer = await close_term(client, world, correction_reason="Пересдача")
    assert answer.status_code == 200, answer.text


async def test_a_class_list_reads_as_the_orm_list(
    client: AsyncClient, session: AsyncSession, world: World
) -> None:
    await _corrected(client, session, world)
    path = f"/api/v1/classes/{world.class_b.id}/signed-records"

    whole = await client.get(path, headers=world.teacher.headers)
    second = await client.get(path, params={"limit": 1, "offset": 1}, headers=world.admin.headers)
    other_subject = await client.get(
        path, params={"subject_id": str(world.pe.id)}, headers=world.class_teacher.headers
    )

    assert whole.status_code == 200, whole.text
    assert whole.json() == await _reference_list(session, world.class_b.id)
    assert [r["corrected_by"] is None for r in whole.json()["items"]] == [True, False]
    assert second.json() == await _reference_list(session, world.class_b.id, limit=1, offset=1)
    assert other_subject.json() == {"items": [], "total": 0, "limit": 20, "offset": 0}


async def test_a_class_list_is_for_the_class_staff_only(
    client: AsyncClient, session: AsyncSession, world: World
) -> None:
    await signed(client, session, world)
    path = f"/api/v1/classes/{world.class_b.id}/signed-records"

    foreign = await client.get(path, headers=world.foreign_admin.headers)
    other_teacher = await client.get(
        f"/api/v1/classes/{world.class_a.id}/signed-records", headers=world.teacher.headers
    )
    parent = await client.get(path, headers=world.parent.headers)

    assert (foreign.status_code, foreign.json()["code"]) == (404, "class_not_found")
    assert (other_teacher.status_code, other_teacher.json()["code"]) == (404, "class_not_found")
    assert (parent.status_code, parent.json()["code"]) == (403, "role_required")


async def test_one_record_reads_as_the_orm_read_for_each_reader(
    client: AsyncClient, session: AsyncSession, world: World
) -> None:
    await _corrected(client, session, world)
    first = await session.scalar(select(SignedRecord).where(SignedRecord.corrects_id.is_(None)))
    assert first is not None
    record_id = first.id
    path = f"/api/v1/signed-records/{record_id}"

    readers = (world.admin, world.class_teacher, world.teacher, world.other_teacher)
    for reader in (*readers, world.parent, world.student):
        answer = await client.get(path, headers=reader.headers)
        assert answer.status_code == 200, answer.text
        assert answer.json() == await _reference_one(session, reader, record_id)
    parent = (await client.get(path, headers=world.parent.headers)).json()
    assert parent["excerpt"] is True
    assert parent["corrected_by"] is not None
    assert [g["student_id"] for g in parent["document"]["grades"]] == [str(world.pupil.id)]

    for stranger in (world.other_parent, world.foreign_admin):
        refused = await client.get(path, headers=stranger.headers)
        assert refused.status_code == 404, stranger
        assert refused.json()["code"] == "signed_record_not_found"
    missing = await client.get(
        f"/api/v1/signed-records/{uuid.uuid4()}", headers=world.admin.headers
    )
    assert missing.status_code == 404
