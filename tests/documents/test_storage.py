"""Documents live in PostgreSQL, not on one host's disk; old files move over idempotently."""

from __future__ import annotations

import shutil
import uuid
from pathlib import Path

from httpx import ASGITransport, AsyncClient
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from api.cli import build_parser
from api.config import Settings
from api.documents.commands import copy_from_disk
from api.documents.models import Document, DocumentBlob, DocumentKind
from api.documents.storage import LocalDocumentStorage, key_for
from api.main import create_app
from api.security.crypto import encrypt_bytes
from tests.factories import make_person

URL = "/api/v1/me/documents"
PDF = b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"


async def test_a_document_uploaded_on_one_host_downloads_on_another(
    client: AsyncClient,
    session: AsyncSession,
    data_settings: Settings,
    sessionmaker: async_sessionmaker[AsyncSession],
    tmp_path: Path,
) -> None:
    parent = await make_person(session, data_settings)
    answer = await client.post(
        URL,
        data={"kind": "other"},
        files={"file": ("a.pdf", PDF, "application/pdf")},
        headers=parent.headers,
    )
    assert answer.status_code == 201, answer.text
    document_id = answer.json()["id"]

    # A second API process with a data directory of its own (another host); it shares
    # only the signing keys, as hosts do through EDUDIARY_JWT_PRIVATE_KEYS.
    other_dir = tmp_path / "other-host"
    shutil.copytree(data_settings.data_dir / "keys", other_dir / "keys")
    other = create_app(
        data_settings.model_copy(update={"data_dir": other_dir}), manage_database=False
    )
    other.state.sessionmaker = sessionmaker
    async with AsyncClient(
        transport=ASGITransport(app=other, raise_app_exceptions=False), base_url="http://testserver"
    ) as elsewhere:
        content = await elsewhere.get(f"{URL}/{document_id}/content", headers=parent.headers)
        assert content.status_code == 200, content.text
        assert content.content == PDF
        # Deleting removes the blob in the same transaction as the row.
        assert (
            await elsewhere.delete(f"{URL}/{document_id}", headers=parent.headers)
        ).status_code == 204
    assert await session.scalar(select(func.count()).select_from(DocumentBlob)) == 0


async def _legacy_document(
    session: AsyncSession, owner_id: uuid.UUID, legacy: LocalDocumentStorage, *, on_disk: bool
) -> Document:
    document = Document(
        id=uuid.uuid4(),
        account_id=owner_id,
        kind=DocumentKind.other,
        content_type="application/pdf",
        size=len(PDF),
    )
    document.storage_key = key_for(document.id)
    session.add(document)
    await session.flush()
    if on_disk:
        await legacy.put(document.storage_key, encrypt_bytes(PDF, aad=f"documents:{document.id}"))
    return document


async def test_migrate_storage_copies_disk_files_once(
    client: AsyncClient, session: AsyncSession, data_settings: Settings
) -> None:
    parent = await make_person(session, data_settings)
    legacy = LocalDocumentStorage(data_settings.data_dir / "documents")
    first = await _legacy_document(session, parent.id, legacy, on_disk=True)
    second = await _legacy_document(session, parent.id, legacy, on_disk=True)
    lost = await _legacy_document(session, parent.id, legacy, on_disk=False)
    await session.commit()

    # Before migrating, the app does not read the disk any more.
    before = await client.get(f"{URL}/{first.id}/content", headers=parent.headers)
    assert before.status_code == 404
    assert before.json()["code"] == "document_content_missing"

    report = await copy_from_disk(session, legacy)
    await session.commit()
    assert (report.copied, report.missing) == (2, 1)
    stored = set(await session.scalars(select(DocumentBlob.document_id)))
    assert stored == {first.id, second.id}
    assert lost.id not in stored

    again = await copy_from_disk(session, legacy)
    await session.commit()
    assert (again.copied, again.missing) == (0, 1)
    assert await session.scalar(select(func.count()).select_from(DocumentBlob)) == 2

    for document in (first, second):
        answer = await client.get(f"{URL}/{document.id}/content", headers=parent.headers)
        assert answer.status_code == 200
        assert answer.content == PDF


def test_migrate_storage_is_an_edudiary_documents_command() -> None:
    args = build_parser().parse_args(["documents", "migrate-storage"])
    assert args.handler.__name__ == "_documents_migrate_storage"
