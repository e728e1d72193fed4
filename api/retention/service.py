"""One retention pass: every rule's expired rows deleted (or only counted, on a dry run),
the erasures whose grace period is over carried out, pupils who left longer ago than their
school's journal period depersonalised, one log line with the counts, one audit row in
the same transaction."""

from __future__ import annotations

import logging
from datetime import datetime

from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.audit import service as audit
from api.privacy import erasure
from api.retention import pupils
from api.retention.policy import RULES

logger = logging.getLogger("edudiary.retention")
ERASURES = "account_erasures"
ERASURES_DESCRIPTION = (
    "Учётные записи, чьи владельцы запросили удаление: через 14 дней после запроса"
)


async def run(session: AsyncSession, now: datetime, *, dry_run: bool = False) -> dict[str, int]:
    """Counts per rule name. The caller commits (a dry run changes nothing to commit)."""
    counts: dict[str, int] = {}
    for rule in RULES:
        condition = rule.expired(now)
        if dry_run:
            found = await session.scalar(
                select(func.count()).select_from(rule.model).where(condition)
            )
            counts[rule.name] = int(found or 0)
        else:
            result = await session.execute(
                delete(rule.model).where(condition).execution_options(synchronize_session=False)
            )
            counts[rule.name] = int(getattr(result, "rowcount", 0) or 0)
    # Accounts whose owners asked for erasure (api.privacy.erasure), after the grace period
    # counted on this pass's clock — the one the scheduler or the CLI hands in.
    if dry_run:
        counts[ERASURES] = await erasure.count_due(session, now)
    else:
        counts[ERASURES] = await erasure.execute_due(session, now)
    # Pupils who left longer ago than their school keeps its journal: depersonalised, not
    # deleted (the journal rows stay on them) — api.retention.pupils.
    if dry_run:
        counts[pupils.RULE] = await pupils.count_due(session, now)
    else:
        counts[pupils.RULE] = await pupils.depersonalise_due(session, now)
    total = sum(counts.values())
    logger.info(
        "retention dry run" if dry_run else "retention removed rows",
        extra={"removed": counts, "total": total, "dry_run": dry_run},
    )
    if not dry_run:
        await audit.record(session, None, "retention.purged", "retention", None, counts)
    return counts
