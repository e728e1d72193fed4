"""Enqueue a job inside the caller's transaction.

procrastinate's own ``defer_async`` uses its own connection, so a job could run for a change
that was later rolled back, or be lost after one that committed. Calling its SQL function
through our session makes the job part of the same transaction: both happen or neither.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

NAMESPACE = "edudiary"

_DEFER = text(
    "SELECT unnest(procrastinate_defer_jobs_v1(ARRAY[ROW("
    ":queue, :task, :priority, :lock, :queueing_lock, CAST(:args AS jsonb), :scheduled_at"
    ")::procrastinate_job_to_defer_v1])) AS id"
)


async def defer(
    session: AsyncSession,
    task_name: str,
    args: dict[str, Any],
    *,
    queue: str = "default",
    lock: str | None = None,
    queueing_lock: str | None = None,
    scheduled_at: datetime | None = None,
    priority: int = 0,
) -> int:
    """Enqueue ``task_name`` (without the namespace) with JSON ``args``; returns the job id."""
    result = await session.execute(
        _DEFER,
        {
            "queue": queue,
            "task": f"{NAMESPACE}:{task_name}",
            "priority": priority,
            "lock": lock,
            "queueing_lock": queueing_lock,
            "args": json.dumps(args),
            "scheduled_at": scheduled_at,
        },
    )
    return int(result.scalar_one())
