"""``/api/v1/me/documents`` (the holder's scans) and the operator's read of one."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Request, Response

from api.db import SessionDep
from api.documents import service
from api.documents.deps import StorageDep, file_response
from api.documents.schemas import (
    DOCUMENT_CONTENT_RESPONSE,
    UPLOAD_REQUEST_BODY,
    DocumentList,
    DocumentOut,
)
from api.documents.upload import read_upload
from api.errors import problem_responses
from api.identity.deps import CurrentUser, OperatorUser
from api.pagination import Limit, Offset

router = APIRouter(prefix="/me/documents", tags=["documents"])
operator_router = APIRouter(prefix="/operator/accounts", tags=["operator"])


@router.post(
    "",
    name="upload",
    status_code=201,
    summary="Загрузить скан документа (PDF, JPEG или PNG, до 5 МБ, не менее 300 dpi)",
    response_model=DocumentOut,
    responses=problem_responses(401, 409, 413, 415, 422),
    openapi_extra={"requestBody": UPLOAD_REQUEST_BODY},
)
async def upload_document(
    request: Request, principal: CurrentUser, session: SessionDep, storage: StorageDep
) -> DocumentOut:
    upload = await read_upload(request)
    return service.document_out(await service.upload(session, principal, upload, storage))


@router.get(
    "",
    name="list",
    summary="Мои загруженные документы",
    response_model=DocumentList,
    responses=problem_responses(401, 422),
)
async def list_documents(
    principal: CurrentUser,
    session: SessionDep,
    limit: Limit = 50,
    offset: Offset = 0,
) -> DocumentList:
    rows, total = await service.list_documents(
        session, service.readable_documents(principal), limit=limit, offset=offset
    )
    return DocumentList(
        items=[service.document_out(d) for d in rows], total=total, limit=limit, offset=offset
    )


@router.get(
    "/{document_id}/content",
    name="download",
    summary="Скачать свой документ",
    response_class=Response,
    responses={**DOCUMENT_CONTENT_RESPONSE, **problem_responses(401, 404, 422)},
)
async def download_document(
    document_id: uuid.UUID, principal: CurrentUser, session: SessionDep, storage: StorageDep
) -> Response:
    document = await service.get_own(session, principal, document_id)
    return file_response(document, await service.read_content(document, storage))


@router.delete(
    "/{document_id}",
    name="delete",
    status_code=204,
    summary="Удалить свой документ",
    response_class=Response,
    responses=problem_responses(401, 404, 422),
)
async def delete_document(
    document_id: uuid.UUID, principal: CurrentUser, session: SessionDep, storage: StorageDep
) -> Response:
    await service.delete(session, principal, document_id, storage)
    return Response(status_code=204)


@operator_router.get(
    "/{account_id}/documents/{document_id}/content",
    name="download_document",
    summary="Открыть документ владельца учётной записи (запись в журнал аудита)",
    response_class=Response,
    responses={**DOCUMENT_CONTENT_RESPONSE, **problem_responses(401, 403, 404, 422)},
)
async def operator_download_document(
    account_id: uuid.UUID,
    document_id: uuid.UUID,
    operator: OperatorUser,
    session: SessionDep,
    storage: StorageDep,
) -> Response:
    document, content = await service.read_for_operator(
        session, operator, account_id, document_id, storage
    )
    return file_response(document, content)
