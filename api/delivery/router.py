"""Development outbox: the SMS and e-mails the app sent, so a developer can log in
without a phone. Answers 404 outside ``EDUDIARY_ENV=development``."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request

from api.db import SessionDep
from api.delivery import service
from api.delivery.schemas import OutboxMessageOut
from api.errors import NotFound, problem_responses
from api.pagination import Limit
from api.validation.checks import check_phone

router = APIRouter(prefix="/dev", tags=["dev"])


@router.get(
    "/outbox",
    name="outbox",
    summary="Отправленные SMS и письма (только в режиме разработки)",
    response_model=list[OutboxMessageOut],
    responses=problem_responses(404, 422),
)
async def get_outbox(
    request: Request,
    session: SessionDep,
    to: Annotated[str | None, Query(max_length=320, description="Телефон или e-mail")] = None,
    limit: Limit = 50,
) -> list[OutboxMessageOut]:
    if request.app.state.settings.env != "development":
        raise NotFound(code="not_found")
    recipient = None
    if to:
        phone = check_phone(to)
        recipient = phone.normalized if phone.valid and phone.normalized else to.strip().lower()
    messages = await service.outbox(session, to=recipient, limit=limit)
    return [
        OutboxMessageOut(
            channel=m.channel.value,
            to=m.recipient,
            subject=m.subject,
            body=m.body,
            purpose=m.purpose,
            status=m.status.value,
            created_at=m.created_at,
        )
        for m in messages
    ]
