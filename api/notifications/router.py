"""``/api/v1/notifications``: the bell (newest first, unread count) and delivery settings."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Response

from api.db import HotConnection, SessionDep
from api.errors import problem_responses
from api.identity.deps import BearerToken, CurrentUser
from api.notifications import service, statements
from api.notifications.schemas import (
    NotificationFeed,
    NotificationOut,
    NotificationSettings,
    ReadAllOut,
)
from api.pagination import Limit, Offset

router = APIRouter(prefix="/notifications", tags=["notifications"])


@router.get(
    "",
    name="list",
    summary="Уведомления: новые сверху, со счётчиком непрочитанных",
    response_model=NotificationFeed,
    responses=problem_responses(401, 422),
)
async def list_notifications(
    token: BearerToken,
    connection: HotConnection,
    unread_only: bool = False,
    limit: Limit = 20,
    offset: Offset = 0,
) -> Response:
    body = await statements.read_feed(
        connection, token, unread_only=unread_only, limit=limit, offset=offset
    )
    return Response(body, media_type="application/json")


@router.post(
    "/read-all",
    name="read_all",
    summary="Отметить все уведомления прочитанными",
    response_model=ReadAllOut,
    responses=problem_responses(401),
)
async def read_all(principal: CurrentUser, session: SessionDep) -> ReadAllOut:
    return ReadAllOut(updated=await service.mark_all_read(session, principal.account_id))


@router.get(
    "/settings",
    name="get_settings",
    summary="Какие уведомления дублировать СМС и письмом",
    response_model=NotificationSettings,
    responses=problem_responses(401),
)
async def get_settings(principal: CurrentUser, session: SessionDep) -> NotificationSettings:
    sms, email = await service.preferences(session, principal.account_id)
    return NotificationSettings.model_validate({"sms": sms, "email": email})


@router.put(
    "/settings",
    name="update_settings",
    summary="Изменить, какие уведомления дублировать СМС и письмом",
    response_model=NotificationSettings,
    responses=problem_responses(401, 422),
)
async def update_settings(
    body: NotificationSettings, principal: CurrentUser, session: SessionDep
) -> NotificationSettings:
    sms, email = await service.set_preferences(
        session, principal.account_id, sms=body.sms, email=body.email
    )
    return NotificationSettings.model_validate({"sms": sms, "email": email})


@router.post(
    "/{notification_id}/read",
    name="read",
    summary="Отметить уведомление прочитанным",
    response_model=NotificationOut,
    responses=problem_responses(401, 404, 422),
)
async def read(
    notification_id: uuid.UUID, principal: CurrentUser, session: SessionDep
) -> NotificationOut:
    item = await service.mark_read(session, principal.account_id, notification_id)
    return NotificationOut.model_validate(item, from_attributes=True)
