"""Scans: type by content, 5 MB while streaming, 300 dpi, encrypted at rest, owner-only."""

from __future__ import annotations

import io
import logging
import struct
import uuid
import zlib
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from httpx import AsyncClient, Response
from PIL import Image
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.audit.models import AuditEvent
from api.config import Settings
from api.documents.models import Document, DocumentBlob
from api.documents.upload import MAX_FILE_SIZE
from api.identity.models import AccountLevel
from tests.factories import Person, child_body, make_operator, make_person

URL = "/api/v1/me/documents"


def image(fmt: str, dpi: int | None, size: tuple[int, int] = (64, 48)) -> bytes:
    buffer = io.BytesIO()
    picture = Image.new("RGB", size, (200, 30, 30))
    options = {"dpi": (dpi, dpi)} if dpi else {}
    picture.save(buffer, fmt, **options)
    return buffer.getvalue()


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_bomb(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims ``width`` x ``height`` pixels."""
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    dpi = struct.pack(">IIB", 11811, 11811, 1)
    pixels = zlib.compress(b"\x00" * 64)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"pHYs", dpi)
        + _chunk(b"IDAT", pixels)
        + _chunk(b"IEND", b"")
    )


PDF = b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"


async def upload(
    client: AsyncClient,
    person: Person,
    data: bytes,
    *,
    kind: str = "passport",
    filename: str = "scan.jpg",
    content_type: str = "image/jpeg",
    extra: dict[str, str] | None = None,
) -> Response:
    return await client.post(
        URL,
        data={"kind": kind, **(extra or {})},
        files={"file": (filename, data, content_type)},
        headers=person.headers,
    )


def stored_files(root: Path) -> list[Path]:
    directory = root / "documents"
    return [p for p in directory.rglob("*") if p.is_file()] if directory.exists() else []


async def stored_blobs(session: AsyncSession) -> list[bytes]:
    return list(await session.scalars(select(DocumentBlob.content)))


async def _count(session: AsyncSession) -> int:
    return int(await session.scalar(select(func.count(Document.id))) or 0)


@pytest.mark.parametrize(("fmt", "content_type"), [("JPEG", "image/jpeg"), ("PNG", "image/png")])
async def test_a_300_dpi_scan_is_stored_encrypted(
    client: AsyncClient,
    session: AsyncSession,
    data_settings: Settings,
    fmt: str,
    content_type: str,
) -> None:
    parent = await make_person(session, data_settings)
    data = image(fmt, 300)

    answer = await upload(client, parent, data, filename="Иванова паспорт.jpg")

    assert answer.status_code == 201, answer.text
    body = answer.json()
    assert body["kind"] == "passport"
    assert body["content_type"] == content_type
    assert body["size"] == len(data)
    assert body["dpi"] == 300
    assert body["status"] == "uploaded"
    row = await session.get(Document, uuid.UUID(body["id"]))
    assert row is not None
    assert row.account_id == parent.id
    assert stored_files(data_settings.data_dir) == []  # nothing on this host's disk
    [blob] = await stored_blobs(session)
    assert data not in blob
    assert data[:16] not in blob
    assert data[-32:] not in blob


async def test_pdf_is_accepted_without_dpi(
    client: AsyncClient, session: AsyncSession, data_settings: Settings
) -> None:
    parent = await make_person(session, data_settings)
    answer = await upload(
        client, parent, PDF, kind="snils", filename="snils.pdf", content_type="application/pdf"
    )
    assert answer.status_code == 201, answer.text
    assert answer.json()["content_type"] == "application/pdf"
    assert answer.json()["dpi"] is None
    broken = await upload(
        client, parent, PDF[:-7], filename="x.pdf", content_type="application/pdf"
    )
    assert broken.status_code == 422
    assert broken.json()["code"] == "document_pdf_invalid"


async def test_low_resolution_scan_is_refused_with_the_seed_rule(
    client: AsyncClient, session: AsyncSession, data_settings: Settings
) -> None:
    parent = await make_person(session, data_settings)
    answer = await upload(client, parent, image("JPEG", 150))
    assert answer.status_code == 422
    problem = answer.json()
    assert problem["code"] == "document_dpi_too_low"
    assert problem["detail"] == (
        "Разрешение скана ниже 300 dpi: отсканируйте документ заново с разрешением не менее 300 dpi"
    )
    assert problem["errors"][0]["field"] == "file"
    assert await _count(session) == 0
    assert await stored_blobs(session) == []


async def test_image_without_resolution_is_refused_clearly(
    client: AsyncClient, session: AsyncSession, data_settings: Settings
) -> None:
    parent = await make_person(session, data_settings)
    for data in (image("JPEG", None), image("PNG", None)):
        answer = await upload(client, parent, data)
        assert answer.status_code == 422
        assert answer.json()["code"] == "document_dpi_missing"
        assert "не указано разрешение" in answer.json()["detail"]


async def test_screenshots_for_support_need_no_scan_resolution(
    client: AsyncClient, session: AsyncSession, data_settings: Settings
) -> None:
    parent = await make_person(session, data_settings)

    answer = await upload(
        client,
        parent,
        image("PNG", None),
        kind="other",
        filename="screen.png",
        content_type="image/png",
    )

    assert answer.status_code == 201
    assert answer.json()["kind"] == "other"
    assert answer.json()["dpi"] is None


async def test_magic_bytes_win_over_the_name_and_content_type(
    client: AsyncClient, session: AsyncSession, data_settings: Settings
) -> None:
    parent = await make_person(session, data_settings)
    answer = await upload(
        client, parent, image("PNG", 300), filename="passport.pdf", content_type="application/pdf"
    )
    assert answer.status_code == 201
    assert answer.json()["content_type"] == "image/png"


@pytest.mark.parametrize(
    "data",
    [b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 200, b"#!/bin/sh\necho hello\n", b"just text"],
)
async def test_an_executable_or_text_named_jpg_is_unsupported(
    client: AsyncClient, session: AsyncSession, data_settings: Settings, data: bytes
) -> None:
    parent = await make_person(session, data_settings)
    answer = await upload(client, parent, data, filename="photo.jpg", content_type="image/jpeg")
    assert answer.status_code == 415
    assert answer.headers["content-type"] == "application/problem+json"
    assert answer.json()["code"] == "document_type_unsupported"
    assert await _count(session) == 0


async def test_one_byte_over_5_mb_is_refused_and_nothing_is_kept(
    client: AsyncClient, session: AsyncSession, data_settings: Settings
) -> None:
    parent = await make_person(session, data_settings)
    data = image("JPEG", 300)
    data += b"\x00" * (MAX_FILE_SIZE + 1 - len(data))

    answer = await upload(client, parent, data)

    assert answer.status_code == 413
    assert answer.json()["code"] == "document_too_large"
    assert await _count(session) == 0
    assert await stored_blobs(session) == []


async def test_size_limit_holds_while_streaming_without_content_length(
    client: AsyncClient, session: AsyncSession, data_settings: Settings
) -> None:
    parent = await make_person(session, data_settings)
    boundary = "edudiary-test-boundary"
    sent = 0

    async def body() -> AsyncIterator[bytes]:
        nonlocal sent
        yield (
            f'--{boundary}\r\nContent-Disposition: form-data; name="kind"\r\n\r\npassport\r\n'
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.jpg"\r\n'
            "Content-Type: image/jpeg\r\n\r\n"
        ).encode()
        yield b"\xff\xd8\xff\xe0"
        for _ in range(64):  # 16 MB offered in all
            sent += 256 * 1024
            yield b"\x00" * (256 * 1024)
        yield f"\r\n--{boundary}--\r\n".encode()

    answer = await client.post(
        URL,
        content=body(),
        headers={**parent.headers, "Content-Type": f"multipart/form-data; boundary={boundary}"},
    )

    assert answer.status_code == 413
    assert answer.json()["code"] == "document_too_large"
    assert "content-length" not in {k.lower() for k in answer.request.headers}
    assert sent <= MAX_FILE_SIZE + 512 * 1024  # reading stopped soon after the limit
    assert await _count(session) == 0
    assert await stored_blobs(session) == []


@pytest.mark.parametrize(("width", "height"), [(20_000, 20_000), (10_000, 10_000)])
async def test_decompression_bombs_are_refused(
    client: AsyncClient, session: AsyncSession, data_settings: Settings, width: int, height: int
) -> None:
    parent = await make_person(session, data_settings)
    answer = await upload(client, parent, png_bomb(width, height), content_type="image/png")
    assert answer.status_code == 422, answer.text
    assert answer.json()["code"] == "document_image_too_large"


async def test_damaged_image_and_bad_fields_are_422(
    client: AsyncClient, session: AsyncSession, data_settings: Settings
) -> None:
    parent = await make_person(session, data_settings)
    damaged = image("PNG", 300)[:40]
    answer = await upload(client, parent, damaged)
    assert answer.status_code == 422
    assert answer.json()["code"] == "document_image_invalid"

    wrong_kind = await upload(client, parent, image("PNG", 300), kind="diploma")
    assert wrong_kind.status_code == 422
    assert wrong_kind.json()["errors"][0]["field"] == "kind"

    no_file = await client.post(
        URL, data={"kind": "passport"}, files={"x": ("a", b"1")}, headers=parent.headers
    )
    assert no_file.status_code == 422
    assert no_file.json()["errors"][0]["field"] == "file"

    not_multipart = await client.post(URL, json={"kind": "passport"}, headers=parent.headers)
    assert not_multipart.status_code == 415
    assert not_multipart.json()["code"] == "multipart_required"

    stranger_child = await upload(
        client, parent, image("PNG", 300), extra={"child_id": str(uuid.uuid4())}
    )
    assert stranger_child.status_code == 422
    assert stranger_child.json()["errors"][0]["field"] == "child_id"


async def test_birth_certificate_for_own_child(
    client: AsyncClient, session: AsyncSession, data_settings: Settings
) -> None:
    parent = await make_person(session, data_settings, level=AccountLevel.confirmed)
    child = (
        await client.post("/api/v1/me/children", json=child_body(), headers=parent.headers)
    ).json()
    answer = await upload(
        client,
        parent,
        image("JPEG", 600),
        kind="birth_certificate",
        extra={"child_id": child["id"]},
    )
    assert answer.status_code == 201, answer.text
    assert answer.json()["child_id"] == child["id"]
    assert answer.json()["dpi"] == 600


async def test_owner_downloads_and_deletes_others_get_404(
    client: AsyncClient, session: AsyncSession, data_settings: Settings
) -> None:
    parent = await make_person(session, data_settings)
    stranger = await make_person(session, data_settings)
    data = image("JPEG", 300)
    document = (await upload(client, parent, data)).json()
    content_url = f"{URL}/{document['id']}/content"

    mine = await client.get(content_url, headers=parent.headers)
    assert mine.status_code == 200
    assert mine.content == data
    assert mine.headers["content-type"] == "image/jpeg"
    assert (
        mine.headers["content-disposition"]
        == f'attachment; filename="document-{document["id"]}.jpg"'
    )
    assert mine.headers["cache-control"] == "no-store"

    listed = await client.get(URL, headers=parent.headers)
    assert [d["id"] for d in listed.json()["items"]] == [document["id"]]
    assert (await client.get(URL, headers=stranger.headers)).json()["total"] == 0

    for answer in (
        await client.get(content_url, headers=stranger.headers),
        await client.delete(f"{URL}/{document['id']}", headers=stranger.headers),
    ):
        assert answer.status_code == 404
        assert answer.json()["code"] == "document_not_found"

    assert (
        await client.delete(f"{URL}/{document['id']}", headers=parent.headers)
    ).status_code == 204
    assert await stored_blobs(session) == []
    assert (await client.get(content_url, headers=parent.headers)).status_code == 404


async def test_operator_read_is_audited(
    client: AsyncClient, session: AsyncSession, data_settings: Settings
) -> None:
    parent = await make_person(session, data_settings)
    operator = await make_operator(session, data_settings)
    data = image("PNG", 300)
    document = (await upload(client, parent, data, content_type="image/png")).json()
    url = f"/api/v1/operator/accounts/{parent.id}/documents/{document['id']}/content"

    assert (await client.get(url, headers=parent.headers)).status_code == 403
    answer = await client.get(url, headers=operator.headers)

    assert answer.status_code == 200
    assert answer.content == data
    [event] = await session.scalars(select(AuditEvent).where(AuditEvent.action == "document.read"))
    assert event.object_id == uuid.UUID(document["id"])
    assert event.object_type == "document"
    assert event.actor_id == operator.id
    assert event.actor_roles == ["operator"]
    assert event.details == {"account_id": str(parent.id), "kind": "passport"}
    wrong_account = f"/api/v1/operator/accounts/{operator.id}/documents/{document['id']}/content"
    assert (await client.get(wrong_account, headers=operator.headers)).status_code == 404

    details = await client.get(f"/api/v1/operator/accounts/{parent.id}", headers=operator.headers)
    assert [d["id"] for d in details.json()["documents"]] == [document["id"]]


async def test_file_names_are_never_logged(
    client: AsyncClient,
    session: AsyncSession,
    data_settings: Settings,
    caplog: pytest.LogCaptureFixture,
) -> None:
    parent = await make_person(session, data_settings)
    caplog.set_level(logging.DEBUG)
    await upload(client, parent, image("JPEG", 300), filename="Сидорова_Анна_паспорт.jpg")
    await upload(client, parent, image("JPEG", 100), filename="Сидорова_Анна_паспорт.jpg")
    extras = [v for r in caplog.records for v in r.__dict__.values() if isinstance(v, str)]
    assert caplog.records
    assert "Сидорова" not in caplog.text + " ".join(extras)
