"""``edudiary seed-demo [--json]``: idempotent demo data, in development and test only.

Demo data is a list of steps; each adds what it owns and records what a developer needs
to know (accounts to log in with, schools) in ``DemoData``. Running the steps again
changes nothing. Features add their steps to ``STEPS`` (accounts, timetables, grades...).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from api.applications import demo as applications_demo
from api.commands import run_in_transaction
from api.config import get_settings
from api.diary import demo as diary_demo
from api.messaging import demo as messaging_demo
from api.schools import demo as schools_demo


@dataclass(slots=True)
class DemoData:
    # {"role", "login", "password", "school_id"?, "student_ids"?} (ARCHITECTURE §8)
    accounts: list[dict[str, Any]] = field(default_factory=list)
    schools: list[dict[str, Any]] = field(default_factory=list)
    log: list[str] = field(default_factory=list)  # one Russian line per step, for people

    def as_json(self) -> dict[str, Any]:
        return {"accounts": self.accounts, "schools": self.schools}


SeedStep = Callable[[AsyncSession, DemoData], Awaitable[None]]


async def _sample_register(session: AsyncSession, data: DemoData) -> None:
    added = await schools_demo.seed_sample_register(session)
    data.log.append(f"Реестр школ (образец): добавлено школ — {added}")


async def _demo_schools(session: AsyncSession, data: DemoData) -> None:
    for school, added in await schools_demo.seed_demo_schools(session):
        data.schools.append(
            {"id": str(school.id), "short_name": school.short_name, "timezone": school.timezone}
        )
        data.log.append(
            f"Демо-школа «{school.short_name}» ({school.timezone}): добавлено классов — {added}"
        )


# The applications and messages steps come last: they need the demo people and schools.
STEPS: list[SeedStep] = [
    _sample_register,
    _demo_schools,
    diary_demo.seed_diary,
    applications_demo.seed_demo_application,
    messaging_demo.seed_demo_messages,
]


async def seed(session: AsyncSession) -> DemoData:
    """Run every step in the caller's transaction."""
    data = DemoData()
    for step in STEPS:
        await step(session, data)
    return data


def seed_demo(*, as_json: bool = False) -> int:
    settings = get_settings()
    if settings.env not in ("development", "test"):
        print(
            "Демо-данные загружаются только в режиме разработки или тестов: "
            "задайте EDUDIARY_ENV=development или EDUDIARY_ENV=test",
            file=sys.stderr,
        )
        return 1
    data = run_in_transaction(settings, seed)
    if as_json:
        print(json.dumps(data.as_json(), ensure_ascii=False, indent=2))
    else:
        print("\n".join(["Демо-данные загружены:", *(f"  {line}" for line in data.log)]))
    return 0
