"""``/api/v1/me/...``: the holder's SNILS, passport, verification state, confirmation code."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response
from fastapi.responses import JSONResponse
from sqlalchemy.ext.asyncio import AsyncSession

from api.db import SessionDep
from api.errors import TooManyRequests, committing, problem_responses
from api.i18n import Text
from api.identity import accounts, throttle
from api.identity.deps import CurrentUser, HotRead, Principal
from api.statements import model_response
from api.verification import confirmation, service, statements
from api.verification.registry import LocalRegistryGateway, RegistryGateway
from api.verification.schemas import ConfirmationCodeIn, PassportIn, SnilsIn, VerificationOut
from api.verification.views import verification_out

router = APIRouter(prefix="/me", tags=["verification"])

# Each try counts, refused ones included: a 409 says a SNILS or passport is in use, and
# that must not become a way to test many numbers.
IDENTITY_CHANGES = throttle.Window(limit=10, period=timedelta(days=1))


async def registry_gateway(request: Request) -> RegistryGateway:
    gateway: RegistryGateway | None = getattr(request.app.state, "registry_gateway", None)
    return gateway or LocalRegistryGateway()


RegistryDep = Annotated[RegistryGateway, Depends(registry_gateway)]


async def _count_change(session: AsyncSession, principal: Principal) -> None:
    key = throttle.bucket("identity-change", str(principal.account_id))
    await throttle.lock(session, key)
    wait = await throttle.retry_after(session, key, IDENTITY_CHANGES)
    if wait is not None:
        raise TooManyRequests(
            code="identity_changes_limit",
            detail=Text(
                "Слишком много изменений СНИЛС и паспорта за сутки. Повторите попытку позже.",
                "Too many SNILS and passport changes within a day. Try again later.",
            ),
            headers={"Retry-After": str(wait)},
        )
    await throttle.record(session, key, keep=IDENTITY_CHANGES.period)


@router.put(
    "/snils",
    name="put_snils",
    summary="Указать свой СНИЛС",
    response_model=VerificationOut,
    responses=problem_responses(401, 409, 422, 429),
)
async def put_snils(
    body: SnilsIn, principal: CurrentUser, session: SessionDep, gateway: RegistryDep
) -> VerificationOut | JSONResponse:
    async def run() -> VerificationOut:
        await _count_change(session, principal)
        account, _ = await service.set_snils(session, principal.account_id, body.snils, gateway)
        return await verification_out(session, account)

    return await committing(run())


@router.put(
    "/passport",
    name="put_passport",
    summary="Указать паспортные данные",
    response_model=VerificationOut,
    responses=problem_responses(401, 409, 422, 429),
)
async def put_passport(
    body: PassportIn, principal: CurrentUser, session: SessionDep, gateway: RegistryDep
) -> VerificationOut | JSONResponse:
    async def run() -> VerificationOut:
        await _count_change(session, principal)
        account, _ = await service.set_passport(session, principal.account_id, body, gateway)
        return await verification_out(session, account)

    return await committing(run())


@router.get(
    "/verification",
    name="get",
    summary="Уровень учётной записи и что нужно для следующего",
    response_model=VerificationOut,
    responses=problem_responses(401),
)
async def get_verification(hot: HotRead) -> Response:
    async with hot.connect() as connection:
        verification = await statements.read_verification(connection, hot.claims)
    return model_response(verification)


@router.post(
    "/confirmation-code",
    name="enter_confirmation_code",
    summary="Подтвердить учётную запись кодом, полученным у оператора",
    response_model=VerificationOut,
    responses=problem_responses(401, 409, 422),
)
async def enter_confirmation_code(
    body: ConfirmationCodeIn, principal: CurrentUser, session: SessionDep
) -> VerificationOut | JSONResponse:
    async def run() -> VerificationOut:
        await confirmation.redeem_code(session, principal, body.code)
        return await verification_out(session, await accounts.get(session, principal.account_id))

    return await committing(run())
