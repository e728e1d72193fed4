"""``/api/v1/me``: the caller's profile, settings, sessions, authenticator app, e-mail."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Response
from fastapi.responses import JSONResponse

from api.db import SessionDep
from api.errors import committing, problem_responses
from api.identity import accounts, email_confirmation, profile, sessions, totp
from api.identity.deps import CurrentUser, HotRead, SettingsDep
from api.identity.schemas import (
    EmailIn,
    EmailOut,
    MeOut,
    SessionList,
    SessionOut,
    SettingsIn,
    TotpCodeIn,
    TotpSetupOut,
)
from api.pagination import Limit, Offset

router = APIRouter(prefix="/me", tags=["me"])


@router.get(
    "",
    name="get",
    summary="Моя учётная запись: ФИО, контакты, роли, уровень",
    response_model=MeOut,
    responses=problem_responses(401),
)
async def get_me(hot: HotRead) -> Response:
    async with hot.connect() as connection:
        return Response(
            await profile.read_me(connection, hot.claims), media_type="application/json"
        )


@router.patch(
    "/settings",
    name="update_settings",
    summary="Изменить настройки входа (подтверждение входа по СМС)",
    response_model=MeOut,
    responses=problem_responses(401, 403, 422),
)
async def update_settings(body: SettingsIn, principal: CurrentUser, session: SessionDep) -> MeOut:
    account = await profile.update_settings(
        session, principal.account_id, mfa_sms_enabled=body.mfa_sms_enabled
    )
    return profile.me_out(account)


@router.get(
    "/sessions",
    name="list_sessions",
    summary="Мои активные сеансы (устройства, где выполнен вход)",
    response_model=SessionList,
    responses=problem_responses(401, 422),
)
async def list_sessions(
    principal: CurrentUser,
    session: SessionDep,
    limit: Limit = 50,
    offset: Offset = 0,
) -> SessionList:
    active = await sessions.list_active(session, principal.account_id)
    return SessionList(
        items=[
            SessionOut(
                id=s.id,
                created_at=s.created_at,
                last_used_at=s.last_used_at,
                user_agent=s.user_agent,
                current=s.id == principal.session_id,
            )
            for s in active[offset : offset + limit]
        ],
        total=len(active),
        limit=limit,
        offset=offset,
    )


@router.delete(
    "/sessions/{session_id}",
    name="revoke_session",
    status_code=204,
    summary="Завершить сеанс на другом устройстве",
    response_class=Response,
    responses=problem_responses(401, 404, 422),
)
async def revoke_session(
    session_id: uuid.UUID, principal: CurrentUser, session: SessionDep
) -> Response:
    await sessions.revoke_own(session, principal.account_id, session_id)
    return Response(status_code=204)


@router.post(
    "/totp/setup",
    name="setup_totp",
    summary="Начать подключение приложения-генератора кодов (секрет и QR-код)",
    response_model=TotpSetupOut,
    responses=problem_responses(401, 409),
)
async def setup_totp(principal: CurrentUser, session: SessionDep) -> TotpSetupOut:
    account = await accounts.get(session, principal.account_id)
    return await totp.setup(session, account)


@router.post(
    "/totp/confirm",
    name="confirm_totp",
    summary="Завершить подключение приложения кодом из него",
    response_model=MeOut,
    responses=problem_responses(401, 409, 422, 429),
)
async def confirm_totp(
    body: TotpCodeIn, principal: CurrentUser, session: SessionDep
) -> MeOut | JSONResponse:
    account = await accounts.get(session, principal.account_id)
    result = await committing(totp.confirm(session, account, body.code))
    return result if isinstance(result, JSONResponse) else profile.me_out(account)


@router.delete(
    "/totp",
    name="disable_totp",
    summary="Отключить приложение-генератор кодов (нужен текущий код из него)",
    response_model=MeOut,
    responses=problem_responses(401, 409, 422, 429),
)
async def disable_totp(
    body: TotpCodeIn, principal: CurrentUser, session: SessionDep
) -> MeOut | JSONResponse:
    account = await accounts.get(session, principal.account_id)
    result = await committing(totp.disable(session, account, body.code))
    return result if isinstance(result, JSONResponse) else profile.me_out(account)


@router.post(
    "/email",
    name="set_email",
    status_code=202,
    summary="Указать e-mail: на него придёт ссылка для подтверждения",
    response_model=EmailOut,
    responses=problem_responses(401, 422, 429),
)
async def set_email(
    body: EmailIn, principal: CurrentUser, session: SessionDep, settings: SettingsDep
) -> EmailOut:
    account = await accounts.get(session, principal.account_id)
    account = await email_confirmation.change_address(session, settings, account, body.email)
    return EmailOut(
        email=account.email or "", email_confirmed=account.email_confirmed_at is not None
    )
