"""``edudiary documents migrate-storage``: copy document files from the per-host data
directory (where they lived before PostgreSQL) into ``document_blobs``.

Idempotent: a document that already has its blob is skipped, so the command can be run
again after an interruption, or once per host when several hosts kept files of their own.
The files on disk are left in place; remove ``<EDUDIARY_DATA_DIR>/documents`` once every
host has been migrated and ``missing`` is 0.
"""

from __future__ import annotations

import logging
import sys
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from api.commands import run_in_transaction
from api.config import get_settings
from api.documents.models import Document, DocumentBlob
from api.documents.storage import (
    BlobMissing,
    LocalDocumentStorage,
    PostgresDocumentStorage,
    legacy_storage_for,
)

logger = logging.getLogger(__name__)


@dataclass
class MigrationReport:
    copied: int = 0
    missing: int = 0  # rows whose file is not on this host (another host, or lost)


async def copy_from_disk(session: AsyncSession, legacy: LocalDocumentStorage) -> MigrationReport:
    """Copy every blob-less document's file; blobs are already encrypted and copied as is."""
    target = PostgresDocumentStorage(session)
    report = MigrationReport()
    pending = await session.scalars(
        select(Document.storage_key)
        .where(
            ~select(DocumentBlob.document_id)
            .where(DocumentBlob.document_id == Document.id)
            .exists()
        )
        .order_by(Document.id)
    )
    for key in list(pending):
        try:
            blob = await legacy.get(key)
        except BlobMissing:
            report.missing += 1
            continue
        await target.put(key, blob)
        report.copied += 1
    return report


def migrate_storage() -> int:
    settings = get_settings()
    if settings.document_store != "postgres":
        print(
            "Ошибка: перенос выполняется в PostgreSQL, а EDUDIARY_DOCUMENT_STORE="
            f"{settings.document_store}",
            file=sys.stderr,
        )
        return 1

    async def work(session: AsyncSession) -> MigrationReport:
        return await copy_from_disk(session, legacy_storage_for(settings))

    report = run_in_transaction(settings, work)
    print(f"Перенесено в PostgreSQL: {report.copied}; нет файла на этом сервере: {report.missing}")
    return 0
