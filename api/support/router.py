"""``/api/v1/support/tickets`` (any signed-in user) and ``/api/v1/admin/support/tickets``."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Response

from api.audit import service as audit
from api.db import SessionDep
from api.documents import service as documents_service
from api.documents.deps import StorageDep, file_response
from api.documents.schemas import DOCUMENT_CONTENT_RESPONSE
from api.errors import NotFound, problem_responses
from api.i18n import Text
from api.identity.deps import CurrentUser, HotRead, OperatorUser
from api.pagination import Limit, Offset
from api.support import service, statements
from api.support.models import SupportTicketStatus
from api.support.schemas import MessageIn, TicketIn, TicketOut, TicketPage

router = APIRouter(prefix="/support/tickets", tags=["support"])
admin_router = APIRouter(prefix="/admin/support/tickets", tags=["admin"])


@router.post(
    "",
    name="create",
    status_code=201,
    summary="Написать в поддержку: тема, описание, номер заявления, скриншот",
    response_model=TicketOut,
    responses=problem_responses(401, 422),
)
async def create_ticket(body: TicketIn, principal: CurrentUser, session: SessionDep) -> TicketOut:
    ticket = await service.create(session, principal, body)
    return await service.detail(session, ticket, principal)


@router.get(
    "",
    name="list",
    summary="Мои обращения",
    response_model=TicketPage,
    responses=problem_responses(401, 422),
)
async def list_tickets(hot: HotRead, limit: Limit = 20, offset: Offset = 0) -> Response:
    # One statement on the hot pool (statements.py); service.readable_tickets' rule.
    async with hot.connect() as connection:
        body = await statements.own(connection, hot.claims, limit=limit, offset=offset)
    return Response(body, media_type="application/json")


@router.get(
    "/{ticket_id}",
    name="get",
    summary="Обращение с перепиской",
    response_model=TicketOut,
    responses=problem_responses(401, 404, 422),
)
async def get_ticket(ticket_id: uuid.UUID, hot: HotRead) -> Response:
    async with hot.connect() as connection:
        body = await statements.one(connection, hot.claims, ticket_id=ticket_id)
    return Response(body, media_type="application/json")


@router.post(
    "/{ticket_id}/messages",
    name="write",
    summary="Дописать в обращение (закрытое откроется снова)",
    response_model=TicketOut,
    responses=problem_responses(401, 404, 422),
)
async def write_to_ticket(
    ticket_id: uuid.UUID, body: MessageIn, principal: CurrentUser, session: SessionDep
) -> TicketOut:
    ticket = await service.get(session, service.readable_tickets(principal), ticket_id)
    await service.add_message(session, principal, ticket, body.text, staff=False)
    return await service.detail(session, ticket, principal)


@router.post(
    "/{ticket_id}/close",
    name="close",
    summary="Закрыть своё обращение: вопрос решён",
    response_model=TicketOut,
    responses=problem_responses(401, 404, 409, 422),
)
async def close_own_ticket(
    ticket_id: uuid.UUID, principal: CurrentUser, session: SessionDep
) -> TicketOut:
    ticket = await service.get(session, service.readable_tickets(principal), ticket_id)
    await service.close(session, principal, ticket)
    return await service.detail(session, ticket, principal)


@admin_router.get(
    "",
    name="support_tickets",
    summary="Обращения в поддержку: сначала давно ждущие (оператор, администратор платформы)",
    response_model=TicketPage,
    responses=problem_responses(401, 403, 422),
)
async def admin_list_tickets(
    hot: HotRead,
    status: SupportTicketStatus | None = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> Response:
    # One statement; the support-staff check (403 role_required) from its row.
    async with hot.connect() as connection:
        body = await statements.every(
            connection, hot.claims, status=status, limit=limit, offset=offset
        )
    return Response(body, media_type="application/json")


@admin_router.get(
    "/{ticket_id}",
    name="support_ticket",
    summary="Обращение с перепиской (чтение — в журнал аудита)",
    response_model=TicketOut,
    responses=problem_responses(401, 403, 404, 422),
)
async def admin_get_ticket(
    ticket_id: uuid.UUID, staff: OperatorUser, session: SessionDep
) -> TicketOut:
    ticket = await service.get(session, service.all_tickets(), ticket_id)
    await audit.record(session, staff, "support_ticket.view", "support_ticket", ticket.id)
    return await service.detail(session, ticket, staff)


@admin_router.post(
    "/{ticket_id}/messages",
    name="support_reply",
    summary="Ответить на обращение (пользователь получит уведомление)",
    response_model=TicketOut,
    responses=problem_responses(401, 403, 404, 422),
)
async def admin_reply(
    ticket_id: uuid.UUID, body: MessageIn, staff: OperatorUser, session: SessionDep
) -> TicketOut:
    ticket = await service.get(session, service.all_tickets(), ticket_id)
    await service.add_message(session, staff, ticket, body.text, staff=True)
    return await service.detail(session, ticket, staff)


@admin_router.post(
    "/{ticket_id}/close",
    name="support_close",
    summary="Закрыть обращение",
    response_model=TicketOut,
    responses=problem_responses(401, 403, 404, 409, 422),
)
async def admin_close(ticket_id: uuid.UUID, staff: OperatorUser, session: SessionDep) -> TicketOut:
    ticket = await service.get(session, service.all_tickets(), ticket_id)
    await service.close(session, staff, ticket)
    return await service.detail(session, ticket, staff)


@admin_router.get(
    "/{ticket_id}/screenshot",
    name="support_ticket_screenshot",
    summary="Скачать скриншот, приложенный к обращению (запись в журнал аудита)",
    response_class=Response,
    responses={**DOCUMENT_CONTENT_RESPONSE, **problem_responses(401, 403, 404, 422)},
)
async def admin_ticket_screenshot(
    ticket_id: uuid.UUID, staff: OperatorUser, session: SessionDep, storage: StorageDep
) -> Response:
    ticket = await service.get(session, service.all_tickets(), ticket_id)
    if ticket.screenshot_document_id is None:
        raise NotFound(
            code="screenshot_not_found",
            detail=Text("К обращению не приложен скриншот", "The ticket has no screenshot"),
        )
    # The user's own document: read as an operator reads one (audited), by its owner.
    document, content = await documents_service.read_for_operator(
        session, staff, ticket.account_id, ticket.screenshot_document_id, storage
    )
    return file_response(document, content)
