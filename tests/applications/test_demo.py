"""seed-demo: the demo parent gets one submitted application, so the school's queue is not
empty; running it again changes nothing."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.applications.demo import seed_demo_application
from api.applications.models import Application, ApplicationStatus
from api.config import Settings
from api.demo.seed import STEPS, DemoData
from api.diary import demo as diary_demo
from api.identity.models import AccountLevel
from api.schools import demo as schools_demo
from tests.factories import make_person


async def test_the_demo_parent_has_a_submitted_application_once(
    session: AsyncSession, settings: Settings
) -> None:
    # It files for the demo parent the diary step created.
    assert STEPS.index(seed_demo_application) > STEPS.index(diary_demo.seed_diary)
    parent = await make_person(session, settings, level=AccountLevel.confirmed)
    data = DemoData(accounts=[{"role": "parent", "login": parent.account.phone}])
    for school, _ in await schools_demo.seed_demo_schools(session):
        data.schools.append({"id": str(school.id), "short_name": school.short_name})

    await seed_demo_application(session, data)
    await seed_demo_application(session, data)

    rows = list(
        await session.scalars(select(Application).where(Application.applicant_id == parent.id))
    )
    assert len(rows) == 1
    assert rows[0].status == ApplicationStatus.submitted
    assert rows[0].number is not None
    assert data.log[0] == data.log[1]
    assert data.log[0].startswith(f"Заявление (демо) {rows[0].number}: Ева Смирнова")


async def test_without_a_demo_parent_the_step_says_so(session: AsyncSession) -> None:
    data = DemoData()
    before = await session.scalar(select(func.count(Application.id)))
    await seed_demo_application(session, data)
    assert data.log == ["Заявления (демо): нет демо-родителя или демо-школы — шаг пропущен"]
    assert await session.scalar(select(func.count(Application.id))) == before
