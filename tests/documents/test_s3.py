"""``EDUDIARY_DOCUMENT_STORE=s3`` against a real S3-protocol server on this machine (moto's
HTTP server, speaking the S3 REST API to the same aiobotocore client production uses)."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Iterator

import pytest
from httpx import ASGITransport, AsyncClient
from moto.server import ThreadedMotoServer
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from api.config import Settings
from api.documents.models import DocumentBlob
from api.documents.s3 import S3DocumentStorage
from api.documents.storage import BlobMissing, key_for
from api.main import create_app
from tests.factories import make_person

URL = "/api/v1/me/documents"
PDF = b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"


@pytest.fixture(scope="module")
def s3_endpoint() -> Iterator[str]:
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
async def s3_settings(data_settings: Settings, s3_endpoint: str) -> Settings:
    settings = data_settings.model_copy(
        update={
            "document_store": "s3",
            "s3_endpoint_url": s3_endpoint,
            "s3_bucket": f"edudiary-{uuid.uuid4().hex[:12]}",
            "s3_access_key_id": "test",
            "s3_secret_access_key": "test",
        }
    )
    async with S3DocumentStorage(settings)._client() as client:
        await client.create_bucket(Bucket=settings.s3_bucket or "")
    return settings


@pytest.fixture
async def s3_client(
    s3_settings: Settings, sessionmaker: async_sessionmaker[AsyncSession]
) -> AsyncIterator[AsyncClient]:
    app = create_app(s3_settings, manage_database=False)
    app.state.sessionmaker = sessionmaker
    transport = ASGITransport(app=app, raise_app_exceptions=False)
    async with AsyncClient(transport=transport, base_url="http://testserver") as client:
        yield client


async def _objects(settings: Settings) -> dict[str, bytes]:
    store = S3DocumentStorage(settings)
    async with store._client() as client:
        listed = await client.list_objects_v2(Bucket=store.bucket)
        found: dict[str, bytes] = {}
        for item in listed.get("Contents", []):
            answer = await client.get_object(Bucket=store.bucket, Key=item["Key"])
            async with answer["Body"] as body:
                found[item["Key"]] = await body.read()
        return found


async def test_upload_download_delete_through_the_object_store(
    s3_client: AsyncClient, session: AsyncSession, s3_settings: Settings
) -> None:
    parent = await make_person(session, s3_settings)
    answer = await s3_client.post(
        URL,
        data={"kind": "other"},
        files={"file": ("a.pdf", PDF, "application/pdf")},
        headers=parent.headers,
    )
    assert answer.status_code == 201, answer.text
    document_id = uuid.UUID(answer.json()["id"])

    [(name, blob)] = (await _objects(s3_settings)).items()
    assert name == f"documents/{key_for(document_id)}"
    assert PDF not in blob  # encrypted before it leaves
    assert PDF[:16] not in blob
    assert await session.scalar(select(func.count()).select_from(DocumentBlob)) == 0

    content = await s3_client.get(f"{URL}/{document_id}/content", headers=parent.headers)
    assert content.status_code == 200
    assert content.content == PDF

    assert (
        await s3_client.delete(f"{URL}/{document_id}", headers=parent.headers)
    ).status_code == 204
    assert await _objects(s3_settings) == {}


async def test_a_missing_object_is_blob_missing(s3_settings: Settings) -> None:
    with pytest.raises(BlobMissing):
        await S3DocumentStorage(s3_settings).get(uuid.uuid4().hex)


def test_s3_needs_a_bucket(data_settings: Settings) -> None:
    with pytest.raises(ValueError, match="EDUDIARY_S3_BUCKET"):
        Settings.model_validate({**data_settings.model_dump(), "document_store": "s3"})
