"""The personal-data copy job (procrastinate), registered in ``api.jobs.runtime``."""

from __future__ import annotations

import logging
import uuid

from procrastinate import Blueprint
from sqlalchemy import update

from api.jobs import runtime
from api.privacy import exports as privacy_exports
from api.reports import exports
from api.reports.models import ExportStatus, ReportExport

logger = logging.getLogger("edudiary.privacy")

tasks = Blueprint()


@tasks.task(name=privacy_exports.TASK, queue=exports.QUEUE, retry=0)
async def render_personal_data_export(export_id: str) -> None:
    """Gather and render one person's copy, store it, tell them — one transaction; the
    progress goes out in short transactions of its own so the progress bar moves."""
    key = uuid.UUID(export_id)

    async def progress(percent: int) -> None:
        async with runtime.session() as session:
            await session.execute(
                update(ReportExport)
                .where(ReportExport.id == key, ReportExport.status.in_(("queued", "running")))
                .values(progress=percent, status=ExportStatus.running.value)
            )
            await session.commit()

    try:
        async with runtime.session() as session:
            row = await privacy_exports.run(
                session, key, fonts=runtime.settings().pdf_font_dir, progress=progress
            )
            await session.commit()
        if row is not None:
            logger.info(
                "personal data export finished",
                extra={"format": row.format, "status": row.status},
            )
    except Exception as exc:
        logger.exception("personal data export failed", extra={"error": type(exc).__name__})
        async with runtime.session() as session:
            await exports.fail(session, key)
            await session.commit()
