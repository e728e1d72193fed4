"""``/api/v1/integration-clients`` (contract §1) for school admins, and ``/oauth/token`` (§2)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Response

from api.audit.schemas import AuditEventList
from api.db import SessionDep
from api.errors import problem_responses
from api.identity.deps import HotRead, Principal, require_roles
from api.identity.models import Role
from api.integrations import service, statements
from api.integrations.schemas import (
    ClientCreated,
    ClientIn,
    ClientOut,
    ClientPage,
    ClientPatch,
    ClientStatus,
    RevokeIn,
    RotateIn,
)
from api.pagination import Limit, Offset

router = APIRouter(prefix="/integration-clients", tags=["integration-clients"])

Admin = Annotated[Principal, Depends(require_roles(Role.school_admin, Role.platform_admin))]
_NO_STORE = "no-store"


@router.post(
    "",
    name="create",
    status_code=201,
    summary="Подключить внешнюю систему: секрет показывается один раз",
    response_model=ClientCreated,
    responses=problem_responses(401, 403, 422),
)
async def create_client(
    body: ClientIn, admin: Admin, session: SessionDep, response: Response
) -> ClientCreated:
    client, secret = await service.create(session, admin, body)
    response.headers["Cache-Control"] = _NO_STORE
    return service.created(client, secret)


@router.get(
    "",
    name="list",
    summary="Клиенты интеграции школы",
    response_model=ClientPage,
    responses=problem_responses(401, 403, 422),
)
async def list_clients(
    admin: Admin,
    session: SessionDep,
    status: ClientStatus | None = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> ClientPage:
    rows, total = await service.page(session, admin, status, limit=limit, offset=offset)
    return ClientPage(items=[service.out(c) for c in rows], total=total, limit=limit, offset=offset)


@router.get(
    "/{client_uuid}",
    name="get",
    summary="Клиент интеграции",
    response_model=ClientOut,
    responses=problem_responses(401, 403, 404, 422),
)
async def get_client(client_uuid: uuid.UUID, admin: Admin, session: SessionDep) -> ClientOut:
    return service.out(await service.get(session, admin, client_uuid))


@router.patch(
    "/{client_uuid}",
    name="update",
    summary="Изменить название, права (scopes) или лимит запросов",
    response_model=ClientOut,
    responses=problem_responses(401, 403, 404, 422),
)
async def update_client(
    client_uuid: uuid.UUID, body: ClientPatch, admin: Admin, session: SessionDep
) -> ClientOut:
    return service.out(await service.patch(session, admin, client_uuid, body))


@router.post(
    "/{client_uuid}/rotate-secret",
    name="rotate_secret",
    summary="Выпустить новый секрет; прежний действует ещё grace_period_hours часов",
    response_model=ClientCreated,
    responses=problem_responses(401, 403, 404, 422),
)
async def rotate_secret(
    client_uuid: uuid.UUID,
    admin: Admin,
    session: SessionDep,
    response: Response,
    body: RotateIn | None = None,
) -> ClientCreated:
    grace = body.grace_period_hours if body is not None else 0
    client, secret, previous_expires = await service.rotate(session, admin, client_uuid, grace)
    response.headers["Cache-Control"] = _NO_STORE
    return service.created(client, secret, previous_expires)


@router.post(
    "/{client_uuid}/revoke",
    name="revoke",
    summary="Отозвать клиента: его ключи перестают действовать сразу и навсегда",
    response_model=ClientOut,
    responses=problem_responses(401, 403, 404, 422),
)
async def revoke_client(
    client_uuid: uuid.UUID, admin: Admin, session: SessionDep, body: RevokeIn | None = None
) -> ClientOut:
    reason = body.reason if body is not None else None
    return service.out(await service.revoke(session, admin, client_uuid, reason))


@router.get(
    "/{client_uuid}/access-log",
    name="access_log",
    summary="Что клиент читал и менял (журнал аудита)",
    response_model=AuditEventList,
    responses=problem_responses(401, 403, 404, 422),
)
async def access_log(
    client_uuid: uuid.UUID,
    hot: HotRead,
    since: Annotated[datetime | None, Query(alias="from")] = None,
    until: Annotated[datetime | None, Query(alias="to")] = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> Response:
    async with hot.connect() as connection:
        body = await statements.read_access_log(
            connection,
            hot.claims,
            client_uuid,
            since=since,
            until=until,
            limit=limit,
            offset=offset,
        )
    return Response(body, media_type="application/json")
