"""``/api/v1/applications``, the school's queue and ``/api/v1/consents``."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Path, Response

from api.applications import consents, review, service, statements, views, workflow
from api.applications.models import Application, ApplicationStatus
from api.applications.notices import next_steps
from api.applications.schemas import (
    ApplicationCreate,
    ApplicationOut,
    ApplicationPage,
    ApplicationPatch,
    ConsentDocumentOut,
    DecisionIn,
    ReasonCodeOut,
    ReplyIn,
    SubmitOut,
    WithdrawIn,
)
from api.db import SessionDep
from api.documents.deps import StorageDep
from api.documents.schemas import DOCUMENT_CONTENT_RESPONSE
from api.errors import problem_responses
from api.identity.deps import CurrentUser, HotRead, Principal
from api.pagination import Limit, Offset
from api.statements import model_response

router = APIRouter(tags=["applications"])
consents_router = APIRouter(prefix="/consents", tags=["consents"])


def _consent(document: Any) -> ConsentDocumentOut:
    return ConsentDocumentOut.model_validate(document, from_attributes=True)


@consents_router.get(
    "/current",
    name="current",
    summary="Действующая редакция согласия на обработку персональных данных",
    response_model=ConsentDocumentOut,
    responses=problem_responses(404),
)
async def current_consent(session: SessionDep) -> ConsentDocumentOut:
    return _consent(await consents.current(session))


@consents_router.get(
    "/{version}",
    name="get",
    summary="Редакция согласия по номеру (ту, что принял заявитель)",
    response_model=ConsentDocumentOut,
    responses=problem_responses(404, 422),
)
async def consent_version(
    version: Annotated[int, Path(ge=1, le=1_000_000)], session: SessionDep
) -> ConsentDocumentOut:
    return _consent(await consents.get_version(session, version))


async def _out(
    session: SessionDep, principal: Principal, application: Application
) -> ApplicationOut:
    staff = application.applicant_id != principal.account_id
    if staff:
        await review.record_staff_read(session, principal, application)
    return await views.detail(session, application, service.now(), staff=staff)


@router.get(
    "/applications/reason-codes",
    name="reason_codes",
    summary="Основания запроса сведений и отказа (коды и подписи)",
    response_model=list[ReasonCodeOut],
)
async def reason_codes() -> list[ReasonCodeOut]:
    return views.reason_codes()


@router.post(
    "/applications",
    name="create",
    status_code=201,
    summary="Начать заявление (черновик); по ребёнку и школе — одно открытое заявление",
    response_model=ApplicationOut,
    responses={
        200: {
            "model": ApplicationOut,
            "description": "Открытое заявление по этому ребёнку и школе уже есть: оно и есть",
        },
        **problem_responses(401, 403, 404, 409, 422),
    },
)
async def create_application(
    body: ApplicationCreate, principal: CurrentUser, session: SessionDep, response: Response
) -> ApplicationOut:
    application, created = await service.create(session, principal, body)
    if not created:
        response.status_code = 200
    return await _out(session, principal, application)


@router.get(
    "/applications",
    name="list",
    summary="Мои заявления: новые сверху",
    response_model=ApplicationPage,
    responses=problem_responses(401, 422),
)
async def list_applications(hot: HotRead, limit: Limit = 20, offset: Offset = 0) -> Response:
    async with hot.connect() as connection:
        page = await statements.read_own(
            connection, hot.claims, service.now(), limit=limit, offset=offset
        )
    return model_response(page)


@router.get(
    "/applications/{application_id}",
    name="get",
    summary="Заявление с историей (сотрудникам школы — с данными ребёнка; чтение в аудит)",
    response_model=ApplicationOut,
    responses=problem_responses(401, 404, 422),
)
async def get_application(application_id: uuid.UUID, hot: HotRead) -> Response:
    async with hot.connect() as connection:
        found = await statements.read_one(connection, hot.claims, service.now(), application_id)
        if found is None:
            raise service.not_found()
        out, row, head = found
        if row["applicant_id"] != hot.claims.account_id:
            await review.record_staff_read_of(connection, hot.claims, head.roles, row)
    return model_response(out)


@router.patch(
    "/applications/{application_id}",
    name="update",
    summary="Автосохранение черновика: меняются только присланные поля",
    response_model=ApplicationOut,
    responses=problem_responses(401, 403, 404, 409, 422),
)
async def update_application(
    application_id: uuid.UUID, body: ApplicationPatch, principal: CurrentUser, session: SessionDep
) -> ApplicationOut:
    application = await service.update_draft(session, principal, application_id, body)
    return await _out(session, principal, application)


@router.post(
    "/applications/{application_id}/submit",
    name="submit",
    summary="Отправить заявление: проверка всех полей, номер ЭД-ГГГГ-NNNNNN, срок решения",
    response_model=SubmitOut,
    responses=problem_responses(401, 403, 404, 409, 422),
)
async def submit_application(
    application_id: uuid.UUID, principal: CurrentUser, session: SessionDep
) -> SubmitOut:
    application, tz = await service.submit(session, principal, application_id)
    out = await _out(session, principal, application)
    return SubmitOut.model_validate(
        {
            **out.model_dump(),
            "message": "Заявление успешно отправлено",
            "next_steps": next_steps(application, tz),
        }
    )


async def _applicant_action(
    session: SessionDep,
    principal: Principal,
    application_id: uuid.UUID,
    action: workflow.Action,
    body: ReplyIn | WithdrawIn,
) -> ApplicationOut:
    application = await service.act(session, principal, application_id, action, body)
    return await _out(session, principal, application)


@router.post(
    "/applications/{application_id}/withdraw",
    name="withdraw",
    summary="Отозвать заявление (из любого открытого статуса)",
    response_model=ApplicationOut,
    responses=problem_responses(401, 404, 409, 422),
)
async def withdraw_application(
    application_id: uuid.UUID,
    principal: CurrentUser,
    session: SessionDep,
    body: WithdrawIn | None = None,
) -> ApplicationOut:
    return await _applicant_action(
        session, principal, application_id, workflow.Action.withdraw, body or WithdrawIn()
    )


@router.post(
    "/applications/{application_id}/reply",
    name="reply",
    summary="Ответить на запрос школы (и возобновить приостановленное)",
    response_model=ApplicationOut,
    responses=problem_responses(401, 404, 409, 422),
)
async def reply_to_request(
    application_id: uuid.UUID, body: ReplyIn, principal: CurrentUser, session: SessionDep
) -> ApplicationOut:
    return await _applicant_action(session, principal, application_id, workflow.Action.reply, body)


@router.post(
    "/applications/{application_id}/appeal",
    name="appeal",
    summary="Обжаловать отказ (в течение 30 дней, рассмотрение — до 10 рабочих дней)",
    response_model=ApplicationOut,
    responses=problem_responses(401, 404, 409, 422),
)
async def appeal_refusal(
    application_id: uuid.UUID, body: ReplyIn, principal: CurrentUser, session: SessionDep
) -> ApplicationOut:
    return await _applicant_action(session, principal, application_id, workflow.Action.appeal, body)


@router.post(
    "/applications/{application_id}/decisions",
    name="decide",
    summary="Решение школы: начать рассмотрение, запросить сведения, одобрить, отказать",
    response_model=ApplicationOut,
    responses=problem_responses(401, 403, 404, 409, 422),
)
async def decide_application(
    application_id: uuid.UUID, body: DecisionIn, principal: CurrentUser, session: SessionDep
) -> ApplicationOut:
    application = await review.decide(session, principal, application_id, body)
    return await views.detail(session, application, service.now(), staff=True)


@router.get(
    "/applications/{application_id}/documents/{document_id}/content",
    name="document_content",
    summary="Документ заявления или ребёнка для сотрудника школы (запись в журнал аудита)",
    response_class=Response,
    responses={**DOCUMENT_CONTENT_RESPONSE, **problem_responses(401, 403, 404, 422)},
)
async def application_document(
    application_id: uuid.UUID,
    document_id: uuid.UUID,
    principal: CurrentUser,
    session: SessionDep,
    storage: StorageDep,
) -> Response:
    document, content = await review.read_document(
        session, principal, application_id, document_id, storage
    )
    return Response(
        content=content,
        media_type=document.content_type,
        headers={
            "Content-Disposition": f'attachment; filename="document-{document.id}"',
            "Cache-Control": "no-store",
            "X-Content-Type-Options": "nosniff",
        },
    )


@router.get(
    "/schools/{school_id}/applications",
    name="school_queue",
    summary="Очередь заявлений школы: сначала с ближайшим сроком, с признаком просрочки",
    response_model=ApplicationPage,
    responses=problem_responses(401, 403, 404, 422),
)
async def school_applications(
    school_id: uuid.UUID,
    hot: HotRead,
    status: ApplicationStatus | None = None,
    overdue: bool | None = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> Response:
    async with hot.connect() as connection:
        page, found = await statements.read_queue(
            connection,
            hot.claims,
            service.now(),
            school_id=school_id,
            status=status,
            overdue=overdue,
            limit=limit,
            offset=offset,
        )
        review.check_queue(found.roles, found.head["caller_school_id"], school_id)
        if page.items:  # children's names and birth dates: a staff read of personal data
            await review.record_queue_read(connection, hot.claims, found.roles, school_id, page)
    return model_response(page)
