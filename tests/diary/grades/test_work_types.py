"""A school's work types: the defaults until the school changes them, its own after."""

from __future__ import annotations

import pytest
from httpx import AsyncClient
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.config import Settings
from api.diary.grades.models import WorkType
from tests.diary.world import World, build_world


@pytest.fixture
async def world(session: AsyncSession, settings: Settings) -> World:
    return await build_world(session, settings)


async def test_a_new_school_reads_the_default_work_types_without_storing_them(
    client: AsyncClient, session: AsyncSession, world: World
) -> None:
    response = await client.get("/api/v1/work-types", headers=world.teacher.headers)

    assert response.status_code == 200, response.text
    assert response.json() == [
        {"code": "answer", "name": "Ответ на уроке", "weight": 1.0, "is_default": True},
        {"code": "exam", "name": "Итоговая контрольная работа", "weight": 3.0, "is_default": False},
        {"code": "homework", "name": "Домашняя работа", "weight": 1.0, "is_default": False},
        {
            "code": "independent",
            "name": "Самостоятельная работа",
            "weight": 1.5,
            "is_default": False,
        },
        {"code": "test", "name": "Контрольная работа", "weight": 2.0, "is_default": False},
    ]
    stored = await session.scalar(
        select(func.count()).select_from(WorkType).where(WorkType.school_id == world.school.id)
    )
    assert stored == 0


async def test_the_schools_own_work_types_replace_the_defaults(
    client: AsyncClient, world: World
) -> None:
    added = await client.put(
        "/api/v1/work-types/project",
        json={"name": "Проект", "weight": 2.5, "is_default": True},
        headers=world.admin.headers,
    )
    response = await client.get("/api/v1/work-types", headers=world.teacher.headers)

    assert added.status_code == 200, added.text
    listed = {w["code"]: (w["weight"], w["is_default"]) for w in response.json()}
    assert listed == {
        "answer": (1.0, False),
        "exam": (3.0, False),
        "homework": (1.0, False),
        "independent": (1.5, False),
        "project": (2.5, True),
        "test": (2.0, False),
    }


async def test_families_may_not_read_work_types(client: AsyncClient, world: World) -> None:
    response = await client.get("/api/v1/work-types", headers=world.parent.headers)

    assert response.status_code == 403
    assert response.json()["code"] == "role_required"
