"""A copy of everything held about the caller (ст. 14 152-ФЗ), as an export job.

It is a row of ``report_exports`` (kind ``personal_data``, no school): status, progress,
the file, «only the requester, 7 days» and the retention pass are the reports' own
(``GET /api/v1/exports/{id}`` and ``/file``). This module only asks for it and renders
it: JSON exactly as gathered by ``api.privacy.collect``, PDF laid out from the same JSON.
"""

from __future__ import annotations

import asyncio
import json
import uuid
from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncSession

from api.applications.notices import ru_date
from api.audit import service as audit
from api.errors import AppError, NotFound
from api.i18n import Text
from api.identity import clock
from api.identity.deps import Principal
from api.identity.models import Account
from api.jobs.defer import defer
from api.notifications import service as notifications
from api.privacy import collect
from api.privacy.document import lay_out
from api.reports import exports
from api.reports.files.document import file_name
from api.reports.files.fonts import FontMissing
from api.reports.files.render import CONTENT_TYPES, render
from api.reports.models import ExportStatus, ReportExport

TASK = "render_personal_data_export"
KIND = "personal_data"


async def create(session: AsyncSession, principal: Principal, file_format: str) -> ReportExport:
    """Queue the copy for the caller themself; an integration client has no person."""
    if principal.is_client:
        raise NotFound(code="export_not_found", detail=Text("Такой выгрузки нет", "No such export"))
    now = clock.now()
    row = ReportExport(
        id=uuid.uuid4(),
        requested_by=principal.account_id,
        school_id=None,
        kind=KIND,
        format=file_format,
        params={},
        status=ExportStatus.queued.value,
        progress=0,
        created_at=now,
        expires_at=now + exports.KEEP,
    )
    session.add(row)
    await session.flush()
    await audit.record(
        session, principal, "personal_data.export_requested", "account", principal.account_id,
        {"export_id": row.id, "format": file_format},
    )  # fmt: skip
    await defer(session, TASK, {"export_id": str(row.id)}, queue=exports.QUEUE)
    return row


def _render(data: dict[str, object], file_format: str, fonts: Path) -> tuple[str, bytes]:
    if file_format == "json":
        stem = lay_out(data).file_stem
        body = json.dumps(data, ensure_ascii=False, indent=2).encode()
        return file_name(stem, "json"), body
    return render(lay_out(data), file_format, fonts=fonts)


async def run(
    session: AsyncSession,
    export_id: uuid.UUID,
    *,
    fonts: Path,
    progress: exports.Progress = exports.no_progress,
) -> ReportExport | None:
    """Gather, render and store the copy, and tell the person; the caller commits."""
    row = await session.get(ReportExport, export_id)
    if row is None or row.kind != KIND:
        return None
    if row.status in (ExportStatus.done.value, ExportStatus.failed.value):
        return row
    await progress(5)
    account = await session.get(Account, row.requested_by)
    try:
        if await exports.requester(session, row.requested_by) is None or account is None:
            raise exports.not_found()
        data = await collect.gather(session, account, clock.now())
        await progress(50)
        name, content = await asyncio.to_thread(_render, data, row.format, fonts)
        await progress(90)
    except AppError as problem:
        return await exports.record_failure(
            session, row, problem.code, (problem.detail or problem.title).ru
        )
    except FontMissing:
        return await exports.record_failure(
            session,
            row,
            "export_pdf_fonts_missing",
            "PDF сейчас не формируется: на сервере нет шрифтов. Скачайте JSON "
            "или напишите в поддержку",
        )
    await exports.storage(session).put(row.id.hex, content)
    finished = clock.now()
    row.status = ExportStatus.done.value
    row.progress = 100
    row.file_name = name
    row.content_type = CONTENT_TYPES[row.format]
    row.size = len(content)
    row.finished_at = finished
    row.expires_at = finished + exports.KEEP
    await notifications.notify(
        session,
        [
            (
                row.requested_by,
                notifications.Message(
                    kind=notifications.Kind.export,
                    title="Файл готов: мои персональные данные",
                    body=(
                        f"Файл «{name}» можно скачать до {ru_date(row.expires_at.date())} "
                        "в разделе «Мои данные» профиля."
                    ),
                    link=f"/exports/{row.id}",
                ),
            )
        ],
    )
    await session.flush()
    return row
