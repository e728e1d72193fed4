"""``GET /students/{id}/saved-reports`` as one statement (``saved_statements``) answers what
the ORM list answered (``_reference`` below: the route's former code) — the saver's own
reports of a student they see, newest first, paged — and 404 for a student they do not
see."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

from httpx import AsyncClient
from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from api.diary.schemas import Page
from api.reports import saved
from api.reports.models import SavedReport
from api.reports.schemas import SavedReportOut
from tests.diary.world import World
from tests.reports.journal import put_grade
from tests.reports.test_reports import d
from tests.reports.test_saved_reports import save


async def _reference(
    session: AsyncSession,
    saver_id: uuid.UUID,
    student_id: uuid.UUID,
    *,
    limit: int = 20,
    offset: int = 0,
) -> dict[str, Any]:
    session.expire_all()
    where = (SavedReport.student_id == student_id, SavedReport.created_by == saver_id)
    total = await session.scalar(select(func.count()).select_from(SavedReport).where(*where))
    rows = await session.scalars(
        select(SavedReport)
        .where(*where)
        .order_by(SavedReport.created_at.desc(), SavedReport.id.desc())
        .limit(limit)
        .offset(offset)
    )
    page = Page[SavedReportOut](
        items=[saved.out(r) for r in rows], total=total or 0, limit=limit, offset=offset
    )
    return page.model_dump(mode="json", by_alias=True)


async def test_the_list_reads_as_the_orm_list(
    client: AsyncClient, session: AsyncSession, world: World
) -> None:
    await put_grade(session, world, world.pupil, world.algebra, d(10), 5)
    await put_grade(session, world, world.pupil, world.algebra, d(11), 4)
    first = await save(client, world, "Первый")
    second = await save(client, world, "Второй")
    third = await save(client, world, "Третий")
    # Two saved in the same instant: the later id first.
    moment = await session.scalar(
        select(SavedReport.created_at).where(SavedReport.id == uuid.UUID(str(third["id"])))
    )
    assert moment is not None
    await session.execute(
        update(SavedReport)
        .where(SavedReport.id.in_([uuid.UUID(str(first["id"])), uuid.UUID(str(second["id"]))]))
        .values(created_at=moment - timedelta(hours=1))
    )
    await session.commit()
    parent_id, pupil_id = world.parent.id, world.pupil.id

    whole = await client.get(
        f"/api/v1/students/{pupil_id}/saved-reports", headers=world.parent.headers
    )
    middle = await client.get(
        f"/api/v1/students/{pupil_id}/saved-reports",
        params={"limit": 1, "offset": 1},
        headers=world.parent.headers,
    )

    assert whole.status_code == 200, whole.text
    assert whole.json() == await _reference(session, parent_id, pupil_id)
    assert middle.json() == await _reference(session, parent_id, pupil_id, limit=1, offset=1)
    items = whole.json()["items"]
    assert items[0]["id"] == third["id"]
    assert [i["id"] for i in items[1:]] == sorted(
        [str(first["id"]), str(second["id"])], reverse=True
    )
    assert items[0]["report"] == third["report"]
    assert items[0]["created_at"].endswith("Z")
    assert "." not in items[0]["created_at"]


async def test_whoever_sees_the_student_lists_only_their_own_reports(
    client: AsyncClient, world: World
) -> None:
    await save(client, world, "Родителя")

    teacher = await client.get(
        f"/api/v1/students/{world.pupil.id}/saved-reports", headers=world.class_teacher.headers
    )
    stranger = await client.get(
        f"/api/v1/students/{world.pupil.id}/saved-reports", headers=world.other_parent.headers
    )
    foreign = await client.get(
        f"/api/v1/students/{world.pupil.id}/saved-reports", headers=world.foreign_admin.headers
    )
    missing = await client.get(
        f"/api/v1/students/{uuid.uuid4()}/saved-reports", headers=world.parent.headers
    )

    assert teacher.status_code == 200, teacher.text
    assert teacher.json() == {"items": [], "total": 0, "limit": 20, "offset": 0}
    for answer in (stranger, foreign, missing):
        assert answer.status_code == 404, answer.text
        assert answer.json()["code"] == "student_not_found"
