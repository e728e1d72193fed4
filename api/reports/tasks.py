"""The export job (procrastinate), registered in ``api.jobs.runtime``."""

from __future__ import annotations

import logging
import uuid

from procrastinate import Blueprint
from sqlalchemy import update

from api.jobs import runtime
from api.reports import exports
from api.reports.models import ExportStatus, ReportExport

logger = logging.getLogger("edudiary.reports")

tasks = Blueprint()


async def _report(export_id: uuid.UUID, percent: int) -> None:
    """Progress in its own short transaction, so the requester's progress bar moves
    while the export's own transaction is still open."""
    async with runtime.session() as session:
        await session.execute(
            update(ReportExport)
            .where(ReportExport.id == export_id, ReportExport.status.in_(("queued", "running")))
            .values(progress=percent, status=ExportStatus.running.value)
        )
        await session.commit()


@tasks.task(name=exports.TASK, queue=exports.QUEUE, retry=0)
async def render_report_export(export_id: str) -> None:
    """Render one export's file, store it and notify the requester — one transaction."""
    key = uuid.UUID(export_id)

    async def progress(percent: int) -> None:
        await _report(key, percent)

    try:
        async with runtime.session() as session:
            row = await exports.run(
                session, key, fonts=runtime.settings().pdf_font_dir, progress=progress
            )
            await session.commit()
        if row is not None:
            logger.info(
                "report export finished",
                extra={"kind": row.kind, "format": row.format, "status": row.status},
            )
    except Exception as exc:
        logger.exception("report export failed", extra={"error": type(exc).__name__})
        async with runtime.session() as session:
            await exports.fail(session, key)
            await session.commit()
