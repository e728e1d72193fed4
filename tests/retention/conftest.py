from __future__ import annotations

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from api.config import Settings
from tests.diary.world import World, build_world


@pytest.fixture
async def world(session: AsyncSession, settings: Settings) -> World:
    return await build_world(session, settings)
