"""``/api/v1/me/data-exports``, ``/api/v1/me/erasure``, ``/api/v1/me/consents``: the data
subject's rights over their own data (152-ФЗ)."""

from __future__ import annotations

import uuid

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from api.db import SessionDep
from api.errors import committing, problem_responses
from api.identity.deps import CurrentUser
from api.privacy import consents, erasure, exports
from api.privacy.schemas import (
    ConsentList,
    ConsentWithdrawnOut,
    DataExportIn,
    ErasureIn,
    ErasureOut,
)
from api.reports import exports as report_exports
from api.reports.schemas import ExportOut

router = APIRouter(prefix="/me", tags=["privacy"])


@router.post(
    "/data-exports",
    name="create_data_export",
    status_code=202,
    summary="Скачать мои данные и данные моих детей (JSON или PDF): файл формируется в очереди",
    description=(
        "Состояние и файл — как у любой выгрузки: `GET /api/v1/exports/{id}` и "
        "`/api/v1/exports/{id}/file` (только заказавшему, 7 дней)."
    ),
    response_model=ExportOut,
    responses=problem_responses(401, 404, 422),
)
async def create_data_export(
    body: DataExportIn, principal: CurrentUser, session: SessionDep
) -> ExportOut:
    return report_exports.out(await exports.create(session, principal, body.format))


@router.get(
    "/erasure",
    name="erasure",
    summary="Мой запрос на удаление учётной записи: когда, что удаляется и что сохраняется",
    response_model=ErasureOut,
    responses=problem_responses(401, 404),
)
async def get_erasure(principal: CurrentUser, session: SessionDep) -> ErasureOut:
    return ErasureOut.model_validate(erasure.out(await erasure.current(session, principal)))


@router.post(
    "/erasure",
    name="request_erasure",
    status_code=202,
    summary="Удалить мою учётную запись (после 14 дней, которые можно отменить); нужен пароль",
    response_model=ErasureOut,
    responses=problem_responses(401, 404, 409, 422, 429),
)
async def request_erasure(
    body: ErasureIn, principal: CurrentUser, session: SessionDep
) -> ErasureOut | JSONResponse:
    result = await committing(erasure.request(session, principal, body.password))
    if isinstance(result, JSONResponse):  # a wrong password still counts (committed)
        return result
    return ErasureOut.model_validate(erasure.out(result))


@router.delete(
    "/erasure",
    name="cancel_erasure",
    summary="Отменить удаление учётной записи (пока оно не выполнено)",
    response_model=ErasureOut,
    responses=problem_responses(401, 404),
)
async def cancel_erasure(principal: CurrentUser, session: SessionDep) -> ErasureOut:
    return ErasureOut.model_validate(erasure.out(await erasure.cancel(session, principal)))


@router.get(
    "/consents",
    name="consents",
    summary="Мои согласия на обработку персональных данных: когда даны, что на них опирается",
    response_model=ConsentList,
    responses=problem_responses(401),
)
async def list_consents(principal: CurrentUser, session: SessionDep) -> ConsentList:
    return ConsentList.model_validate({"items": await consents.list_mine(session, principal)})


@router.post(
    "/consents/{application_id}/withdraw",
    name="withdraw_consent",
    summary="Отозвать согласие: то, что на нём держалось, прекращается",
    response_model=ConsentWithdrawnOut,
    responses=problem_responses(401, 404, 409, 422),
)
async def withdraw_consent(
    application_id: uuid.UUID, principal: CurrentUser, session: SessionDep
) -> ConsentWithdrawnOut:
    return ConsentWithdrawnOut.model_validate(
        await consents.withdraw(session, principal, application_id)
    )
