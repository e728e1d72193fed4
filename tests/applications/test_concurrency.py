"""Enrolment night: ten devices of one family file and submit at the same moment, each on
its own database connection, and all of them end on one application with one number.

These requests really commit (the rolled-back test transaction would serialise them), so
the test cleans up what it made.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from typing import Any

import pytest
from httpx import ASGITransport, AsyncClient
from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine
from sqlalchemy.pool import NullPool

from api.applications.models import Application, ApplicationEvent
from api.config import Settings
from api.db import async_url, create_sessionmaker
from api.identity.models import Account, AccountLevel
from api.main import create_app
from api.schools.models import School
from tests.applications.world import add_child, add_class, make_school
from tests.factories import make_person

DEVICES = 10


@pytest.fixture
async def committing(database_url: str) -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    engine = create_async_engine(async_url(database_url), poolclass=NullPool)
    yield create_sessionmaker(engine)
    await engine.dispose()


async def test_ten_concurrent_submits_converge_on_one_application_and_one_number(
    committing: async_sessionmaker[AsyncSession], data_settings: Settings
) -> None:
    async with committing() as session:
        school = make_school()
        session.add(school)
        await session.flush()
        school_class = await add_class(session, school, 1, "А")
        parent = await make_person(session, data_settings, level=AccountLevel.confirmed)
        await session.commit()
    app = create_app(data_settings, manage_database=False)
    app.state.sessionmaker = committing
    transport = ASGITransport(app=app, raise_app_exceptions=False)
    try:
        async with AsyncClient(transport=transport, base_url="http://testserver") as client:
            child = await add_child(client, parent)
            body = {
                "child_id": child["id"],
                "school_id": str(school.id),
                "class_id": str(school_class.id),
                "contact_phone": "+79161234567",
                "consent": True,
            }

            async def device() -> tuple[Any, Any]:
                created = await client.post(
                    "/api/v1/applications", json=body, headers=parent.headers
                )
                assert created.status_code in (200, 201), created.text
                sent = await client.post(
                    f"/api/v1/applications/{created.json()['id']}/submit",
                    headers=parent.headers,
                )
                return created, sent

            results = await asyncio.gather(*(device() for _ in range(DEVICES)))

        created_codes = sorted(c.status_code for c, _ in results)
        assert created_codes == [200] * (DEVICES - 1) + [201]
        assert {s.status_code for _, s in results} == {200}, [s.text for _, s in results]
        assert len({s.json()["id"] for _, s in results}) == 1
        numbers = {s.json()["number"] for _, s in results}
        assert len(numbers) == 1
        assert numbers.pop().startswith("ЭД-2026-")
        assert {s.json()["message"] for _, s in results} == {"Заявление успешно отправлено"}

        async with committing() as session:
            child_id = uuid.UUID(child["id"])
            count = await session.scalar(
                select(func.count(Application.id)).where(Application.child_id == child_id)
            )
            assert count == 1
            submits = await session.scalar(
                select(func.count(ApplicationEvent.id))
                .join(Application, Application.id == ApplicationEvent.application_id)
                .where(Application.child_id == child_id, ApplicationEvent.action == "submit")
            )
            assert submits == 1
    finally:
        async with committing() as session:
            # Children, applications, history and notifications go with the account.
            await session.execute(delete(Account).where(Account.id == parent.id))
            await session.execute(delete(School).where(School.id == school.id))
            await session.commit()
