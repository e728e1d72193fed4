"""An S3-compatible object store for document blobs (``EDUDIARY_DOCUMENT_STORE=s3``).

Through aiobotocore: asynchronous, the botocore request signing and retries every S3
client relies on, maintained by aio-libs (s3fs builds on it); aioboto3 only wraps it, and
MinIO's SDK is synchronous. Unlike the PostgreSQL store this one is not transactional:
the object is written before the request commits (a rolled-back upload leaves an
unreferenced, encrypted object) and removed before it commits (a failed commit leaves a
row answering ``document_content_missing``), as the former disk store did.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING

from aiobotocore.session import get_session
from botocore.exceptions import ClientError

from api.config import Settings
from api.documents.storage import BlobMissing, checked_key

if TYPE_CHECKING:
    from types_aiobotocore_s3 import S3Client

PREFIX = "documents/"


class S3DocumentStorage:
    def __init__(self, settings: Settings) -> None:
        assert settings.s3_bucket is not None  # Settings refuses s3 without a bucket
        self.bucket = settings.s3_bucket
        self.settings = settings

    @asynccontextmanager
    async def _client(self) -> AsyncIterator[S3Client]:
        settings = self.settings
        async with get_session().create_client(
            "s3",
            region_name=settings.s3_region,
            endpoint_url=settings.s3_endpoint_url,
            aws_access_key_id=settings.s3_access_key_id,
            aws_secret_access_key=settings.s3_secret_access_key,
        ) as client:
            yield client

    def _name(self, key: str) -> str:
        return PREFIX + checked_key(key)

    async def put(self, key: str, blob: bytes) -> None:
        async with self._client() as client:
            await client.put_object(Bucket=self.bucket, Key=self._name(key), Body=blob)

    async def get(self, key: str) -> bytes:
        async with self._client() as client:
            try:
                answer = await client.get_object(Bucket=self.bucket, Key=self._name(key))
            except ClientError as error:
                if error.response.get("Error", {}).get("Code") in ("NoSuchKey", "404"):
                    raise BlobMissing(key) from None
                raise
            async with answer["Body"] as body:
                blob: bytes = await body.read()  # ≤ 5 MB plus the cipher's few bytes
                return blob

    async def delete(self, key: str) -> None:
        async with self._client() as client:
            await client.delete_object(Bucket=self.bucket, Key=self._name(key))
