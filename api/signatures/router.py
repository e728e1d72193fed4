"""``/api/v1/signatures``: a guardian signs a plan or a saved report with an SMS code."""

from __future__ import annotations

import uuid

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from api.db import SessionDep
from api.errors import committing, problem_responses
from api.identity.deps import CurrentUser
from api.pagination import Limit, Offset
from api.signatures import service
from api.signatures.models import SignatureSubject
from api.signatures.schemas import (
    ChallengeOut,
    SignatureConfirm,
    SignatureDetail,
    SignatureOut,
    SignaturePage,
    SignatureStart,
)

router = APIRouter(prefix="/signatures", tags=["signatures"])


@router.post(
    "",
    name="start",
    status_code=201,
    summary="Начать подписание: код подтверждения уходит в СМС на телефон родителя",
    response_model=ChallengeOut,
    responses=problem_responses(401, 403, 404, 409, 422, 429),
)
async def start_signature(
    body: SignatureStart, principal: CurrentUser, session: SessionDep
) -> ChallengeOut:
    return await service.start(session, principal, body.subject_type, body.subject_id)


@router.post(
    "/{challenge_id}/confirm",
    name="confirm",
    status_code=201,
    summary="Подписать кодом из СМС (3 попытки, код действует 5 минут)",
    response_model=SignatureOut,
    responses=problem_responses(401, 403, 404, 409, 422),
)
async def confirm_signature(
    challenge_id: uuid.UUID, body: SignatureConfirm, principal: CurrentUser, session: SessionDep
) -> SignatureOut | JSONResponse:
    # A wrong code must spend a try: the refusal is returned, so the transaction commits.
    return await committing(service.confirm(session, principal, challenge_id, body.code))


@router.post(
    "/{challenge_id}/resend",
    name="resend",
    status_code=202,
    summary="Отправить код подписи ещё раз (не чаще раза в минуту)",
    response_model=ChallengeOut,
    responses=problem_responses(401, 404, 409, 422, 429),
)
async def resend_code(
    challenge_id: uuid.UUID, principal: CurrentUser, session: SessionDep
) -> ChallengeOut:
    return await service.resend(session, principal, challenge_id)


@router.get(
    "",
    name="list",
    summary="Мои подписи: новые сверху (можно отобрать по подписанному документу)",
    response_model=SignaturePage,
    responses=problem_responses(401, 422),
)
async def list_signatures(
    principal: CurrentUser,
    session: SessionDep,
    subject_type: SignatureSubject | None = None,
    subject_id: uuid.UUID | None = None,
    limit: Limit = 20,
    offset: Offset = 0,
) -> SignaturePage:
    rows, total = await service.list_own(
        session,
        principal,
        subject_type=subject_type,
        subject_id=subject_id,
        limit=limit,
        offset=offset,
    )
    items = [await service.detail(session, principal, r) for r in rows]
    return SignaturePage(items=items, total=total, limit=limit, offset=offset)


@router.get(
    "/{signature_id}",
    name="get",
    summary="Моя подпись: подписанный документ и совпадает ли он с текущим",
    response_model=SignatureDetail,
    responses=problem_responses(401, 404, 422),
)
async def get_signature(
    signature_id: uuid.UUID, principal: CurrentUser, session: SessionDep
) -> SignatureDetail:
    return await service.detail(
        session, principal, await service.get_own(session, principal, signature_id)
    )
