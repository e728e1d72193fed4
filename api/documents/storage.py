"""Where encrypted document blobs live. Local directory now; S3-compatible later.

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

from api.config import Settings


class BlobMissing(Exception):
    """The row exists but its blob does not (lost, or removed by an interrupted delete)."""


class DocumentStorage(Protocol):
    async def put(self, key: str, blob: bytes) -> None: ...

    async def get(self, key: str) -> bytes: ...

    async def delete(self, key: str) -> None: ...


_KEY = re.compile(r"^[0-9a-f]{32}$")


def key_for(document_id: uuid.UUID) -> str:
    return document_id.hex


class LocalDocumentStorage:
    """``<root>/<2 hex>/<key>``, files 0600 in 0700 directories, written atomically."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def _path(self, key: str) -> Path:
        if _KEY.fullmatch(key) is None:  # keys are ours, but never let one escape root
            raise ValueError("invalid storage key")
        return self.root / key[:2] / key

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


def storage_for(settings: Settings) -> DocumentStorage:
    return LocalDocumentStorage(settings.data_dir / "documents")
