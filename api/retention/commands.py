"""``edudiary retention run [--dry-run]``: one retention pass now, with what it removed."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from api.commands import run_in_transaction
from api.config import get_settings
from api.retention import pupils, service
from api.retention.policy import RULES


def run(*, dry_run: bool) -> int:
    async def work(session: AsyncSession) -> dict[str, int]:
        return await service.run(session, datetime.now(UTC), dry_run=dry_run)

    counts = run_in_transaction(get_settings(), work, commit=not dry_run)
    verb = "Будет удалено" if dry_run else "Удалено"
    for rule in RULES:
        print(f"{verb}: {counts[rule.name]:>6}  {rule.name} — {rule.description}")
    erasures, described = service.ERASURES, service.ERASURES_DESCRIPTION
    print(f"{verb}: {counts[erasures]:>6}  {erasures} — {described}")
    verb_pupils = "Будет обезличено" if dry_run else "Обезличено"
    print(f"{verb_pupils}: {counts[pupils.RULE]:>6}  {pupils.RULE} — {pupils.DESCRIPTION}")
    print(f"Всего: {sum(counts.values())}")
    return 0
