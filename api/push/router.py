"""Push (COMMUNICATION §5): the VAPID key, browser subscriptions, native devices."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Response

from api.db import SessionDep
from api.errors import NotFound, problem_responses
from api.i18n import Text
from api.identity.deps import CurrentUser, SettingsDep
from api.push import service
from api.push.schemas import CreatedOut, DeviceIn, PushSubscriptionIn, VapidKeyOut
from api.push.vapid import vapid_key

router = APIRouter(tags=["push"])


@router.get(
    "/push/vapid-public-key",
    name="vapid_public_key",
    summary="Открытый ключ VAPID для подписки браузера на уведомления",
    response_model=VapidKeyOut,
    responses=problem_responses(404),
)
async def get_vapid_public_key(settings: SettingsDep) -> VapidKeyOut:
    key = vapid_key(settings)
    if key is None:
        raise NotFound(
            code="web_push_not_configured",
            detail=Text(
                "Уведомления в браузере на этом сервере не настроены",
                "Browser push is not configured on this server",
            ),
        )
    return VapidKeyOut(key=key.public_key)


@router.post(
    "/me/push-subscriptions",
    name="subscribe",
    status_code=201,
    summary="Подписать браузер на уведомления (PushSubscription.toJSON())",
    response_model=CreatedOut,
    responses=problem_responses(401, 409, 422),
)
async def subscribe(
    body: PushSubscriptionIn, principal: CurrentUser, session: SessionDep, settings: SettingsDep
) -> CreatedOut:
    return CreatedOut(id=await service.subscribe(session, settings, principal.account_id, body))


@router.delete(
    "/me/push-subscriptions/{subscription_id}",
    name="unsubscribe",
    status_code=204,
    summary="Отписать браузер от уведомлений",
    responses=problem_responses(401, 404, 422),
)
async def unsubscribe(
    subscription_id: uuid.UUID, principal: CurrentUser, session: SessionDep
) -> Response:
    await service.unsubscribe(session, principal.account_id, subscription_id)
    return Response(status_code=204)


@router.post(
    "/me/devices",
    name="register_device",
    status_code=201,
    summary="Зарегистрировать устройство мобильного приложения для уведомлений",
    response_model=CreatedOut,
    responses=problem_responses(401, 422),
)
async def register_device(
    body: DeviceIn, principal: CurrentUser, session: SessionDep
) -> CreatedOut:
    return CreatedOut(id=await service.register_device(session, principal.account_id, body))


@router.delete(
    "/me/devices/{device_id}",
    name="remove_device",
    status_code=204,
    summary="Перестать присылать уведомления на устройство",
    responses=problem_responses(401, 404, 422),
)
async def remove_device(
    device_id: uuid.UUID, principal: CurrentUser, session: SessionDep
) -> Response:
    await service.remove_device(session, principal.account_id, device_id)
    return Response(status_code=204)
