"""Support tickets: a user writes, support answers, either closes; a user's message reopens.

open ──(support answers)──> answered ──(user writes)──> open
  └──────────────(close: support or the user)──────────> closed ──(user writes)──> open
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.applications import numbering
from api.applications.models import Application
from api.audit import service as audit
from api.documents.models import Document
from api.errors import Conflict, FieldError, NotFound, ValidationFailed
from api.i18n import Text
from api.identity import clock
from api.identity.deps import Principal
from api.identity.models import Account
from api.notifications import service as notifications
from api.notifications.service import Message
from api.pagination import fetch_page
from api.support.models import SupportMessage, SupportTicket, SupportTicketStatus
from api.support.schemas import TicketIn, TicketListItem, TicketMessageOut, TicketOut
from api.workdays import local_date

T = SupportTicketStatus
KIND = "support"

STATUS_LABELS: dict[SupportTicketStatus, Text] = {
    T.open: Text("Ждёт ответа поддержки", "Waiting for support"),
    T.answered: Text("Получен ответ", "Answered"),
    T.closed: Text("Закрыто", "Closed"),
}


def readable_tickets(principal: Principal) -> Select[SupportTicket]:
    """A user sees their own tickets; support staff reach all through ``all_tickets``."""
    return select(SupportTicket).where(SupportTicket.account_id == principal.account_id)


def all_tickets() -> Select[SupportTicket]:
    return select(SupportTicket)


def not_found() -> NotFound:
    return NotFound(
        code="support_ticket_not_found", detail=Text("Обращение не найдено", "No such ticket")
    )


def _invalid(field: str, code: str, text: Text) -> ValidationFailed:
    return ValidationFailed(code=code, detail=text, errors=[FieldError(field, code, text)])


async def create(session: AsyncSession, principal: Principal, body: TicketIn) -> SupportTicket:
    application_id = None
    if body.application_number:
        application_id = await session.scalar(
            select(Application.id).where(
                Application.number == body.application_number.upper(),
                Application.applicant_id == principal.account_id,
            )
        )
        if application_id is None:
            raise _invalid(
                "application_number",
                "application_not_found",
                Text(
                    "Заявление с таким номером не найдено среди ваших: проверьте номер "
                    "(например, ЭД-2026-000123)",
                    "No application of yours has this number (e.g. ЭД-2026-000123)",
                ),
            )
    if body.screenshot_document_id is not None:
        owned = await session.scalar(
            select(Document.id).where(
                Document.id == body.screenshot_document_id,
                Document.account_id == principal.account_id,
            )
        )
        if owned is None:
            raise _invalid(
                "screenshot_document_id",
                "document_not_found",
                Text("Документ не найден среди ваших", "No such document among yours"),
            )
    now = clock.now()
    ticket = SupportTicket(
        id=uuid.uuid4(),
        account_id=principal.account_id,
        subject=body.subject,
        description=body.description,
        application_id=application_id,
        screenshot_document_id=body.screenshot_document_id,
        status=T.open,
        # Numbered last: the counter row stays locked until the transaction ends.
        number=await numbering.next_number(
            session, numbering.SUPPORT_SERIES, local_date(now, "Europe/Moscow").year
        ),
    )
    session.add(ticket)
    await session.flush()
    await session.refresh(ticket)
    return ticket


async def get(
    session: AsyncSession, query: Select[SupportTicket], ticket_id: uuid.UUID
) -> SupportTicket:
    ticket = await session.scalar(
        query.where(SupportTicket.id == ticket_id)
        .with_for_update(of=SupportTicket)
        .execution_options(populate_existing=True)
    )
    if ticket is None:
        raise not_found()
    return ticket


async def page(
    session: AsyncSession,
    query: Select[SupportTicket],
    *,
    limit: int,
    offset: int,
    newest_first: bool,
) -> tuple[list[SupportTicket], int]:
    order = SupportTicket.updated_at.desc() if newest_first else SupportTicket.updated_at
    return await fetch_page(
        session, query, order_by=(order, SupportTicket.id), limit=limit, offset=offset
    )


async def add_message(
    session: AsyncSession, principal: Principal, ticket: SupportTicket, text: str, *, staff: bool
) -> None:
    """Append a message: support's answers the ticket (and notifies the user); the user's
    reopens it."""
    session.add(
        SupportMessage(
            ticket_id=ticket.id,
            author_id=principal.account_id,
            from_staff=staff,
            text=text,
            created_at=clock.now(),
        )
    )
    ticket.status = T.answered if staff else T.open
    ticket.closed_at = None
    ticket.updated_at = clock.now()
    await session.flush()
    if staff:
        await audit.record(session, principal, "support_ticket.answer", "support_ticket", ticket.id)
        await notifications.notify(
            session,
            [
                (
                    ticket.account_id,
                    Message(
                        kind=KIND,
                        title=f"Ответ поддержки по обращению {ticket.number}",
                        body=text[:900],
                        link=f"/support/tickets/{ticket.id}",
                    ),
                )
            ],
        )


async def close(session: AsyncSession, principal: Principal, ticket: SupportTicket) -> None:
    if ticket.status == T.closed:
        raise Conflict(
            code="support_ticket_closed",
            detail=Text("Обращение уже закрыто", "The ticket is already closed"),
        )
    ticket.status = T.closed
    ticket.closed_at = clock.now()
    ticket.updated_at = clock.now()
    await session.flush()
    if principal.account_id != ticket.account_id:
        await notifications.notify(
            session,
            [
                (
                    ticket.account_id,
                    Message(
                        kind=KIND,
                        title=f"Обращение {ticket.number} закрыто",
                        body="Если вопрос не решён, напишите в обращение — оно откроется снова.",
                        link=f"/support/tickets/{ticket.id}",
                    ),
                )
            ],
        )


async def list_items(
    session: AsyncSession, tickets: Sequence[SupportTicket]
) -> list[TicketListItem]:
    numbers = await _application_numbers(session, tickets)
    return [_item(t, numbers) for t in tickets]


async def _application_numbers(
    session: AsyncSession, tickets: Sequence[SupportTicket]
) -> dict[uuid.UUID, str | None]:
    ids = [t.application_id for t in tickets if t.application_id is not None]
    if not ids:
        return {}
    rows = await session.execute(
        select(Application.id, Application.number).where(Application.id.in_(ids))
    )
    return {row.id: row.number for row in rows}


def _item(ticket: SupportTicket, numbers: dict[uuid.UUID, str | None]) -> TicketListItem:
    return TicketListItem(
        id=ticket.id,
        number=ticket.number,
        subject=ticket.subject,
        status=ticket.status,
        status_label=STATUS_LABELS[ticket.status].render(),
        application_number=numbers.get(ticket.application_id) if ticket.application_id else None,
        created_at=ticket.created_at,
        updated_at=ticket.updated_at,
    )


async def detail(session: AsyncSession, ticket: SupportTicket, viewer: Principal) -> TicketOut:
    rows = (
        await session.execute(
            select(SupportMessage, Account.first_name)
            .outerjoin(Account, Account.id == SupportMessage.author_id)
            .where(SupportMessage.ticket_id == ticket.id)
            .order_by(SupportMessage.id)
        )
    ).all()
    messages = [
        TicketMessageOut(
            from_staff=m.from_staff,
            author_name=(
                f"Поддержка: {first_name}"
                if m.from_staff and first_name
                else ("Вы" if m.author_id == viewer.account_id else None)
            ),
            text=m.text,
            created_at=m.created_at,
        )
        for m, first_name in rows
    ]
    item = _item(ticket, await _application_numbers(session, [ticket]))
    return TicketOut(
        **item.model_dump(),
        description=ticket.description,
        screenshot_document_id=ticket.screenshot_document_id,
        closed_at=ticket.closed_at,
        messages=messages,
    )
