from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

import pytest
from httpx import AsyncClient
from sqlalchemy.ext.asyncio import AsyncSession

from api.config import Settings
from api.identity.models import AccountLevel, Role
from api.onboarding import service
from api.schools.models import School
from tests.diary.world import make_school
from tests.factories import Person, make_person


@dataclass
class Onboarding:
    school: School
    admin: Person
    client: AsyncClient
    session: AsyncSession

    async def upload(
        self, content: bytes, *, mode: str = "apply", name: str = "roster.zip"
    ) -> dict[str, Any]:
        answer = await self.client.post(
            f"/api/v1/schools/{self.school.id}/imports",
            files={"file": (name, content, "application/octet-stream")},
            data={"mode": mode},
            headers=self.admin.headers,
        )
        assert answer.status_code == 202, answer.text
        return await self.run(uuid.UUID(answer.json()["id"]))

    async def run(self, import_id: uuid.UUID) -> dict[str, Any]:
        """What the job does, here in the test's transaction."""
        await service.run(self.session, import_id)
        await self.session.commit()
        answer = await self.client.get(f"/api/v1/imports/{import_id}", headers=self.admin.headers)
        assert answer.status_code == 200, answer.text
        body: dict[str, Any] = answer.json()
        return body

    async def errors(self, import_id: object) -> list[dict[str, Any]]:
        answer = await self.client.get(
            f"/api/v1/imports/{import_id}/errors?limit=200", headers=self.admin.headers
        )
        assert answer.status_code == 200, answer.text
        items: list[dict[str, Any]] = answer.json()["items"]
        return items


async def new_school(client: AsyncClient, session: AsyncSession, settings: Settings) -> Onboarding:
    school = make_school("Europe/Moscow", f"Школа {uuid.uuid4().hex[:6]}")
    session.add(school)
    await session.flush()
    admin = await make_person(
        session, settings, roles=(Role.school_admin,), level=AccountLevel.confirmed,
        last_name="Кузнецов", first_name="Павел",
    )  # fmt: skip
    admin.account.school_id = school.id
    await session.commit()
    return Onboarding(school, admin, client, session)


@pytest.fixture
async def onboarding(client: AsyncClient, session: AsyncSession, settings: Settings) -> Onboarding:
    return await new_school(client, session, settings)
