"""edudiary seed-demo: the sample register and the demo schools, idempotently."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.config import Settings
from api.demo import seed as demo_seed
from api.schools import service
from api.schools.demo import DEMO_SCHOOLS, SAMPLE_REGISTER
from api.schools.models import School, SchoolClass


async def _counts(session: AsyncSession) -> tuple[int, int]:
    schools = await session.scalar(select(func.count()).select_from(School))
    classes = await session.scalar(select(func.count()).select_from(SchoolClass))
    return schools or 0, classes or 0


async def test_seed_demo_loads_the_register_and_demo_schools_once(session: AsyncSession) -> None:
    before = await _counts(session)

    first = await demo_seed.seed(session)
    after_first = await _counts(session)
    second = await demo_seed.seed(session)
    after_second = await _counts(session)

    sample_rows = len(SAMPLE_REGISTER.read_text(encoding="utf-8").splitlines()) - 1
    assert after_first[0] - before[0] == sample_rows + len(DEMO_SCHOOLS)
    assert after_first[1] - before[1] == 3 * 33
    assert after_second == after_first
    assert first.as_json() == second.as_json()
    roles = {account["role"] for account in first.as_json()["accounts"]}
    assert {"parent", "teacher", "school_admin"} <= roles
    zones = [school["timezone"] for school in first.as_json()["schools"]]
    assert zones == ["Europe/Moscow", "Asia/Yekaterinburg", "Asia/Vladivostok"]
    assert second.log[0] == "Реестр школ (образец): добавлено школ — 0"

    for entry in first.schools:
        school = await session.get(School, uuid.UUID(entry["id"]))
        assert school is not None
        assert school.connected
        names = [c.name for c in await service.list_classes(session, school)]
        assert names[:3] == ["1-А", "1-Б", "1-В"]
        assert names[-1] == "11-В"
        assert len(names) == 33


def test_seed_demo_refuses_outside_development_and_test(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(
        demo_seed, "get_settings", lambda: Settings.model_construct(env="production")
    )

    assert demo_seed.seed_demo(as_json=True) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert "только в режиме разработки или тестов" in err
