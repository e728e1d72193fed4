"""Where encrypted document blobs live: a PostgreSQL table, written in the request's own
transaction.

Documents are small (≤ 5 MB), so keeping them in the database costs little and buys a lot:
every API process on every host sees the same files, they share the database's backups
and replicas, and a scan is stored if and only if its row is (a rolled-back upload leaves
no orphan file, a deleted row takes its blob with it). ``EDUDIARY_DOCUMENT_STORE=s3`` puts
them in an object store instead (``api.documents.s3``). ``LocalDocumentStorage`` — the
earlier per-host directory — stays only as the source of ``edudiary documents
migrate-storage``.

Blobs arrive already encrypted (``encrypt_bytes`` with ``aad="documents:<id>"``), so a
storage backend never sees a plaintext scan and a blob copied onto another document's
key does not decrypt.
"""

from __future__ import annotations

import asyncio
import os
import re
import uuid
from pathlib import Path
from typing import Protocol

from sqlalchemy import delete, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute

from api.config import Settings
from api.documents.models import DocumentBlob


class BlobMissing(Exception):
    """The row exists but its blob does not (lost, or removed by an interrupted delete)."""


class DocumentStorage(Protocol):
    async def put(self, key: str, blob: bytes) -> None: ...

    async def get(self, key: str) -> bytes: ...

    async def delete(self, key: str) -> None: ...


_KEY = re.compile(r"^[0-9a-f]{32}$")


def key_for(document_id: uuid.UUID) -> str:
    return document_id.hex


def checked_key(key: str) -> str:
    if _KEY.fullmatch(key) is None:  # keys are ours, but never let one escape its place
        raise ValueError("invalid storage key")
    return key


class LocalDocumentStorage:
    """``<root>/<2 hex>/<key>``, files 0600 in 0700 directories, written atomically."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def _path(self, key: str) -> Path:
        return self.root / key[:2] / checked_key(key)

    def _put(self, key: str, blob: bytes) -> None:
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        tmp = path.with_name(f".{key}.{os.getpid()}.tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(blob)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, path)
        finally:
            tmp.unlink(missing_ok=True)

    def _get(self, key: str) -> bytes:
        try:
            return self._path(key).read_bytes()
        except FileNotFoundError:
            raise BlobMissing(key) from None

    def _delete(self, key: str) -> None:
        self._path(key).unlink(missing_ok=True)

    async def put(self, key: str, blob: bytes) -> None:
        await asyncio.to_thread(self._put, key, blob)

    async def get(self, key: str) -> bytes:
        return await asyncio.to_thread(self._get, key)

    async def delete(self, key: str) -> None:
        await asyncio.to_thread(self._delete, key)


class PostgresBlobStorage:
    """Blobs in a table of (uuid key, bytes), keyed by the owning row's id and written in
    the caller's transaction: documents here, message attachments in ``api.messaging``."""

    def __init__(
        self,
        session: AsyncSession,
        key: InstrumentedAttribute[uuid.UUID],
        content: InstrumentedAttribute[bytes],
    ) -> None:
        self.session = session
        self.key = key
        self.content = content

    @staticmethod
    def _id(key: str) -> uuid.UUID:
        return uuid.UUID(hex=checked_key(key))

    async def put(self, key: str, blob: bytes) -> None:
        # Idempotent, so ``migrate-storage`` can be run again after an interruption.
        await self.session.execute(
            insert(self.key.class_)
            .values({self.key.key: self._id(key), self.content.key: blob})
            .on_conflict_do_nothing(index_elements=[self.key])
        )

    async def get(self, key: str) -> bytes:
        blob = await self.session.scalar(select(self.content).where(self.key == self._id(key)))
        if blob is None:
            raise BlobMissing(key)
        return blob

    async def has(self, key: str) -> bool:
        found = await self.session.scalar(select(self.key).where(self.key == self._id(key)))
        return found is not None

    async def delete(self, key: str) -> None:
        # The owning row's foreign key (ON DELETE CASCADE) already removes it with the
        # row; explicit so the storage contract holds on its own.
        await self.session.execute(delete(self.key.class_).where(self.key == self._id(key)))


class PostgresDocumentStorage(PostgresBlobStorage):
    """``document_blobs`` rows keyed by the document's id, in the caller's transaction."""

    def __init__(self, session: AsyncSession) -> None:
        super().__init__(session, DocumentBlob.document_id, DocumentBlob.content)


def legacy_storage_for(settings: Settings) -> LocalDocumentStorage:
    """The per-host directory documents lived in before they moved into PostgreSQL."""
    return LocalDocumentStorage(settings.data_dir / "documents")


def storage_for(settings: Settings, session: AsyncSession) -> DocumentStorage:
    if settings.document_store == "s3":
        from api.documents.s3 import S3DocumentStorage  # the S3 client loads only when used

        return S3DocumentStorage(settings)
    return PostgresDocumentStorage(session)
