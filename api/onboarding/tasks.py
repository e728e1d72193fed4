"""The import job (procrastinate), registered in ``api.jobs.runtime``."""

from __future__ import annotations

import logging
import uuid

from procrastinate import Blueprint
from sqlalchemy import update

from api.jobs import runtime
from api.onboarding import service
from api.onboarding.models import ImportStatus, RosterImport

logger = logging.getLogger("edudiary.onboarding")

tasks = Blueprint()


async def _report(import_id: uuid.UUID, percent: int) -> None:
    """Progress in its own short transaction, so the school admin sees it while the
    import's own transaction is still open."""
    async with runtime.session() as session:
        await session.execute(
            update(RosterImport)
            .where(RosterImport.id == import_id)
            .values(progress=percent, status=ImportStatus.running.value)
        )
        await session.commit()


@tasks.task(name=service.TASK, queue="default", retry=0)
async def import_roster(import_id: str) -> None:
    """Check a roster file and, in apply mode, write it — all in one transaction."""
    key = uuid.UUID(import_id)

    async def progress(percent: int) -> None:
        await _report(key, percent)

    try:
        async with runtime.session() as session:
            row = await service.run(session, key, progress=progress)
            await session.commit()
        logger.info(
            "roster import finished", extra={"status": row.status, "errors": row.error_count}
        )
    except Exception as exc:
        logger.exception("roster import failed", extra={"error": type(exc).__name__})
        async with runtime.session() as session:
            await session.execute(
                update(RosterImport)
                .where(RosterImport.id == key)
                .values(
                    status=ImportStatus.failed.value,
                    progress=100,
                    failure_code="import_failed",
                    failure_message=(
                        "Не удалось обработать файл: попробуйте ещё раз или напишите в поддержку"
                    ),
                )
            )
            await session.commit()
