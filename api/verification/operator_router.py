"""``/api/v1/operator/accounts``: what an identity-confirmation operator works with.

Every read of an account's personal data and every confirmation writes an audit event.
"""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Response

from api.audit import service as audit
from api.db import SessionDep
from api.errors import FieldError, ValidationFailed, problem_responses
from api.i18n import Text
from api.identity import accounts
from api.identity.deps import HotRead, OperatorUser
from api.pagination import Limit, Offset
from api.validation.checks import check_phone
from api.verification import confirmation, operator_statements
from api.verification.models import ConfirmationMethod
from api.verification.schemas import (
    ConfirmationCodeOut,
    ConfirmationOut,
    ConfirmIn,
    OperatorAccountList,
    OperatorAccountOut,
)

router = APIRouter(prefix="/operator/accounts", tags=["operator"])


def _phone_or_error(phone: str) -> str:
    result = check_phone(phone)
    if result.valid and result.normalized:
        return result.normalized
    problem = result.errors[0]
    text = Text(problem.message_ru, problem.message_en)
    raise ValidationFailed(
        code=problem.code, detail=text, errors=[FieldError("phone", problem.code, text)]
    )


@router.get(
    "",
    name="search_accounts",
    summary="Найти учётную запись по номеру телефона",
    response_model=OperatorAccountList,
    responses=problem_responses(401, 403, 422),
)
async def search_accounts(
    hot: HotRead,
    phone: Annotated[str, Query(max_length=32, description="Телефон в любом формате")],
    limit: Limit = 20,
    offset: Offset = 0,
) -> Response:
    normalized = _phone_or_error(phone)
    async with hot.connect() as connection:
        row = await operator_statements.search(
            connection, hot.claims, phone=normalized, limit=limit, offset=offset
        )
        ids = [str(i) for i in row["ids"] or ()]
        # Every search is audited, an empty one too: who looked for which phone's accounts.
        await audit.record_read(
            connection,
            hot.claims.account_id,
            row["roles"],
            "account.search",
            "account",
            None,
            {"result_count": len(ids), "account_ids": ids},
        )
    return Response(row["body"], media_type="application/json")


@router.get(
    "/{account_id}",
    name="get_account",
    summary="Учётная запись: уровень, замаскированные СНИЛС и паспорт, документы",
    response_model=OperatorAccountOut,
    responses=problem_responses(401, 403, 404, 422),
)
async def get_account(account_id: uuid.UUID, hot: HotRead) -> Response:
    async with hot.connect() as connection:
        body, roles = await operator_statements.account(connection, hot.claims, account_id)
        if body is None:
            raise accounts.account_not_found()
        await audit.record_read(
            connection, hot.claims.account_id, roles, "account.view", "account", account_id, {}
        )
    return Response(body, media_type="application/json")


@router.post(
    "/{account_id}/confirm",
    name="confirm_account",
    summary="Подтвердить личность (центр обслуживания или видеосвязь)",
    response_model=ConfirmationOut,
    responses=problem_responses(401, 403, 404, 409, 422),
)
async def confirm_account(
    account_id: uuid.UUID, body: ConfirmIn, operator: OperatorUser, session: SessionDep
) -> ConfirmationOut:
    record = await confirmation.confirm(
        session, operator, account_id, method=ConfirmationMethod(body.method), note=body.note
    )
    account = await accounts.get(session, account_id)
    return ConfirmationOut(
        account_id=account_id,
        level=account.level,
        method=record.method,
        confirmed_at=record.created_at,
    )


@router.post(
    "/{account_id}/confirmation-code",
    name="issue_confirmation_code",
    status_code=201,
    summary="Выдать одноразовый код подтверждения (показывается один раз, действует 30 дней)",
    response_model=ConfirmationCodeOut,
    responses=problem_responses(401, 403, 404, 409, 422),
)
async def issue_confirmation_code(
    account_id: uuid.UUID, operator: OperatorUser, session: SessionDep, response: Response
) -> ConfirmationCodeOut:
    code, expires_at = await confirmation.issue_code(session, operator, account_id)
    response.headers["Cache-Control"] = "no-store"  # a secret shown once
    return ConfirmationCodeOut(code=code, expires_at=expires_at)
