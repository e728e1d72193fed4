"""``/api/v1/auth``: registration, phone confirmation, log-in, tokens, password reset."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Body, Cookie, Depends, Request, Response
from fastapi.responses import JSONResponse
from fastapi.security import HTTPAuthorizationCredentials

from api.db import SessionDep
from api.errors import AppError, committing, problem_for, problem_responses
from api.identity import email_confirmation, login, recovery, registration, sessions, tokens
from api.identity.deps import SettingsDep, bearer_scheme, client_ip, user_agent
from api.identity.http import REFRESH_COOKIE, clear_refresh_cookie, tokens_out
from api.identity.keys import key_ring
from api.identity.schemas import (
    ChallengeIn,
    CodeSentOut,
    EmailConfirmIn,
    EmailOut,
    JwksOut,
    LoginIn,
    LoginVerifyIn,
    MfaChallengeOut,
    PasswordResetConfirmIn,
    PasswordResetIn,
    PhoneConfirmIn,
    PhoneIn,
    RefreshIn,
    RegisterIn,
    RegisterOut,
    TokensOut,
)

router = APIRouter(prefix="/auth", tags=["auth"])
jwks_router = APIRouter(tags=["auth"])

RefreshCookie = Annotated[
    str | None, Cookie(alias=REFRESH_COOKIE, include_in_schema=False, max_length=200)
]


@router.post(
    "/register",
    name="register",
    status_code=201,
    summary="Регистрация: ФИО, телефон, пароль; на телефон уходит код в СМС",
    response_model=RegisterOut,
    responses=problem_responses(422, 429),
)
async def register(body: RegisterIn, session: SessionDep) -> RegisterOut:
    return await registration.register(session, body)


@router.post(
    "/phone/confirm",
    name="confirm_phone",
    summary="Подтвердить телефон кодом из СМС и войти",
    response_model=TokensOut,
    responses=problem_responses(422),
)
async def confirm_phone(
    body: PhoneConfirmIn,
    request: Request,
    response: Response,
    session: SessionDep,
    settings: SettingsDep,
) -> TokensOut | JSONResponse:
    result = await committing(
        registration.confirm_phone(
            session, settings, phone=body.phone, code=body.code, user_agent=user_agent(request)
        )
    )
    return result if isinstance(result, JSONResponse) else tokens_out(result, response, settings)


@router.post(
    "/phone/resend",
    name="resend_phone_code",
    status_code=202,
    summary="Отправить код подтверждения телефона ещё раз",
    response_model=CodeSentOut,
    responses=problem_responses(422, 429),
)
async def resend_phone_code(body: PhoneIn, session: SessionDep) -> CodeSentOut:
    return await registration.resend(session, body.phone)


@router.post(
    "/login",
    name="login",
    summary="Вход по телефону или e-mail и паролю",
    response_model=TokensOut | MfaChallengeOut,
    responses=problem_responses(401, 403, 422, 423, 429),
)
async def log_in(
    body: LoginIn,
    request: Request,
    response: Response,
    session: SessionDep,
    settings: SettingsDep,
) -> TokensOut | MfaChallengeOut | JSONResponse:
    result = await committing(
        login.login(
            session,
            settings,
            login=body.login,
            password=body.password,
            address=client_ip(request),
            user_agent=user_agent(request),
        )
    )
    if isinstance(result, JSONResponse | MfaChallengeOut):
        return result
    return tokens_out(result, response, settings)


@router.post(
    "/login/verify",
    name="verify_login",
    summary="Подтвердить вход кодом из СМС или приложения",
    response_model=TokensOut,
    responses=problem_responses(422, 429),
)
async def verify_login(
    body: LoginVerifyIn,
    request: Request,
    response: Response,
    session: SessionDep,
    settings: SettingsDep,
) -> TokensOut | JSONResponse:
    result = await committing(
        login.verify(
            session,
            settings,
            challenge_id=body.challenge_id,
            code=body.code,
            method=body.method,
            user_agent=user_agent(request),
        )
    )
    return result if isinstance(result, JSONResponse) else tokens_out(result, response, settings)


@router.post(
    "/login/resend",
    name="resend_login_code",
    status_code=202,
    summary="Отправить код для входа по СМС ещё раз",
    response_model=CodeSentOut,
    responses=problem_responses(422, 429),
)
async def resend_login_code(body: ChallengeIn, session: SessionDep) -> CodeSentOut:
    return await login.resend(session, challenge_id=body.challenge_id)


@router.post(
    "/refresh",
    name="refresh",
    summary="Обновить ключ доступа по ключу обновления (тело запроса или cookie)",
    response_model=TokensOut,
    responses=problem_responses(401, 422),
)
async def refresh(
    request: Request,
    response: Response,
    session: SessionDep,
    settings: SettingsDep,
    cookie: RefreshCookie = None,
    body: Annotated[RefreshIn | None, Body()] = None,
) -> TokensOut | JSONResponse:
    token = (body.refresh_token if body else None) or cookie
    if not token:
        return await committing(_no_refresh_token())
    result = await committing(
        sessions.rotate(session, settings, token, user_agent=user_agent(request))
    )
    if isinstance(result, JSONResponse):
        clear_refresh_cookie(result, settings)
        return result
    return tokens_out(result, response, settings)


async def _no_refresh_token() -> TokensOut:
    raise sessions.refresh_invalid()


@router.post(
    "/logout",
    name="logout",
    status_code=204,
    summary="Выйти: завершить текущий сеанс",
    response_class=Response,
    responses=problem_responses(401, 422),
)
async def logout(
    session: SessionDep,
    settings: SettingsDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer_scheme)],
    cookie: RefreshCookie = None,
    body: Annotated[RefreshIn | None, Body()] = None,
) -> Response:
    """Ends the session of the bearer token and/or of the refresh token (body or cookie):
    an access token that has just expired still lets the SPA log out with its cookie."""
    refresh_token = (body.refresh_token if body else None) or cookie
    ended = False
    if credentials is not None:
        try:
            claims = tokens.decode_access_token(settings, credentials.credentials)
        except AppError:
            pass
        else:
            await sessions.revoke(session, claims.session_id, reason="logout")
            ended = True
    if refresh_token:
        family = await sessions.find_by_refresh_token(session, refresh_token)
        if family is not None:
            await sessions.revoke(session, family.id, reason="logout")
            ended = True
    if not ended:
        problem = problem_for(tokens.TokenInvalid())
        clear_refresh_cookie(problem, settings)
        return problem
    answer = Response(status_code=204)
    clear_refresh_cookie(answer, settings)
    return answer


@router.post(
    "/password/reset",
    name="request_password_reset",
    status_code=202,
    summary="Восстановление пароля: код по СМС или ссылка на e-mail",
    response_class=Response,
    responses=problem_responses(422),
)
async def request_password_reset(
    body: PasswordResetIn, session: SessionDep, settings: SettingsDep
) -> Response:
    await recovery.request_reset(session, settings, body.login)
    return Response(status_code=202)


@router.post(
    "/password/reset/confirm",
    name="confirm_password_reset",
    status_code=204,
    summary="Задать новый пароль по коду; все сеансы завершаются",
    response_class=Response,
    responses=problem_responses(422),
)
async def confirm_password_reset(body: PasswordResetConfirmIn, session: SessionDep) -> Response:
    result = await committing(
        recovery.confirm_reset(
            session,
            login=body.login,
            link=body.link,
            code=body.code,
            new_password=body.new_password,
        )
    )
    if isinstance(result, JSONResponse):
        return result
    return Response(status_code=204)


@router.post(
    "/email/confirm",
    name="confirm_email",
    summary="Подтвердить e-mail по ссылке из письма",
    response_model=EmailOut,
    responses=problem_responses(409, 422),
)
async def confirm_email(body: EmailConfirmIn, session: SessionDep) -> EmailOut:
    account = await email_confirmation.confirm(session, body.token)
    return EmailOut(email=account.email or "", email_confirmed=True)


@jwks_router.get(
    "/.well-known/jwks.json",
    name="jwks",
    summary="Открытые ключи для проверки подписи ключей доступа (JWKS)",
    response_model=JwksOut,
)
async def jwks(settings: SettingsDep) -> Response:
    # The body is built once per key ring (JwksOut documents it): validating and
    # serialising the same keys again was most of this route's own time.
    return Response(
        key_ring(settings).jwks_json,
        media_type="application/json",
        headers={"Cache-Control": "public, max-age=300"},
    )
