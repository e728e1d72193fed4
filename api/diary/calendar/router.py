"""The secret iCalendar feed URL (``/me/calendar-feed``) and the feed itself."""

from __future__ import annotations

from datetime import UTC
from email.utils import format_datetime
from typing import Annotated

from fastapi import APIRouter, Path, Request, Response

from api.db import SessionDep, hot_connection
from api.diary.calendar import service
from api.diary.calendar.schemas import CalendarFeedOut
from api.errors import problem_responses
from api.identity.deps import CurrentUser, HotRead, SettingsDep
from api.statements import model_response

router = APIRouter(tags=["calendar"])

# The link is a secret: no shared cache keeps the feed and no Referer carries it on.
# Last-Modified is the newest change among the feed's events; it does not see an event
# deleted or one leaving the window, so a 304 answers only a matching ETag
# (If-None-Match), never If-Modified-Since alone.
CACHING = {"Cache-Control": "private, max-age=300", "Referrer-Policy": "no-referrer"}


@router.get(
    "/me/calendar-feed",
    name="feed_url",
    summary="Моя секретная ссылка на календарь уроков (iCalendar)",
    response_model=CalendarFeedOut,
    responses=problem_responses(401),
)
async def feed_url(hot: HotRead, request: Request) -> Response:
    async with hot.connect() as connection:
        token = await service.saved_token(connection, hot.claims)
    if token is None:
        # The first time: the feed is created on the primary (a GET's session may be a
        # read replica's) and committed before the answer.
        async with request.app.state.sessionmaker() as session:
            token = await service.current_token(session, hot.claims.account_id)
            await session.commit()
    return model_response(CalendarFeedOut(url=service.feed_url(hot.state.settings, token)))


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
        304: {"description": "Календарь не изменился (If-None-Match совпал с ETag)"},
        **problem_responses(404, 422),
    },
)
async def feed(
    token: Annotated[str, Path(min_length=16, max_length=64, pattern=r"^[A-Za-z0-9_-]+$")],
    request: Request,
) -> Response:
    # One statement on the hot pool, no transaction and no ORM session: calendar clients
    # poll every few minutes, and most polls end in a 304.
    async with hot_connection(request.app.state) as connection:
        found = await service.read(connection, token, request.headers.get("If-None-Match"))
    headers = {**CACHING, "ETag": found.etag}
    if found.last_modified is not None:
        headers["Last-Modified"] = format_datetime(found.last_modified.astimezone(UTC), usegmt=True)
    if found.body is None:
        return Response(status_code=304, headers=headers)
    return Response(content=found.body, media_type="text/calendar; charset=utf-8", headers=headers)
