"""Twenty families press «Записаться» on one slot at the same moment, each request on its
own database connection: exactly one holds it, the others hear 409 ``slot_taken``.

These requests really commit (the rolled-back test transaction would serialise them), so
the test cleans up what it made."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import pytest
from httpx import ASGITransport, AsyncClient
from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine
from sqlalchemy.pool import NullPool

from api.config import Settings
from api.db import async_url, create_sessionmaker
from api.diary.meetings.models import MeetingSlot
from api.diary.structure.models import Guardianship
from api.identity.models import Account
from api.main import create_app
from api.schools.models import School
from tests.diary.world import build_world, pupil_row
from tests.factories import Person, make_person

FAMILIES = 20


@pytest.fixture
async def committing(database_url: str) -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    engine = create_async_engine(async_url(database_url), poolclass=NullPool)
    yield create_sessionmaker(engine)
    await engine.dispose()


async def test_twenty_concurrent_bookings_of_one_slot_give_exactly_one(
    committing: async_sessionmaker[AsyncSession], settings: Settings
) -> None:
    accounts: list[uuid.UUID] = []
    async with committing() as session:
        world = await build_world(session, settings)
        accounts += [p.id for p in world.people().values()]
        families: list[tuple[Person, uuid.UUID]] = []
        for n in range(FAMILIES):
            parent = await make_person(session, settings, last_name="Родитель", first_name=f"N{n}")
            child = pupil_row(world.school, world.class_b, "Ученик", f"N{n}")
            session.add(child)
            await session.flush()
            session.add(Guardianship(id=uuid.uuid4(), account_id=parent.id, student_id=child.id))
            families.append((parent, child.id))
            accounts.append(parent.id)
        await session.commit()
    schools = [world.school.id, world.other_school.id]
    app = create_app(settings, manage_database=False)
    app.state.sessionmaker = committing
    transport = ASGITransport(app=app, raise_app_exceptions=False)
    soon = datetime.now(UTC) + timedelta(days=2)
    try:
        async with AsyncClient(transport=transport, base_url="http://testserver") as client:
            meeting = await client.post(
                "/api/v1/meetings",
                json={
                    "class_id": str(world.class_b.id),
                    "title": "Встреча",
                    "place": "214",
                    "slots": [
                        {
                            "starts_at": soon.isoformat(),
                            "ends_at": (soon + timedelta(minutes=15)).isoformat(),
                        }
                    ],
                },
                headers=world.class_teacher.headers,
            )
            assert meeting.status_code == 201, meeting.text
            slot = meeting.json()["slots"][0]["id"]
            answers = await asyncio.gather(
                *(
                    client.post(
                        f"/api/v1/meeting-slots/{slot}/booking",
                        json={"student_id": str(child)},
                        headers=parent.headers,
                    )
                    for parent, child in families
                )
            )
        codes = sorted(a.status_code for a in answers)
        assert codes == [201] + [409] * (FAMILIES - 1), [a.text for a in answers]
        assert {a.json()["code"] for a in answers if a.status_code == 409} == {"slot_taken"}
        winner = next(i for i, a in enumerate(answers) if a.status_code == 201)
        async with committing() as session:
            held = (
                await session.execute(
                    select(MeetingSlot.student_id, func.count())
                    .where(MeetingSlot.id == uuid.UUID(slot))
                    .group_by(MeetingSlot.student_id)
                )
            ).all()
            assert held == [(families[winner][1], 1)]
    finally:
        async with committing() as session:
            await session.execute(delete(School).where(School.id.in_(schools)))
            await session.execute(delete(Account).where(Account.id.in_(accounts)))
            await session.commit()
