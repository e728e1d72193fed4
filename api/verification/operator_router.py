"""``/api/v1/operator/accounts``: what an identity-confirmation operator works with.

Every read of an account's personal data and every confirmation writes an audit event.
"""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Response
from sqlalchemy import func, select

from api.audit import service as audit
from api.db import SessionDep
from api.documents import service as documents_service
from api.errors import FieldError, ValidationFailed, problem_responses
from api.i18n import Text
from api.identity import accounts
from api.identity.deps import OperatorUser
from api.identity.models import Account, RegistryStatus
from api.pagination import Limit, Offset
from api.validation.checks import check_phone
from api.verification import confirmation, service
from api.verification.models import ConfirmationMethod
from api.verification.schemas import (
    ConfirmationCodeOut,
    ConfirmationOut,
    ConfirmationRecordOut,
    ConfirmIn,
    OperatorAccountItem,
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
    operator: OperatorUser,
    session: SessionDep,
    phone: Annotated[str, Query(max_length=32, description="Телефон в любом формате")],
    limit: Limit = 20,
    offset: Offset = 0,
) -> OperatorAccountList:
    normalized = _phone_or_error(phone)
    query = select(Account).where(Account.phone == normalized)
    total = await session.scalar(query.with_only_columns(func.count(Account.id)))
    found = list(
        await session.scalars(query.order_by(Account.created_at).limit(limit).offset(offset))
    )
    counts = await documents_service.count_by_account(session, [a.id for a in found])
    await audit.record(
        session,
        operator,
        "account.search",
        "account",
        None,
        {"result_count": len(found), "account_ids": [str(a.id) for a in found]},
    )
    return OperatorAccountList(
        items=[
            OperatorAccountItem(
                id=a.id,
                last_name=a.last_name,
                first_name=a.first_name,
                middle_name=a.middle_name,
                phone=a.phone,
                level=a.level,
                created_at=a.created_at,
                documents_count=counts.get(a.id, 0),
            )
            for a in found
        ],
        total=int(total or 0),
        limit=limit,
        offset=offset,
    )


@router.get(
    "/{account_id}",
    name="get_account",
    summary="Учётная запись: уровень, замаскированные СНИЛС и паспорт, документы",
    response_model=OperatorAccountOut,
    responses=problem_responses(401, 403, 404, 422),
)
async def get_account(
    account_id: uuid.UUID, operator: OperatorUser, session: SessionDep
) -> OperatorAccountOut:
    account = await accounts.get(session, account_id)
    identity = await service.get_identity(session, account_id)
    documents, _ = await documents_service.list_documents(
        session, documents_service.account_documents(account_id), limit=100, offset=0
    )
    history = await confirmation.history(session, account_id)
    await audit.record(session, operator, "account.view", "account", account_id)
    return OperatorAccountOut(
        id=account.id,
        last_name=account.last_name,
        first_name=account.first_name,
        middle_name=account.middle_name,
        phone=account.phone,
        email=account.email,
        level=account.level,
        status=account.status,
        created_at=account.created_at,
        snils=service.masked_snils(identity),
        passport=service.masked_passport(identity),
        registry_status=identity.registry_status if identity else RegistryStatus.pending,
        registry_message=service.registry_message(identity),
        confirmations=[
            ConfirmationRecordOut(
                method=c.method, operator_id=c.operator_id, created_at=c.created_at
            )
            for c in history
        ],
        documents=[documents_service.document_out(d) for d in documents],
    )


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
