"""``/api/v1/connection-requests`` (parents) and ``/api/v1/admin/connection-requests``."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Response

from api.audit import service as audit
from api.connection_requests import service, statements
from api.connection_requests.models import ConnectionRequest, ConnectionRequestStatus
from api.connection_requests.schemas import (
    ConnectionDecisionIn,
    ConnectionRequestIn,
    ConnectionRequestOut,
    ConnectionRequestPage,
)
from api.db import SessionDep
from api.documents import service as documents_service
from api.documents.deps import StorageDep, file_response
from api.documents.schemas import DOCUMENT_CONTENT_RESPONSE
from api.errors import NotFound, problem_responses
from api.i18n import Text
from api.identity.deps import CurrentUser, HotRead, OperatorUser
from api.pagination import Limit, Offset

router = APIRouter(prefix="/connection-requests", tags=["connection-requests"])
admin_router = APIRouter(prefix="/admin/connection-requests", tags=["admin"])


@router.post(
    "",
    name="create",
    status_code=201,
    summary="Попросить подключить школу (для неподключённой школы; в департамент региона)",
    response_model=ConnectionRequestOut,
    responses={
        200: {"model": ConnectionRequestOut, "description": "Открытая заявка уже есть: она"},
        **problem_responses(401, 404, 409, 422),
    },
)
async def create_request(
    body: ConnectionRequestIn, principal: CurrentUser, session: SessionDep, response: Response
) -> ConnectionRequestOut:
    request, school, created = await service.create(session, principal, body)
    if not created:
        response.status_code = 200
    return service.out(request, school)


@router.get(
    "",
    name="list",
    summary="Мои заявки на подключение школ",
    response_model=ConnectionRequestPage,
    responses=problem_responses(401, 422),
)
async def list_requests(hot: HotRead, limit: Limit = 20, offset: Offset = 0) -> Response:
    async with hot.connect() as connection:
        body = await statements.read_own(connection, hot.claims, limit=limit, offset=offset)
    return Response(body, media_type="application/json")


@router.get(
    "/{request_id}",
    name="get",
    summary="Моя заявка на подключение школы",
    response_model=ConnectionRequestOut,
    responses=problem_responses(401, 404, 422),
)
async def get_request(request_id: uuid.UUID, hot: HotRead) -> Response:
    async with hot.connect() as connection:
        body = await statements.read_one(connection, hot.claims, request_id)
    if body is None:
        raise service.not_found()
    return Response(body, media_type="application/json")


@admin_router.get(
    "",
    name="connection_requests",
    summary="Заявки на подключение школ: сначала давние (оператор, администратор платформы)",
    response_model=ConnectionRequestPage,
    responses=problem_responses(401, 403, 422),
)
async def admin_list_requests(
    hot: HotRead,
    status: ConnectionRequestStatus | None = None,
    region: Annotated[
        str | None, Query(pattern=r"^[0-9]{2}$", description="Код региона: 77 — Москва")
    ] = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> Response:
    async with hot.connect() as connection:
        row = await statements.read_for_operators(
            connection, hot.claims, status=status, region=region, limit=limit, offset=offset
        )
        if row["ids"]:  # contact names and phones: a staff read of personal data
            await audit.record_read(
                connection,
                hot.claims.account_id,
                row["roles"],
                "connection_request.list",
                "connection_request",
                None,
                {"ids": row["ids"]},
            )
    return Response(row["body"], media_type="application/json")


@admin_router.post(
    "/{request_id}/decision",
    name="decide_connection_request",
    summary="Решение по заявке: подключается (с датой), подключена, отклонена",
    response_model=ConnectionRequestOut,
    responses=problem_responses(401, 403, 404, 409, 422),
)
async def decide_request(
    request_id: uuid.UUID, body: ConnectionDecisionIn, staff: OperatorUser, session: SessionDep
) -> ConnectionRequestOut:
    request, school = await service.decide(session, staff, request_id, body)
    return service.out(request, school)


@admin_router.get(
    "/{request_id}/letter",
    name="connection_request_letter",
    summary="Скачать письмо школы, приложенное к заявке (запись в журнал аудита)",
    response_class=Response,
    responses={**DOCUMENT_CONTENT_RESPONSE, **problem_responses(401, 403, 404, 422)},
)
async def admin_request_letter(
    request_id: uuid.UUID, staff: OperatorUser, session: SessionDep, storage: StorageDep
) -> Response:
    request = await session.scalar(service.all_requests().where(ConnectionRequest.id == request_id))
    if request is None or request.letter_document_id is None:
        raise NotFound(
            code="letter_not_found",
            detail=Text("К заявке не приложено письмо школы", "The request has no letter"),
        )
    document, content = await documents_service.read_for_operator(
        session, staff, request.requester_id, request.letter_document_id, storage
    )
    return file_response(document, content)
