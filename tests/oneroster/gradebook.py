"""Helpers of the gradebook tests: a platform that also writes, grades put in by the
teacher, the ids the contract derives."""

from __future__ import annotations

import uuid
from typing import Any

from httpx import AsyncClient, Response
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from api.diary.grades import service as grades_service
from api.diary.grades.models import WorkType
from api.oneroster.service import GRADEBOOK_DELETE, GRADEBOOK_READ, GRADEBOOK_WRITE
from tests.diary.world import MONDAY, World, lesson_on
from tests.oneroster.conftest import GRADEBOOK, Platform, platform, v5

ALL_GRADEBOOK = [GRADEBOOK_READ, GRADEBOOK_WRITE, GRADEBOOK_DELETE]


class Writer(Platform):
    async def book(self, path: str, **params: Any) -> Response:
        return await self.http.get(GRADEBOOK + path, params=params, headers=self.auth)

    async def put(self, path: str, body: dict[str, Any]) -> Response:
        return await self.http.put(GRADEBOOK + path, json=body, headers=self.auth)

    async def delete(self, path: str) -> Response:
        return await self.http.delete(GRADEBOOK + path, headers=self.auth)

    @property
    def auth(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


async def writer(client: AsyncClient, world: World, scopes: list[str] | None = None) -> Writer:
    made = await platform(client, world, scopes or ALL_GRADEBOOK)
    return Writer(made.http, made.token)


def scheduled(world: World, *, pe: bool = False, school_class: Any = None) -> str:
    subject = world.pe if pe else world.algebra
    return v5(f"class:{(school_class or world.class_b).id}:{subject.id}")


async def work_type_id(session: AsyncSession, world: World, code: str) -> uuid.UUID:
    found = await session.scalar(
        select(WorkType.id).where(WorkType.school_id == world.school.id, WorkType.code == code)
    )
    assert found is not None
    return found


async def ensure_work_types(session: AsyncSession, world: World) -> None:
    """The school's default work types (created on the first grade otherwise)."""
    await grades_service.ensure_work_types(session, world.school.id)
    await session.commit()


async def teacher_grades(
    client: AsyncClient, world: World, items: list[dict[str, Any]]
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    lesson = await lesson_on(client, world.teacher, MONDAY)
    answer = await client.post(
        f"/api/v1/lessons/{lesson['id']}/grades", json=items, headers=world.teacher.headers
    )
    assert answer.status_code == 201, answer.text
    grades: list[dict[str, Any]] = answer.json()
    return lesson, grades


def line_item_body(world: World, category: uuid.UUID, **overrides: Any) -> dict[str, Any]:
    item: dict[str, Any] = {
        "title": "Тест «Квадратные уравнения»",
        "assignDate": "2026-11-09T08:30:00Z",
        "dueDate": "2026-11-16T20:00:00Z",
        "class": {"sourcedId": scheduled(world)},
        "category": {"sourcedId": str(category)},
        "resultValueMin": 0,
        "resultValueMax": 100,
    }
    item.update(overrides)
    return {"lineItem": item}


def result_body(line_item: str, student: Any, **overrides: Any) -> dict[str, Any]:
    result: dict[str, Any] = {
        "lineItem": {"sourcedId": line_item},
        "student": {"sourcedId": str(student)},
        "score": 92,
        "scoreStatus": "fully graded",
        "scoreDate": "2026-11-10",
        "comment": "Решено 23 из 25",
    }
    result.update(overrides)
    return {"result": result}
