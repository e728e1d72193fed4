"""Taking a step of the workflow: move, append the history entry, attach, notify.

Every status change goes through ``transition``: the history and the applicant's
notification (in-app, and SMS / e-mail per their settings) are written in the same
transaction as the change, so neither is ever missing nor sent for a rolled-back change.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from api.applications import notices, workflow
from api.applications.models import (
    Application,
    ApplicationAttachment,
    ApplicationEvent,
    ReasonCode,
)
from api.documents.models import Document
from api.errors import Conflict, FieldError, ValidationFailed
from api.i18n import Text
from api.identity.deps import Principal
from api.identity.models import Role
from api.notifications import service as notifications
from api.webhooks import events as webhooks

DEFAULT_TZ = "Europe/Moscow"


def already_open(existing: Application | None) -> Conflict:
    number = f" № {existing.number}" if existing is not None and existing.number else ""
    return Conflict(
        code="application_already_open",
        detail=Text(
            f"По этому ребёнку в эту школу уже есть открытое заявление{number}: продолжите "
            "работу с ним",
            f"There is already an open application{number} for this child and school: "
            "continue with it",
        ),
    )


def actor_role(principal: Principal | None, application: Application) -> str:
    if principal is None:
        return "system"
    if principal.account_id == application.applicant_id:
        return "applicant"
    if Role.school_admin in principal.roles:
        return Role.school_admin.value
    return Role.class_teacher.value


async def owned_documents(
    session: AsyncSession, principal: Principal, document_ids: Sequence[uuid.UUID]
) -> list[uuid.UUID]:
    """The ids, if every document is the caller's own (422 naming the others)."""
    wanted = list(dict.fromkeys(document_ids))
    if not wanted:
        return []
    owned = set(
        await session.scalars(
            select(Document.id).where(
                Document.id.in_(wanted), Document.account_id == principal.account_id
            )
        )
    )
    errors = [
        FieldError(
            f"attachment_ids.{index}",
            "document_not_found",
            Text(
                "Документ не найден среди ваших документов: загрузите его в разделе «Документы»",
                "No such document among yours: upload it under Documents",
            ),
        )
        for index, document_id in enumerate(wanted)
        if document_id not in owned
    ]
    if errors:
        raise ValidationFailed(
            code="attachments_invalid",
            detail=Text("Проверьте приложенные документы", "Please check the attachments"),
            errors=errors,
        )
    return wanted


async def attach(
    session: AsyncSession,
    application: Application,
    document_ids: Sequence[uuid.UUID],
    event_id: int | None,
) -> None:
    if not document_ids:
        return
    await session.execute(
        insert(ApplicationAttachment)
        .values(
            [
                {"application_id": application.id, "document_id": d, "event_id": event_id}
                for d in document_ids
            ]
        )
        .on_conflict_do_nothing()
    )


async def record_event(
    session: AsyncSession,
    application: Application,
    step: workflow.Step,
    *,
    principal: Principal | None,
    comment: str | None = None,
    reason_code: ReasonCode | None = None,
) -> ApplicationEvent:
    event = ApplicationEvent(
        application_id=application.id,
        at=step.at,
        action=step.action.value,
        status_from=step.status_from,
        status_to=step.status_to,
        actor_id=principal.account_id if principal else None,
        actor_role=actor_role(principal, application),
        comment=comment or None,
        reason_code=reason_code,
    )
    session.add(event)
    await session.flush()
    return event


async def transition(
    session: AsyncSession,
    application: Application,
    action: workflow.Action,
    *,
    principal: Principal | None,
    at: datetime,
    tz: str | None,
    comment: str | None = None,
    reason_code: ReasonCode | None = None,
    attachment_ids: Sequence[uuid.UUID] = (),
    notice_extra: str | None = None,
) -> ApplicationEvent:
    """Apply ``action`` (409 when the workflow forbids it) and record everything it implies."""
    zone = tz or DEFAULT_TZ
    try:
        async with session.begin_nested():  # taken before the change, so it can undo it
            step = workflow.apply(application, action, at=at, tz=zone)
            await session.flush()
    except IntegrityError:
        # Back to an open status (an appeal) while a newer application holds the slot.
        raise already_open(None) from None
    event = await record_event(
        session,
        application,
        step,
        principal=principal,
        comment=comment,
        reason_code=reason_code,
    )
    await attach(session, application, attachment_ids, event.id)
    if application.school_id is not None and step.status_from != step.status_to:
        await webhooks.emit(
            session,
            application.school_id,
            [
                webhooks.application_event(
                    application_id=application.id,
                    number=application.number,
                    status=str(step.status_to),
                    previous=str(step.status_from),
                    school_id=application.school_id,
                )
            ],
        )
    # The school's comment goes to the applicant; their own words are not sent back.
    shown = comment if event.actor_role not in ("applicant", "system") else None
    message = notices.status_changed(application, zone, comment=shown, extra=notice_extra)
    await notifications.notify(session, [(application.applicant_id, message)])
    return event
