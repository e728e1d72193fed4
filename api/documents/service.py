"""Uploading, listing, reading and deleting document scans.

The plaintext of a scan exists only in the request that uploads or reads it: it is
encrypted with ``aad="documents:<id>"`` before it reaches storage.
"""

from __future__ import annotations

import asyncio
import logging
import uuid

from sqlalchemy import Select, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.audit import service as audit
from api.children.access import readable_children
from api.children.models import Child
from api.documents.inspection import inspect
from api.documents.models import Document, DocumentKind
from api.documents.schemas import DocumentOut
from api.documents.storage import BlobMissing, DocumentStorage, key_for
from api.documents.upload import MAX_FILE_SIZE, Upload, too_large
from api.errors import Conflict, FieldError, NotFound, ValidationFailed
from api.i18n import Text
from api.identity.deps import Principal
from api.identity.models import Account
from api.security.crypto import decrypt_bytes, encrypt_bytes

logger = logging.getLogger("edudiary.documents")

MAX_DOCUMENTS_PER_ACCOUNT = 100
_KIND_RU = "паспорт, свидетельство о рождении, СНИЛС или другой документ"


def readable_documents(principal: Principal) -> Select[Document]:
    """The caller's own documents; staff reach others' through ``account_documents``."""
    return select(Document).where(Document.account_id == principal.account_id)


def account_documents(account_id: uuid.UUID) -> Select[Document]:
    """An account's documents, for operators (every read is audited by the caller)."""
    return select(Document).where(Document.account_id == account_id)


def document_out(document: Document) -> DocumentOut:
    return DocumentOut.model_validate(document, from_attributes=True)


def _aad(document_id: uuid.UUID) -> str:
    return f"documents:{document_id}"


def _not_found() -> NotFound:
    return NotFound(
        code="document_not_found", detail=Text("Документ не найден", "No such document")
    )


def _field_error(field: str, code: str, ru: str, en: str) -> ValidationFailed:
    text = Text(ru, en)
    return ValidationFailed(code=code, detail=text, errors=[FieldError(field, code, text)])


def _parse_fields(upload: Upload) -> tuple[DocumentKind, uuid.UUID | None, bytes]:
    errors: list[FieldError] = []
    kind_value = upload.fields.get("kind")
    kind = next((k for k in DocumentKind if k.value == kind_value), None)
    if kind is None:
        errors.append(
            FieldError(
                "kind",
                "missing" if kind_value is None else "enum",
                Text(
                    f"Вид документа: выберите {_KIND_RU}",
                    "Document kind: passport, birth_certificate, snils or other",
                ),
            )
        )
    child_id: uuid.UUID | None = None
    if raw_child := upload.fields.get("child_id"):
        try:
            child_id = uuid.UUID(raw_child)
        except ValueError:
            errors.append(
                FieldError(
                    "child_id", "uuid_parsing", Text("Некорректный идентификатор", "Invalid id")
                )
            )
    if upload.file is None:
        errors.append(FieldError("file", "missing", Text("Прикрепите файл", "Attach a file")))
    if errors or kind is None or upload.file is None:
        raise ValidationFailed(
            code="validation_failed",
            detail=Text("Проверьте поля загрузки", "Please check the upload fields"),
            errors=errors,
        )
    if len(upload.file) > MAX_FILE_SIZE:  # the reader stops there already; belt and braces
        raise too_large()
    return kind, child_id, upload.file


async def upload(
    session: AsyncSession, principal: Principal, upload: Upload, storage: DocumentStorage
) -> Document:
    kind, child_id, data = _parse_fields(upload)
    inspected = await asyncio.to_thread(inspect, data, require_scan_dpi=kind != DocumentKind.other)
    if child_id is not None:
        owned = await session.scalar(
            readable_children(principal).where(Child.id == child_id).with_only_columns(Child.id)
        )
        if owned is None:
            raise _field_error("child_id", "child_not_found", "Ребёнок не найден", "No such child")
    count = await session.scalar(
        readable_documents(principal).with_only_columns(func.count(Document.id))
    )
    if (count or 0) >= MAX_DOCUMENTS_PER_ACCOUNT:
        raise Conflict(
            code="documents_limit_reached",
            detail=Text(
                f"Можно хранить не больше {MAX_DOCUMENTS_PER_ACCOUNT} документов: удалите ненужные",
                f"At most {MAX_DOCUMENTS_PER_ACCOUNT} documents can be kept: delete some first",
            ),
        )
    document = Document(
        id=uuid.uuid4(),
        account_id=principal.account_id,
        child_id=child_id,
        kind=kind,
        content_type=inspected.content_type,
        size=len(data),
        dpi=inspected.dpi,
    )
    document.storage_key = key_for(document.id)
    session.add(document)
    await session.flush()
    await storage.put(document.storage_key, encrypt_bytes(data, aad=_aad(document.id)))
    await session.refresh(document)
    # Ids and sizes only: never the client's file name, which often holds a person's name.
    logger.info(
        "document stored",
        extra={"document_id": str(document.id), "kind": kind.value, "size": len(data)},
    )
    return document


async def list_documents(
    session: AsyncSession, query: Select[Document], *, limit: int, offset: int
) -> tuple[list[Document], int]:
    total = await session.scalar(query.with_only_columns(func.count(Document.id)))
    rows = await session.scalars(
        query.order_by(Document.created_at.desc(), Document.id).limit(limit).offset(offset)
    )
    return list(rows), int(total or 0)


async def get_own(session: AsyncSession, principal: Principal, document_id: uuid.UUID) -> Document:
    document = await session.scalar(readable_documents(principal).where(Document.id == document_id))
    if document is None:
        raise _not_found()
    return document


async def read_content(document: Document, storage: DocumentStorage) -> bytes:
    try:
        blob = await storage.get(document.storage_key)
    except BlobMissing:
        logger.error("document blob missing", extra={"document_id": str(document.id)})
        raise NotFound(
            code="document_content_missing",
            detail=Text(
                "Файл документа недоступен: загрузите документ заново",
                "The document's file is unavailable: upload it again",
            ),
        ) from None
    return decrypt_bytes(blob, aad=_aad(document.id))


async def read_for_operator(
    session: AsyncSession,
    operator: Principal,
    account_id: uuid.UUID,
    document_id: uuid.UUID,
    storage: DocumentStorage,
) -> tuple[Document, bytes]:
    if await session.get(Account, account_id) is None:
        raise NotFound(
            code="account_not_found", detail=Text("Учётная запись не найдена", "No such account")
        )
    document = await session.scalar(account_documents(account_id).where(Document.id == document_id))
    if document is None:
        raise _not_found()
    await audit.record(
        session,
        operator,
        "document.read",
        "document",
        document.id,
        {"account_id": str(account_id), "kind": document.kind.value},
    )
    return document, await read_content(document, storage)


async def delete(
    session: AsyncSession, principal: Principal, document_id: uuid.UUID, storage: DocumentStorage
) -> None:
    document = await get_own(session, principal, document_id)
    await session.delete(document)
    await session.flush()
    # After the row is gone from this transaction; if the commit then failed, the row
    # would stay without its blob and answer ``document_content_missing``.
    await storage.delete(document.storage_key)


async def kinds_of(session: AsyncSession, account_id: uuid.UUID) -> set[DocumentKind]:
    rows = await session.scalars(
        select(Document.kind).where(Document.account_id == account_id).distinct()
    )
    return set(rows)
