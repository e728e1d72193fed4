"""``/api/v1/notifications``: the bell (newest first, unread count) and delivery settings."""

from __future__ import annotations

import uuid
from datetime import time

from fastapi import APIRouter, Response

from api.db import SessionDep
from api.errors import problem_responses
from api.identity.deps import CurrentUser, HotRead
from api.notifications import digest, schedule, service, statements
from api.notifications.schemas import (
    EmailDigest,
    NotificationFeed,
    NotificationOut,
    NotificationSettings,
    QuietHours,
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
    hot: HotRead,
    unread_only: bool = False,
    limit: Limit = 20,
    offset: Offset = 0,
) -> Response:
    async with hot.connect() as connection:
        body = await statements.read_feed(
            connection, hot.claims, unread_only=unread_only, limit=limit, offset=offset
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


me_router = APIRouter(prefix="/me", tags=["notifications"])


def _quiet_out(plan: schedule.Schedule) -> QuietHours:
    return QuietHours(
        enabled=plan.quiet_enabled,
        start=plan.quiet_start.strftime("%H:%M"),
        end=plan.quiet_end.strftime("%H:%M"),
    )


@me_router.get(
    "/quiet-hours",
    name="get_quiet_hours",
    summary="Тихие часы: когда не присылать push, СМС и письма (по времени школы)",
    response_model=QuietHours,
    responses=problem_responses(401),
)
async def get_quiet_hours(principal: CurrentUser, session: SessionDep) -> QuietHours:
    return _quiet_out(await schedule.of_account(session, principal.account_id))


@me_router.put(
    "/quiet-hours",
    name="update_quiet_hours",
    summary="Изменить тихие часы",
    response_model=QuietHours,
    responses=problem_responses(401, 422),
)
async def update_quiet_hours(
    body: QuietHours, principal: CurrentUser, session: SessionDep
) -> QuietHours:
    await schedule.save(
        session,
        principal.account_id,
        quiet_enabled=body.enabled,
        quiet_start=time.fromisoformat(body.start),
        quiet_end=time.fromisoformat(body.end),
    )
    return body


@me_router.get(
    "/email-digest",
    name="get_email_digest",
    summary="Сводка писем: одно письмо в день вместо письма на каждое событие",
    response_model=EmailDigest,
    responses=problem_responses(401),
)
async def get_email_digest(principal: CurrentUser, session: SessionDep) -> EmailDigest:
    return EmailDigest(enabled=await digest.digest_enabled(session, principal.account_id))


@me_router.put(
    "/email-digest",
    name="update_email_digest",
    summary="Включить или выключить ежедневную сводку писем",
    response_model=EmailDigest,
    responses=problem_responses(401, 422),
)
async def update_email_digest(
    body: EmailDigest, principal: CurrentUser, session: SessionDep
) -> EmailDigest:
    await digest.set_digest(session, principal.account_id, body.enabled, schedule.now())
    return body
