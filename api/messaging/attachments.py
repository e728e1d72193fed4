"""Attachments: what a file is, from its bytes; where it is kept; who may download it.

Accepted: PDF, JPEG, PNG, DOCX, XLSX and plain text (UTF-8), at most 10 MB. The type comes
from the content — magic bytes, for DOCX/XLSX the parts inside the ZIP, for text a clean
UTF-8 decode — never from the name or the declared type: an ``.exe`` renamed ``.pdf`` is
415 ``attachment_type``. Files are encrypted (``aad="attachments:<id>"``) and kept like
documents: in ``message_attachment_blobs`` in the request's transaction, or in the S3
store with ``EDUDIARY_DOCUMENT_STORE=s3`` — never on one process's disk.
"""

from __future__ import annotations

import asyncio
import io
import re
import unicodedata
import uuid
import zipfile
from urllib.parse import quote

from fastapi import Response
from sqlalchemy.ext.asyncio import AsyncSession

from api.config import Settings
from api.documents import inspection
from api.documents.storage import BlobMissing, DocumentStorage, PostgresBlobStorage
from api.documents.upload import Upload
from api.errors import FieldError, NotFound, PayloadTooLarge, UnsupportedMediaType, ValidationFailed
from api.i18n import Text
from api.identity.deps import Principal
from api.messaging.models import Attachment, AttachmentBlob
from api.security.crypto import decrypt_bytes, encrypt_bytes

MAX_SIZE = 10 * 1024 * 1024
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
TXT = "text/plain; charset=utf-8"
_ZIP_MAGIC = b"PK\x03\x04"
_OFFICE_PART = {"word/document.xml": DOCX, "xl/workbook.xml": XLSX}
_TEXT_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_NAME_UNSAFE = re.compile(r'[\x00-\x1f\x7f-\x9f/\\:*?"<>|]')
EXTENSIONS = {
    inspection.PDF: "pdf",
    inspection.JPEG: "jpg",
    inspection.PNG: "png",
    DOCX: "docx",
    XLSX: "xlsx",
    TXT: "txt",
}


def too_large() -> PayloadTooLarge:
    text = Text(
        "Файл больше 10 МБ: уменьшите его или отправьте ссылкой",
        "The file is larger than 10 MB: make it smaller",
    )
    return PayloadTooLarge(
        code="attachment_too_large",
        detail=text,
        errors=[FieldError("file", "attachment_too_large", text)],
    )


def _wrong_type() -> UnsupportedMediaType:
    text = Text(
        "Такой файл приложить нельзя: подходят PDF, JPEG, PNG, DOCX, XLSX и текст (TXT)",
        "This file type cannot be attached: PDF, JPEG, PNG, DOCX, XLSX or plain text",
    )
    return UnsupportedMediaType(
        code="attachment_type", detail=text, errors=[FieldError("file", "attachment_type", text)]
    )


def _office_type(data: bytes) -> str | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())  # the central directory only: nothing inflated
    except (zipfile.BadZipFile, ValueError, OSError):
        return None
    if "[Content_Types].xml" not in names:
        return None
    return next((kind for part, kind in _OFFICE_PART.items() if part in names), None)


def _is_text(data: bytes) -> bool:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return _TEXT_CONTROL.search(text) is None


def content_type_of(data: bytes) -> str:
    """The attachment's type from its content, or 415 ``attachment_type``. CPU-bound for
    images (Pillow checks their structure): call it in a thread."""
    if not data:
        text = Text("Файл пустой", "The file is empty")
        raise ValidationFailed(
            code="attachment_empty", detail=text, errors=[FieldError("file", "empty", text)]
        )
    sniffed = inspection.sniff(data)
    if sniffed is not None:
        return inspection.inspect(data, require_scan_dpi=False).content_type
    if data.startswith(_ZIP_MAGIC):
        office = _office_type(data)
        if office is None:
            raise _wrong_type()
        return office
    if _is_text(data):
        return TXT
    raise _wrong_type()


def clean_file_name(name: str | None, content_type: str) -> str:
    """A name to show: no path, no control or reserved characters, ≤ 200 characters,
    ending in the extension of what the file really is."""
    base = unicodedata.normalize("NFC", (name or "").replace("\\", "/").rsplit("/", 1)[-1])
    base = _NAME_UNSAFE.sub("_", base).strip(" .")
    extension = EXTENSIONS[content_type]
    stem = base.rsplit(".", 1)[0] if "." in base else base
    stem = stem[: 200 - len(extension) - 1] or "файл"
    return f"{stem}.{extension}"


def storage_for(settings: Settings, session: AsyncSession) -> DocumentStorage:
    if settings.document_store == "s3":
        from api.documents.s3 import S3DocumentStorage

        return S3DocumentStorage(settings)  # keys are attachment ids: never a document's
    return PostgresBlobStorage(session, AttachmentBlob.attachment_id, AttachmentBlob.content)


def _aad(attachment_id: uuid.UUID) -> str:
    return f"attachments:{attachment_id}"


async def store(
    session: AsyncSession, principal: Principal, upload: Upload, storage: DocumentStorage
) -> Attachment:
    if upload.file is None:
        text = Text("Прикрепите файл", "Attach a file")
        raise ValidationFailed(
            code="validation_failed", detail=text, errors=[FieldError("file", "missing", text)]
        )
    if len(upload.file) > MAX_SIZE:
        raise too_large()
    content_type = await asyncio.to_thread(content_type_of, upload.file)
    attachment = Attachment(
        id=uuid.uuid4(),
        uploader_id=principal.account_id,
        file_name=clean_file_name(upload.file_name, content_type),
        content_type=content_type,
        size=len(upload.file),
    )
    session.add(attachment)
    await session.flush()
    await storage.put(attachment.id.hex, encrypt_bytes(upload.file, aad=_aad(attachment.id)))
    return attachment


def not_found() -> NotFound:
    return NotFound(code="attachment_not_found", detail=Text("Файл не найден", "No such file"))


async def content(attachment: Attachment, storage: DocumentStorage) -> bytes:
    try:
        blob = await storage.get(attachment.id.hex)
    except BlobMissing:
        raise not_found() from None
    return decrypt_bytes(blob, aad=_aad(attachment.id))


def file_response(attachment: Attachment, data: bytes) -> Response:
    """Always a download, never rendered by the browser, never sniffed, never cached."""
    ascii_name = attachment.file_name.encode("ascii", "replace").decode().replace("?", "_")
    return Response(
        content=data,
        media_type=attachment.content_type,
        headers={
            "Content-Disposition": (
                f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''"
                f"{quote(attachment.file_name)}"
            ),
            "Cache-Control": "private, no-store",
            "X-Content-Type-Options": "nosniff",
            "Content-Security-Policy": "default-src 'none'; sandbox",
        },
    )
