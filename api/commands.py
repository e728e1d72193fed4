"""Plumbing for ``edudiary`` subcommands that work on the database.

A command uses the same database as ``serve``: ``DATABASE_URL``, else the embedded server
in ``EDUDIARY_DATA_DIR`` (joined while ``serve`` runs there, started and migrated otherwise).
The work runs in one transaction, committed at the end unless ``commit`` is false.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import TypeVar

from sqlalchemy.ext.asyncio import AsyncSession

from api import embedded
from api.config import Settings
from api.db import create_engine, create_sessionmaker

T = TypeVar("T")


def run_in_transaction(
    settings: Settings, work: Callable[[AsyncSession], Awaitable[T]], *, commit: bool = True
) -> T:
    from api.main import resolve_database_url

    url = resolve_database_url(settings)

    async def run() -> T:
        engine = create_engine(url, settings)
        try:
            async with create_sessionmaker(engine)() as session:
                result = await work(session)
                if commit:
                    await session.commit()
                else:
                    await session.rollback()
                return result
        finally:
            await engine.dispose()

    try:
        return asyncio.run(run())
    finally:
        if settings.embedded:
            embedded.stop()
