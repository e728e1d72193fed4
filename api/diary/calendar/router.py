"""The secret iCalendar feed URL (``/me/calendar-feed``) and the feed itself."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Response

from api.db import SessionDep
from api.diary.calendar import service
from api.diary.calendar.schemas import CalendarFeedOut
from api.errors import problem_responses
from api.identity.deps import CurrentUser, SettingsDep

router = APIRouter(tags=["calendar"])


@router.get(
    "/me/calendar-feed",
    name="feed_url",
    summary="Моя секретная ссылка на календарь уроков (iCalendar)",
    response_model=CalendarFeedOut,
    responses=problem_responses(401),
)
async def feed_url(
    principal: CurrentUser, session: SessionDep, settings: SettingsDep
) -> CalendarFeedOut:
    token = await service.current_token(session, principal.account_id)
    return CalendarFeedOut(url=service.feed_url(settings, token))


@router.post(
    "/me/calendar-feed/rotate",
    name="rotate",
    summary="Выпустить новую ссылку на календарь (старая перестаёт работать)",
    response_model=CalendarFeedOut,
    responses=problem_responses(401),
)
async def rotate(
    principal: CurrentUser, session: SessionDep, settings: SettingsDep
) -> CalendarFeedOut:
    token = await service.rotate(session, principal.account_id)
    return CalendarFeedOut(url=service.feed_url(settings, token))


@router.get(
    "/calendar/{token}.ics",
    name="feed",
    summary="Календарь уроков по секретной ссылке (RFC 5545)",
    response_class=Response,
    responses={
        200: {
            "description": "Календарь iCalendar",
            "content": {"text/calendar": {"schema": {"type": "string"}}},
        },
        **problem_responses(404, 422),
    },
)
async def feed(
    token: Annotated[str, Path(min_length=16, max_length=64, pattern=r"^[A-Za-z0-9_-]+$")],
    session: SessionDep,
) -> Response:
    body = await service.render(session, token)
    return Response(
        content=body.encode(),
        media_type="text/calendar; charset=utf-8",
        headers={"Cache-Control": "private, max-age=300", "Referrer-Policy": "no-referrer"},
    )
