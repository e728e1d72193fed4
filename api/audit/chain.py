"""``edudiary audit verify``: recompute the audit log's hash chain (migration 0014).

Each row's ``chain_hash`` is ``sha256(previous row's chain_hash || audit_event_content(row))``
and ``chain_seq`` counts 1, 2, 3 … without gaps. An edited row no longer matches its own
hash; a deleted row leaves a gap in ``chain_seq`` (and its successor's hash no longer
matches). Recomputation happens in PostgreSQL with the same function the trigger uses, so
there is one definition of the canonical content.

What a chain cannot show is rows cut off its end: keep the head that ``verify`` prints
(position and hash) somewhere else, e.g. in the monitoring system, and compare.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from api.commands import run_in_transaction
from api.config import get_settings

_RECOMPUTE = text(
    """
    SELECT e.chain_seq, e.id,
           lag(e.chain_seq) OVER w AS previous_seq,
           e.chain_hash = sha256(
               coalesce(lag(e.chain_hash) OVER w, ''::bytea) || audit_event_content(e)
           ) AS intact,
           encode(e.chain_hash, 'hex') AS hash
      FROM audit_events e
    WINDOW w AS (ORDER BY e.chain_seq)
     ORDER BY e.chain_seq
    """
)


@dataclass
class ChainReport:
    rows: int = 0
    head_seq: int = 0
    head_hash: str = ""
    problems: list[str] = field(default_factory=list)

    @property
    def intact(self) -> bool:
        return not self.problems


async def verify_chain(session: AsyncSession) -> ChainReport:
    report = ChainReport()
    result = await session.stream(_RECOMPUTE)
    async for seq, event_id, previous_seq, intact, digest in result:
        report.rows += 1
        report.head_seq, report.head_hash = seq, digest
        expected = (previous_seq or 0) + 1
        if seq != expected:
            # The successor of a deleted row also fails its hash; the gap says why.
            missing = f"№ {expected}" if seq == expected + 1 else f"№ {expected}–{seq - 1}"
            report.problems.append(f"удалены записи {missing} (перед записью id={event_id})")
        elif not intact:
            report.problems.append(f"запись id={event_id} (№ {seq}) изменена")
    return report


def verify() -> int:
    """Exit 0 when the chain is intact, 1 naming each edited or missing row."""

    async def work(session: AsyncSession) -> ChainReport:
        return await verify_chain(session)

    report = run_in_transaction(get_settings(), work, commit=False)
    if not report.intact:
        for problem in report.problems:
            print(f"Нарушена цепочка журнала аудита: {problem}", file=sys.stderr)
        return 1
    print(
        f"Журнал аудита цел. Записей: {report.rows}; последняя № {report.head_seq}, "
        f"хеш {report.head_hash}"
    )
    return 0
