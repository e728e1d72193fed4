"""``EDUDIARY_DATABASE_POOLER=transaction``: the settings PgBouncer in transaction mode
needs (the real PgBouncer runs in ``make scale-check``, tests/scale)."""

from __future__ import annotations

import pytest
from pydantic import ValidationError
from sqlalchemy import text

from api.config import Settings
from api.db import create_engine, create_hot_pool


def pooled(settings: Settings) -> Settings:
    return settings.model_copy(
        update={"database_pooler": "transaction", "database_direct_url": settings.database_url}
    )


def test_a_pooler_needs_a_direct_url_for_listen_and_jobs() -> None:
    with pytest.raises(ValidationError, match="DATABASE_DIRECT_URL"):
        Settings(env="test", database_url="postgresql://x@pooler/db", database_pooler="transaction")
    direct = "postgresql://x@primary/db"
    ok = Settings(
        env="test",
        database_url="postgresql://x@pooler/db",
        database_pooler="transaction",
        database_direct_url=direct,
    )
    assert ok.pooled
    assert ok.direct_url("postgresql://x@pooler/db") == direct
    # Without a pooler, LISTEN and the jobs use DATABASE_URL (or the embedded server's).
    plain = Settings(env="test", database_url="postgresql://x@primary/db")
    assert not plain.pooled
    assert plain.direct_url("postgresql://x@primary/db") == "postgresql://x@primary/db"


async def test_behind_a_pooler_nothing_is_prepared_by_name(
    settings: Settings, database_url: str
) -> None:
    """Named statements live on one server connection; PgBouncer 1.18 hands the next
    transaction any. Nor is ``plan_cache_mode`` a startup parameter PgBouncer accepts."""
    for config, cached, plan_mode in (
        (settings, True, "force_generic_plan"),
        (pooled(settings), False, "auto"),
    ):
        pool = await create_hot_pool(database_url, config)
        try:
            async with pool.acquire() as connection:
                assert await connection.fetchval("SHOW plan_cache_mode") == plan_mode
                await connection.fetchval("SELECT 1")
                # asyncpg names and keeps a statement only with its cache on.
                assert (len(connection._stmt_cache) > 0) is cached  # type: ignore[attr-defined]
        finally:
            await pool.close()
        engine = create_engine(database_url, config)
        try:
            async with engine.connect() as conn:
                await conn.execute(text("SELECT 1"))
                raw = await conn.get_raw_connection()
                adapter = raw.dbapi_connection
                # SQLAlchemy keeps prepared statements of its own, named by asyncpg when
                # asyncpg's cache is on.
                assert (adapter._prepared_statement_cache is not None) is cached  # type: ignore[union-attr]
                assert raw.driver_connection._stmt_cache_enabled is cached  # type: ignore[union-attr]
        finally:
            await engine.dispose()
