"""``GET /api/v1/me/stream``: the caller's events as ``text/event-stream`` (COMMUNICATION §5).

The request's database work ends before the first byte is streamed: the token's session
is checked, the subscription taken, then the log read back (``Last-Event-ID``) — in that
order, so an event committed in between is heard live or read back, never neither. Before
the read the account is marked as listened to (``service.listen``): writers announce only
such accounts. What follows comes from this process's LISTEN connection
(``api.stream.hub``).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Header, Request
from fastapi.responses import StreamingResponse

from api.db import SessionDep
from api.errors import AppError, FieldError, ValidationFailed, problem_responses
from api.i18n import Text
from api.identity import clock, tokens
from api.identity.deps import BearerToken, CurrentUser, SettingsDep
from api.stream import service
from api.stream.hub import Event, StreamHub, Subscription

router = APIRouter(tags=["stream"])

# What a browser's EventSource waits before reconnecting (ms): soon, but not in a loop.
RETRY_MS = 3000
EVENT_TYPES = ("notification", "message", "announcement")
LISTEN_MARGIN_S = 30.0


class StreamsBusy(AppError):
    status = 503
    title = Text("Сервис временно перегружен", "Service temporarily overloaded")


async def _subscription(request: Request, claims: BearerToken) -> AsyncIterator[Subscription]:
    """Released after the response ends, however it ends (FastAPI runs a yield
    dependency's exit after the response is sent). Taken on the token's word: the route
    also asks ``CurrentUser``, whose refusal ends the request (and this) before a byte."""
    hub: StreamHub = request.app.state.stream_hub
    subscription = hub.subscribe(claims.account_id, claims.session_id)
    if subscription is None:
        raise StreamsBusy(
            code="stream_capacity",
            detail=Text(
                "Слишком много открытых подключений, повторите через несколько секунд",
                "Too many open streams here; retry in a few seconds",
            ),
            headers={"Retry-After": "5"},
        )
    try:
        yield subscription
    finally:
        hub.unsubscribe(subscription)


def _resume_point(value: str | None) -> int | None:
    if value is None or not value.strip():
        return None
    text = value.strip()
    if not text.isdigit() or len(text) > 18:
        message = Text(
            "Last-Event-ID должен быть номером события из этого потока",
            "Last-Event-ID must be an event id taken from this stream",
        )
        raise ValidationFailed(
            code="last_event_id_invalid",
            detail=message,
            errors=[FieldError("Last-Event-ID", "last_event_id_invalid", message)],
        )
    return int(text)


def frame(event: Event) -> bytes:
    return f"id: {event.id}\nevent: {event.type}\ndata: {event.data}\n\n".encode()


async def _frames(
    subscription: Subscription,
    replayed: Sequence[Event],
    cursor: int,
    *,
    ends_at: datetime,
    heartbeat: float,
    more: bool,
) -> AsyncIterator[bytes]:
    # An id-only block sets the client's Last-Event-ID without firing an event (WHATWG
    # «dispatch the event» step 1): a client that reconnects before its first event
    # still resumes from here.
    yield f": edudiary\nretry: {RETRY_MS}\nid: {cursor}\n\n".encode()
    for event in replayed:
        yield frame(event)
    if more:
        return  # the rest of the log on the next connection, resuming from the last one
    last = replayed[-1].id if replayed else cursor
    while not subscription.closed:
        # The stream ends with its access token (the next connection shows a fresh one),
        # and at once when its session is revoked or its account blocked (the hub closes
        # the subscription on the database's word, migration 0039).
        left = (ends_at - clock.now()).total_seconds()
        if left <= 0:
            return
        events = await subscription.take(min(heartbeat, left))
        if subscription.closed:
            return
        if not events:
            yield b": keep-alive\n\n"
            continue
        # One account's ids rise in commit order: anything not above the last one sent
        # was replayed already (or heard twice).
        fresh = []
        for event in events:
            if event.id > last:
                fresh.append(frame(event))
                last = event.id
        if fresh:
            yield b"".join(fresh)


@router.get(
    "/me/stream",
    name="stream",
    summary="Живые события: уведомления, сообщения, объявления (text/event-stream)",
    response_class=StreamingResponse,
    responses={
        200: {
            "description": (
                "Поток Server-Sent Events. События `notification`, `message`, "
                "`announcement`; у каждого строка `id:` и `data:` — JSON-объект минимум "
                "с полями `type` и `id`. Комментарий-пульс не реже раза в 25 с."
            ),
            "content": {"text/event-stream": {"schema": {"type": "string"}}},
        },
        **problem_responses(401, 403, 422, 503),
    },
)
async def open_stream(
    principal: CurrentUser,
    claims: BearerToken,
    session: SessionDep,
    settings: SettingsDep,
    subscription: Annotated[Subscription, Depends(_subscription)],
    last_event_id: Annotated[
        str | None,
        Header(description="Номер последнего полученного события: поток продолжится с него"),
    ] = None,
) -> StreamingResponse:
    after = _resume_point(last_event_id)
    # The session was checked (``CurrentUser``) before the subscription was taken: a
    # revocation committed in between was announced to nobody yet listening for it.
    if not await service.session_open(session, principal):
        raise tokens.TokenInvalid()
    # Writers announce this account from here on (until the token expires, with a margin
    # for the time between this line and the database's clock): before the log is read.
    lifetime = (claims.expires_at - clock.now()).total_seconds() + LISTEN_MARGIN_S
    head = await service.listen(session, principal.account_id, lifetime)
    if after is None:
        cursor, replayed = head, []
    else:
        cursor, replayed = after, list(await service.replay(session, principal.account_id, after))
    more = len(replayed) > service.REPLAY_LIMIT
    body = _frames(
        subscription,
        replayed[: service.REPLAY_LIMIT],
        cursor,
        ends_at=claims.expires_at,
        heartbeat=max(1.0, settings.stream_heartbeat_seconds),
        more=more,
    )
    return StreamingResponse(
        body,
        media_type="text/event-stream",
        headers={
            "Cache-Control": "no-store",
            # nginx and its kin pass each chunk on at once instead of buffering the answer.
            "X-Accel-Buffering": "no",
        },
    )
