"""Attachments: each accepted type recognised by its content, refused types and sizes,
downloads for the conversation's participants only, stored in PostgreSQL."""

from __future__ import annotations

import io
import zipfile

import pytest
from httpx import AsyncClient
from PIL import Image
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.messaging.models import Attachment, AttachmentBlob
from tests.messaging.conftest import School

MB = 1024 * 1024


def _image(kind: str) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(out, kind)
    return out.getvalue()


def _office(part: str) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(part, "<document/>")
    return out.getvalue()


def _zip() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("virus.exe", b"MZ")
    return out.getvalue()


PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
ACCEPTED = [
    ("справка.pdf", PDF, "application/pdf", "справка.pdf"),
    ("фото.jpg", _image("JPEG"), "image/jpeg", "фото.jpg"),
    ("скан.png", _image("PNG"), "image/png", "скан.png"),
    (
        "реферат.docx",
        _office("word/document.xml"),
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "реферат.docx",
    ),
    (
        "оценки.xlsx",
        _office("xl/workbook.xml"),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "оценки.xlsx",
    ),
    ("заметка.txt", "Принесите форму\r\n".encode(), "text/plain; charset=utf-8", "заметка.txt"),
    # The name does not decide: a PNG called .pdf is a PNG, and shown as one.
    ("../../etc/скан.pdf", _image("PNG"), "image/png", "скан.png"),
]
REFUSED = [
    ("program.exe", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + bytes(64)),
    ("program.pdf", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + bytes(64)),
    ("archive.docx", _zip()),
    ("animation.gif", b"GIF89a\x01\x00\x01\x00\x00\x00\x00;"),
    ("data.txt", b"\x00\x01\x02binary"),
]


async def _upload(client: AsyncClient, headers: dict[str, str], name: str, data: bytes) -> object:
    return await client.post(
        "/api/v1/attachments",
        files={"file": (name, data, "application/octet-stream")},
        headers=headers,
    )


@pytest.mark.parametrize(("name", "data", "content_type", "shown_as"), ACCEPTED)
async def test_each_accepted_type_is_recognised_by_content(
    client: AsyncClient,
    session: AsyncSession,
    school: School,
    name: str,
    data: bytes,
    content_type: str,
    shown_as: str,
) -> None:
    w = school.world
    answer = await _upload(client, w.parent.headers, name, data)
    assert answer.status_code == 201, answer.text  # type: ignore[attr-defined]
    body = answer.json()  # type: ignore[attr-defined]
    assert body["content_type"] == content_type
    assert body["file_name"] == shown_as
    assert body["size"] == len(data)
    blob = await session.scalar(
        select(AttachmentBlob.content).where(AttachmentBlob.attachment_id == body["id"])
    )
    assert blob is not None
    assert data not in blob
    download = await client.get(
        f"/api/v1/attachments/{body['id']}/content", headers=w.parent.headers
    )
    assert download.status_code == 200
    assert download.content == data
    assert download.headers["content-disposition"].startswith("attachment;")
    assert download.headers["x-content-type-options"] == "nosniff"


@pytest.mark.parametrize(("name", "data"), REFUSED)
async def test_other_types_are_refused_whatever_the_name(
    client: AsyncClient, session: AsyncSession, school: School, name: str, data: bytes
) -> None:
    answer = await _upload(client, school.world.parent.headers, name, data)
    assert answer.status_code == 415, answer.text  # type: ignore[attr-defined]
    assert answer.json()["code"] == "attachment_type"  # type: ignore[attr-defined]
    assert await session.scalar(select(func.count()).select_from(Attachment)) == 0


async def test_a_file_over_10_mb_is_refused(
    client: AsyncClient, session: AsyncSession, school: School
) -> None:
    headers = school.world.parent.headers
    exactly = await _upload(client, headers, "big.txt", b"a" * (10 * MB))
    assert exactly.status_code == 201  # type: ignore[attr-defined]
    over = await _upload(client, headers, "big.txt", b"a" * (10 * MB + 1))
    assert over.status_code == 413  # type: ignore[attr-defined]
    assert over.json()["code"] == "attachment_too_large"  # type: ignore[attr-defined]
    assert await session.scalar(select(func.count()).select_from(Attachment)) == 1


async def test_attachments_reach_participants_only(client: AsyncClient, school: School) -> None:
    w = school.world
    upload = (await _upload(client, w.parent.headers, "справка.pdf", PDF)).json()  # type: ignore[attr-defined]
    path = f"/api/v1/attachments/{upload['id']}/content"
    assert (await client.get(path, headers=w.teacher.headers)).status_code == 404  # not sent yet

    # Someone else cannot send the parent's upload.
    stolen = await client.post(
        "/api/v1/conversations",
        json={
            "recipient_ids": [str(w.other_parent.id)],
            "text": "Файл",
            "attachment_ids": [upload["id"]],
        },
        headers=w.other_teacher.headers,
    )
    assert stolen.status_code == 422
    assert stolen.json()["code"] == "attachment_not_found"

    sent = await client.post(
        "/api/v1/conversations",
        json={
            "recipient_ids": [str(w.teacher.id)],
            "text": "Справка от врача",
            "attachment_ids": [upload["id"]],
        },
        headers=w.parent.headers,
    )
    assert sent.status_code == 201, sent.text
    assert sent.json()["last_message"]["attachments"] == [upload]
    teacher = await client.get(path, headers=w.teacher.headers)
    assert teacher.status_code == 200
    assert teacher.content == PDF
    for outsider in (w.other_parent, w.other_teacher, w.admin, w.foreign_admin):
        assert (await client.get(path, headers=outsider.headers)).status_code == 404

    again = await client.post(
        "/api/v1/conversations",
        json={
            "recipient_ids": [str(w.admin.id)],
            "text": "Ещё раз",
            "attachment_ids": [upload["id"]],
        },
        headers=w.parent.headers,
    )
    assert again.status_code == 422  # an attachment belongs to one message
