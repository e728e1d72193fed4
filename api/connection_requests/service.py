"""Filing and handling requests to connect a school.

A parent files a request for a school that is not connected (a connected one answers 409
``school_already_connected``); it is addressed to the education authority of the school's
region. Operators and platform administrators handle requests: in progress (with an
expected date, as the seed's authority answers), connected — which marks the school
connected and settles every open request for it — or declined. Each decision notifies the
requester.
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import ColumnElement, Select, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from api.connection_requests.models import (
    OPEN_REQUEST_STATUSES,
    ConnectionRequest,
    ConnectionRequestStatus,
)
from api.connection_requests.schemas import (
    ConnectionDecisionIn,
    ConnectionRequestIn,
    ConnectionRequestOut,
    SchoolRef,
)
from api.documents.models import Document
from api.errors import Conflict, FieldError, NotFound, ValidationFailed
from api.i18n import Text
from api.identity.deps import Principal
from api.notifications import service as notifications
from api.notifications.service import Message
from api.pagination import fetch_page
from api.schools import service as schools_service
from api.schools.models import School, SchoolStatus

R = ConnectionRequestStatus

# Followed by the school's region: «Орган управления образованием: Москва».
ADDRESSEE = "Орган управления образованием: "

STATUS_LABELS: dict[ConnectionRequestStatus, Text] = {
    R.submitted: Text("Направлена в орган управления образованием", "Sent to the authority"),
    R.in_progress: Text("Школа подключается", "The school is being connected"),
    R.connected: Text("Школа подключена", "The school is connected"),
    R.declined: Text("Отклонена", "Declined"),
}
ALLOWED: dict[ConnectionRequestStatus, frozenset[ConnectionRequestStatus]] = {
    R.submitted: frozenset({R.in_progress, R.connected, R.declined}),
    R.in_progress: frozenset({R.in_progress, R.connected, R.declined}),
    R.connected: frozenset(),
    R.declined: frozenset(),
}


def requested_by(account_id: uuid.UUID | ColumnElement[Any]) -> ColumnElement[bool]:
    """A requester sees their own requests; operators reach all through ``all_requests``.
    ``account_id`` is the caller's: a value here, the caller CTE's column in a single
    statement (``statements.py``)."""
    return ConnectionRequest.requester_id == account_id


def readable_requests(principal: Principal) -> Select[ConnectionRequest]:
    return select(ConnectionRequest).where(requested_by(principal.account_id))


def all_requests() -> Select[ConnectionRequest]:
    return select(ConnectionRequest)


def not_found() -> NotFound:
    return NotFound(
        code="connection_request_not_found",
        detail=Text("Заявка на подключение не найдена", "No such connection request"),
    )


def out(request: ConnectionRequest, school: School) -> ConnectionRequestOut:
    return ConnectionRequestOut(
        id=request.id,
        status=request.status,
        status_label=STATUS_LABELS[request.status].render(),
        school=SchoolRef.model_validate(school, from_attributes=True),
        addressee=ADDRESSEE + school.region_name,
        contact_name=request.contact_name,
        contact_phone=request.contact_phone,
        contact_email=request.contact_email,
        message=request.message,
        letter_document_id=request.letter_document_id,
        staff_comment=request.staff_comment,
        expected_date=request.expected_date,
        created_at=request.created_at,
        updated_at=request.updated_at,
    )


async def _open_of(
    session: AsyncSession, principal: Principal, school_id: uuid.UUID
) -> ConnectionRequest | None:
    return await session.scalar(
        readable_requests(principal).where(
            ConnectionRequest.school_id == school_id,
            ConnectionRequest.status.in_(OPEN_REQUEST_STATUSES),
        )
    )


async def create(
    session: AsyncSession, principal: Principal, body: ConnectionRequestIn
) -> tuple[ConnectionRequest, School, bool]:
    """(request, school, created); a repeated request for the same school returns the open one."""
    school = await schools_service.get_school(session, body.school_id)
    if school.connected:
        raise Conflict(
            code="school_already_connected",
            detail=Text(
                "Школа уже подключена к электронному дневнику: подайте заявление на "
                "подключение дневника ребёнка",
                "The school is already connected: file an application for your child instead",
            ),
        )
    if school.status == SchoolStatus.closed:
        raise Conflict(
            code="school_closed",
            detail=Text("Школа закрыта: выберите другую школу", "The school is closed"),
        )
    existing = await _open_of(session, principal, school.id)
    if existing is not None:
        return existing, school, False
    if body.letter_document_id is not None:
        owned = await session.scalar(
            select(Document.id).where(
                Document.id == body.letter_document_id,
                Document.account_id == principal.account_id,
            )
        )
        if owned is None:
            text = Text("Документ не найден среди ваших", "No such document among yours")
            raise ValidationFailed(
                code="document_not_found",
                detail=text,
                errors=[FieldError("letter_document_id", "document_not_found", text)],
            )
    request = ConnectionRequest(
        id=uuid.uuid4(),
        requester_id=principal.account_id,
        school_id=school.id,
        region_code=school.region_code,
        contact_name=body.contact_name,
        contact_phone=body.contact_phone,
        contact_email=body.contact_email,
        message=body.message,
        letter_document_id=body.letter_document_id,
        status=R.submitted,
    )
    session.add(request)
    try:
        async with session.begin_nested():
            await session.flush()
    except IntegrityError:
        existing = await _open_of(session, principal, school.id)
        if existing is None:
            raise
        return existing, school, False
    await session.refresh(request)
    return request, school, True


async def page(
    session: AsyncSession,
    query: Select[ConnectionRequest],
    *,
    limit: int,
    offset: int,
    newest_first: bool,
) -> tuple[list[ConnectionRequest], int]:
    order = ConnectionRequest.created_at.desc() if newest_first else ConnectionRequest.created_at
    return await fetch_page(
        session, query, order_by=(order, ConnectionRequest.id), limit=limit, offset=offset
    )


def _message(request: ConnectionRequest, school: School) -> Message:
    label = STATUS_LABELS[request.status].ru
    parts = [f"Заявка на подключение школы «{school.short_name}»: {label.lower()}."]
    if request.status == R.in_progress and request.expected_date is not None:
        parts.append(f"Примерная дата подключения — {request.expected_date:%d.%m.%Y}.")
    if request.status == R.connected:
        parts.append("Теперь можно подать заявление на подключение дневника ребёнка.")
    if request.staff_comment:
        parts.append(f"Комментарий: {request.staff_comment}")
    return Message(
        kind="application",
        title=f"Подключение школы: {label.lower()}",
        body=" ".join(parts),
        link=f"/connection-requests/{request.id}",
    )


async def decide(
    session: AsyncSession, principal: Principal, request_id: uuid.UUID, body: ConnectionDecisionIn
) -> tuple[ConnectionRequest, School]:
    request = await session.scalar(
        all_requests()
        .where(ConnectionRequest.id == request_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    if request is None:
        raise not_found()
    target = R(body.status)
    if target not in ALLOWED[request.status]:
        label = STATUS_LABELS[request.status]
        raise Conflict(
            code="connection_request_closed",
            detail=Text(
                f"Заявка уже рассмотрена: «{label.ru}»",
                f"The request is already settled: {label.en.lower()}",
            ),
        )
    school = await schools_service.get_school(session, request.school_id)
    settled = [request]
    if target == R.connected:
        school.connected = True
        others = await session.scalars(
            all_requests()
            .where(
                ConnectionRequest.school_id == school.id,
                ConnectionRequest.id != request.id,
                ConnectionRequest.status.in_(OPEN_REQUEST_STATUSES),
            )
            .with_for_update()
        )
        settled += list(others)
    for item in settled:
        item.status = target
        item.decided_by = principal.account_id
        if item is request:
            item.staff_comment = body.comment or None
            item.expected_date = body.expected_date
    await session.flush()
    await notifications.notify(session, [(r.requester_id, _message(r, school)) for r in settled])
    await session.refresh(request)
    return request, school
