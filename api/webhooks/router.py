"""``/api/v1/integration/webhooks`` (the client's own, contract §5) and the school admin's
view under ``/api/v1/integration-clients/{id}/webhooks`` (§1)."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Response

from api.db import SessionDep
from api.errors import problem_responses
from api.identity.deps import HotRead, Principal, SettingsDep, require_roles, require_scopes
from api.identity.models import Role
from api.pagination import Limit, Offset
from api.webhooks import service, statements
from api.webhooks.models import DeliveryStatus
from api.webhooks.schemas import (
    DeliveryOut,
    DeliveryPage,
    WebhookCreated,
    WebhookIn,
    WebhookOut,
    WebhookPage,
    WebhookPatch,
    WebhookSecret,
)

MANAGE = "edudiary:webhooks.manage"

router = APIRouter(prefix="/integration/webhooks", tags=["integration-webhooks"])
admin_router = APIRouter(prefix="/integration-clients", tags=["integration-clients"])

Client = Annotated[Principal, Depends(require_scopes(MANAGE))]
Admin = Annotated[Principal, Depends(require_roles(Role.school_admin, Role.platform_admin))]
_NO_STORE = "no-store"


@router.post(
    "",
    name="create",
    status_code=201,
    summary="Подписаться на события: ключ подписи показывается один раз",
    response_model=WebhookCreated,
    responses=problem_responses(401, 403, 422),
)
async def create_webhook(
    body: WebhookIn, client: Client, session: SessionDep, settings: SettingsDep, response: Response
) -> WebhookCreated:
    webhook, secret = await service.create(session, client, body, settings)
    response.headers["Cache-Control"] = _NO_STORE
    return WebhookCreated(**service.out(webhook).model_dump(), secret=secret)


@router.get(
    "",
    name="list",
    summary="Вебхуки клиента",
    response_model=WebhookPage,
    responses=problem_responses(401, 403, 422),
)
async def list_webhooks(
    client: Client, session: SessionDep, limit: Limit = 50, offset: Offset = 0
) -> WebhookPage:
    rows, total = await service.page(session, client, limit=limit, offset=offset)
    return WebhookPage(
        items=[service.out(w) for w in rows], total=total, limit=limit, offset=offset
    )


@router.get(
    "/{webhook_id}",
    name="get",
    summary="Вебхук",
    response_model=WebhookOut,
    responses=problem_responses(401, 403, 404, 422),
)
async def get_webhook(webhook_id: uuid.UUID, client: Client, session: SessionDep) -> WebhookOut:
    return service.out(await service.get(session, client, webhook_id))


@router.patch(
    "/{webhook_id}",
    name="update",
    summary="Изменить адрес, типы событий или включить/выключить вебхук",
    response_model=WebhookOut,
    responses=problem_responses(401, 403, 404, 422),
)
async def update_webhook(
    webhook_id: uuid.UUID,
    body: WebhookPatch,
    client: Client,
    session: SessionDep,
    settings: SettingsDep,
) -> WebhookOut:
    return service.out(await service.patch(session, client, webhook_id, body, settings))


@router.delete(
    "/{webhook_id}",
    name="delete",
    status_code=204,
    summary="Удалить вебхук вместе с журналом доставок",
    response_class=Response,
    responses=problem_responses(401, 403, 404),
)
async def delete_webhook(webhook_id: uuid.UUID, client: Client, session: SessionDep) -> Response:
    await service.delete(session, client, webhook_id)
    return Response(status_code=204)


@router.post(
    "/{webhook_id}/rotate-secret",
    name="rotate_secret",
    summary="Новый ключ подписи; прежний подписывает ещё 24 часа",
    response_model=WebhookSecret,
    responses=problem_responses(401, 403, 404),
)
async def rotate_secret(
    webhook_id: uuid.UUID, client: Client, session: SessionDep, response: Response
) -> WebhookSecret:
    secret = await service.rotate(session, client, webhook_id)
    response.headers["Cache-Control"] = _NO_STORE
    return WebhookSecret(secret=secret)


@router.post(
    "/{webhook_id}/test",
    name="test",
    status_code=202,
    summary="Отправить пробное событие webhook.test",
    response_model=DeliveryOut,
    responses=problem_responses(401, 403, 404, 409),
)
async def test_webhook(webhook_id: uuid.UUID, client: Client, session: SessionDep) -> DeliveryOut:
    delivery = await service.send_test(session, client, webhook_id)
    return service.delivery_out(delivery, "webhook.test")


@router.get(
    "/{webhook_id}/deliveries",
    name="deliveries",
    summary="Журнал доставок вебхука (30 дней)",
    response_model=DeliveryPage,
    responses=problem_responses(401, 403, 404, 422),
)
async def list_deliveries(
    webhook_id: uuid.UUID,
    client: Client,
    session: SessionDep,
    status: DeliveryStatus | None = None,
    event_type: str | None = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> DeliveryPage:
    webhook = await service.get(session, client, webhook_id)
    items, total = await service.deliveries(
        session, webhook, status=status, event_type=event_type, limit=limit, offset=offset
    )
    return DeliveryPage(items=items, total=total, limit=limit, offset=offset)


@router.post(
    "/{webhook_id}/deliveries/{delivery_id}/redeliver",
    name="redeliver",
    status_code=202,
    summary="Повторить доставку (тот же webhook-id, новая попытка)",
    response_model=DeliveryOut,
    responses=problem_responses(401, 403, 404, 409),
)
async def redeliver(
    webhook_id: uuid.UUID, delivery_id: uuid.UUID, client: Client, session: SessionDep
) -> DeliveryOut:
    return await service.redeliver(session, client, webhook_id, delivery_id)


# --- the school admin's view ------------------------------------------------------------


@admin_router.get(
    "/{client_uuid}/webhooks",
    name="webhooks",
    summary="Вебхуки клиента интеграции (без ключей)",
    response_model=WebhookPage,
    responses=problem_responses(401, 403, 404, 422),
)
async def client_webhooks(
    client_uuid: uuid.UUID, hot: HotRead, limit: Limit = 50, offset: Offset = 0
) -> Response:
    async with hot.connect() as connection:
        body = await statements.read_client_webhooks(
            connection, hot.claims, client_uuid, limit=limit, offset=offset
        )
    return Response(body, media_type="application/json")


@admin_router.post(
    "/{client_uuid}/webhooks/{webhook_id}/disable",
    name="disable_webhook",
    summary="Выключить вебхук клиента",
    response_model=WebhookOut,
    responses=problem_responses(401, 403, 404),
)
async def disable_webhook(
    client_uuid: uuid.UUID, webhook_id: uuid.UUID, admin: Admin, session: SessionDep
) -> WebhookOut:
    return service.out(await service.admin_disable(session, admin, client_uuid, webhook_id))


@admin_router.get(
    "/{client_uuid}/webhooks/{webhook_id}/deliveries",
    name="webhook_deliveries",
    summary="Журнал доставок вебхука клиента (30 дней)",
    response_model=DeliveryPage,
    responses=problem_responses(401, 403, 404, 422),
)
async def client_webhook_deliveries(
    client_uuid: uuid.UUID,
    webhook_id: uuid.UUID,
    admin: Admin,
    session: SessionDep,
    status: DeliveryStatus | None = None,
    event_type: str | None = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> DeliveryPage:
    webhook = await service.of_client_one(session, admin, client_uuid, webhook_id)
    items, total = await service.deliveries(
        session, webhook, status=status, event_type=event_type, limit=limit, offset=offset
    )
    return DeliveryPage(items=items, total=total, limit=limit, offset=offset)


@admin_router.post(
    "/{client_uuid}/webhooks/{webhook_id}/deliveries/{delivery_id}/redeliver",
    name="webhook_redeliver",
    status_code=202,
    summary="Повторить доставку события клиенту",
    response_model=DeliveryOut,
    responses=problem_responses(401, 403, 404, 409),
)
async def client_webhook_redeliver(
    client_uuid: uuid.UUID,
    webhook_id: uuid.UUID,
    delivery_id: uuid.UUID,
    admin: Admin,
    session: SessionDep,
) -> DeliveryOut:
    webhook = await service.of_client_one(session, admin, client_uuid, webhook_id)
    return await service.redeliver(session, admin, webhook.id, delivery_id)
