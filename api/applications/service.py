"""The applicant's side: drafts and autosave, submit, reply, appeal, withdraw, reading.

One open application per child and school (a partial unique index): a second draft or
submit for the same pair — another device, a double tap, ten tabs on enrolment night —
returns the same application, and submitting an already submitted one answers with its
number instead of an error, so every device ends on the same «ЭД-…».
"""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from api.applications import clock, completeness, consents, history, numbering, workflow
from api.applications.access import own_applications, readable_applications
from api.applications.models import (
    OPEN_STATUSES,
    Application,
    ApplicationAttachment,
    ApplicationEvent,
    ApplicationStatus,
)
from api.applications.schemas import ApplicationCreate, ApplicationDraftFields, ReplyIn, WithdrawIn
from api.children import service as children_service
from api.errors import Conflict, FieldError, NotFound, ValidationFailed
from api.i18n import Text
from api.identity.deps import Principal
from api.schools.models import School, SchoolClass
from api.workdays import local_date

S = ApplicationStatus
Action = workflow.Action


def now() -> datetime:
    return clock.now()


def not_found() -> NotFound:
    return NotFound(
        code="application_not_found", detail=Text("Заявление не найдено", "No such application")
    )


def _invalid(field: str, code: str, ru: str, en: str) -> ValidationFailed:
    text = Text(ru, en)
    return ValidationFailed(code=code, detail=text, errors=[FieldError(field, code, text)])


async def school_zone(session: AsyncSession, application: Application) -> str | None:
    if application.school_id is None:
        return None
    return await session.scalar(select(School.timezone).where(School.id == application.school_id))


async def get_readable(
    session: AsyncSession, principal: Principal, application_id: uuid.UUID
) -> Application:
    application = await session.scalar(
        readable_applications(principal).where(Application.id == application_id)
    )
    if application is None:
        raise not_found()
    return application


async def _own_for_update(
    session: AsyncSession, principal: Principal, application_id: uuid.UUID
) -> Application:
    application = await session.scalar(
        own_applications(principal)
        .where(Application.id == application_id)
        .with_for_update(of=Application)
        .execution_options(populate_existing=True)
    )
    if application is None:
        raise not_found()
    return application


async def _open_for(
    session: AsyncSession, child_id: uuid.UUID, school_id: uuid.UUID
) -> Application | None:
    return await session.scalar(
        select(Application)
        .where(
            Application.child_id == child_id,
            Application.school_id == school_id,
            Application.status.in_(OPEN_STATUSES),
        )
        .execution_options(populate_existing=True)
    )


async def _draft_for(
    session: AsyncSession, principal: Principal, child_id: uuid.UUID
) -> Application | None:
    """The caller's newest draft for the child, whatever school it has reached."""
    return await session.scalar(
        own_applications(principal)
        .where(Application.child_id == child_id, Application.status == S.draft)
        .order_by(Application.created_at.desc())
        .limit(1)
        .execution_options(populate_existing=True)
    )


# --- Drafts ----------------------------------------------------------------------------


async def _fill(
    session: AsyncSession,
    principal: Principal,
    application: Application,
    body: ApplicationDraftFields,
) -> list[uuid.UUID] | None:
    """Copy the fields sent into the draft (formats are checked on submit); returns the
    attachment ids to set, None when they were not sent."""
    sent = body.model_fields_set
    if "school_id" in sent:
        if body.school_id is not None and await session.get(School, body.school_id) is None:
            raise _invalid("school_id", "school_not_found", "Школа не найдена", "No such school")
        application.school_id = body.school_id
    if "class_id" in sent:
        if body.class_id is not None and await session.get(SchoolClass, body.class_id) is None:
            raise _invalid("class_id", "class_not_found", "Класс не найден", "No such class")
        application.class_id = body.class_id
    if "contact_phone" in sent:
        application.contact_phone = (body.contact_phone or "").strip() or None
    if "student_number" in sent:
        application.student_number = (body.student_number or "").strip() or None
    if "consent" in sent or "consent_version" in sent:
        await _consent(session, application, body)
    if "attachment_ids" in sent:
        return await history.owned_documents(session, principal, body.attachment_ids or [])
    return None


async def _set_attachments(
    session: AsyncSession, application: Application, document_ids: list[uuid.UUID] | None
) -> None:
    """Replace the draft's own attachments (those of replies and appeals stay)."""
    if document_ids is None:
        return
    await session.execute(
        delete(ApplicationAttachment).where(
            ApplicationAttachment.application_id == application.id,
            ApplicationAttachment.event_id.is_(None),
        )
    )
    await history.attach(session, application, document_ids, None)


async def _consent(
    session: AsyncSession, application: Application, body: ApplicationDraftFields
) -> None:
    if not body.consent:
        application.consent_version = None
        application.consent_given_at = None
        return
    current = await consents.current(session)
    if body.consent_version is not None and body.consent_version != current.version:
        raise _invalid(
            "consent_version",
            "consent_outdated",
            f"Текст согласия обновлён: ознакомьтесь с редакцией {current.version} и "
            "подтвердите согласие заново",
            f"The consent was updated: read version {current.version} and consent again",
        )
    if application.consent_version != current.version:
        application.consent_version = current.version
        application.consent_given_at = now()


async def _fill_and_save(
    session: AsyncSession,
    principal: Principal,
    application: Application,
    body: ApplicationDraftFields,
) -> None:
    """Apply the fields sent and flush, in a savepoint taken before any change: a clash
    with another open application of the child and school is a 409, not a broken
    transaction."""
    child_id = application.child_id
    try:
        async with session.begin_nested():
            attachments = await _fill(session, principal, application, body)
            await session.flush()
    except IntegrityError:
        school_id = body.school_id
        existing = await _open_for(session, child_id, school_id) if school_id else None
        raise history.already_open(existing) from None
    await _set_attachments(session, application, attachments)


async def create(
    session: AsyncSession, principal: Principal, body: ApplicationCreate
) -> tuple[Application, bool]:
    """(application, created): the open application of the child and school if there is
    one (a draft takes the fields sent), else a new draft."""
    children_service.require_confirmed(principal)
    child = await children_service.get(session, principal, body.child_id)
    if body.school_id is not None:
        existing = await _open_for(session, child.id, body.school_id)
    else:
        # «Подать заявление» again for the same child: the draft already begun goes on
        # (the wizard's first step sends only the child), not a second empty one.
        existing = await _draft_for(session, principal, child.id)
    if existing is not None:
        return await _reuse(session, principal, existing, body), False
    application = Application(
        id=uuid.uuid4(),
        applicant_id=principal.account_id,
        child_id=child.id,
        status=S.draft,
        created_at=now(),  # the applications' clock: "newest first" follows it
    )
    attachments = await _fill(session, principal, application, body)
    try:
        async with session.begin_nested():
            session.add(application)
            await session.flush()
    except IntegrityError:
        # A twin request created the pair's application meanwhile and has committed (the
        # unique index waited for it); ours left with the savepoint.
        existing = await _open_for(session, child.id, body.school_id) if body.school_id else None
        if existing is None:
            raise
        return await _reuse(session, principal, existing, body), False
    await _set_attachments(session, application, attachments)
    session.add(
        ApplicationEvent(
            application_id=application.id,
            at=now(),
            action="create",
            status_from=None,
            status_to=S.draft,
            actor_id=principal.account_id,
            actor_role="applicant",
        )
    )
    await session.flush()
    await session.refresh(application)
    return application, True


async def _reuse(
    session: AsyncSession, principal: Principal, existing: Application, body: ApplicationCreate
) -> Application:
    """The pair's open application; a draft also takes the fields sent (autosave)."""
    if existing.status != S.draft:
        return existing
    locked = await _own_for_update(session, principal, existing.id)
    if locked.status == S.draft:
        await _fill_and_save(session, principal, locked, body)
        await session.refresh(locked)
    return locked


async def update_draft(
    session: AsyncSession,
    principal: Principal,
    application_id: uuid.UUID,
    body: ApplicationDraftFields,
) -> Application:
    children_service.require_confirmed(principal)
    application = await _own_for_update(session, principal, application_id)
    if application.status != S.draft:
        label = workflow.STATUS_LABELS[application.status]
        raise Conflict(
            code="application_not_editable",
            detail=Text(
                f"Изменять можно только черновик: заявление в статусе «{label.ru}»",
                f"Only a draft can be changed: the application is {label.en.lower()}",
            ),
        )
    await _fill_and_save(session, principal, application, body)
    await session.refresh(application)
    return application


# --- Submit and the applicant's other actions ------------------------------------------


async def submit(
    session: AsyncSession, principal: Principal, application_id: uuid.UUID
) -> tuple[Application, str]:
    """(application, its school's time zone). Idempotent once submitted."""
    children_service.require_confirmed(principal)
    application = await _own_for_update(session, principal, application_id)
    if application.status == S.submitted:
        return application, await school_zone(session, application) or history.DEFAULT_TZ
    at = now()
    workflow.check(application, Action.submit, at=at)
    complete = await completeness.check(session, application)
    application.contact_phone = complete.contact_phone
    application.student_number = complete.student_number
    tz = complete.school.timezone
    application.number = await numbering.next_number(
        session, numbering.APPLICATION_SERIES, local_date(at, tz).year
    )
    await history.transition(session, application, Action.submit, principal=principal, at=at, tz=tz)
    await session.refresh(application)
    return application, tz


async def act(
    session: AsyncSession,
    principal: Principal,
    application_id: uuid.UUID,
    action: workflow.Action,
    body: ReplyIn | WithdrawIn,
) -> Application:
    """The applicant replies, appeals or withdraws."""
    application = await _own_for_update(session, principal, application_id)
    at = now()
    workflow.check(application, action, at=at)
    if action == Action.appeal and application.school_id is not None:
        other = await _open_for(session, application.child_id, application.school_id)
        if other is not None:
            raise history.already_open(other)
    attachment_ids = (
        await history.owned_documents(session, principal, body.attachment_ids)
        if isinstance(body, ReplyIn)
        else []
    )
    await history.transition(
        session,
        application,
        action,
        principal=principal,
        at=at,
        tz=await school_zone(session, application),
        comment=body.comment,
        attachment_ids=attachment_ids,
    )
    await session.refresh(application)
    return application


async def list_mine(
    session: AsyncSession, principal: Principal, *, limit: int, offset: int
) -> tuple[list[Application], int]:
    query = own_applications(principal)
    total = await session.scalar(query.with_only_columns(func.count(Application.id)))
    rows = await session.scalars(
        query.order_by(Application.created_at.desc(), Application.id.desc())
        .limit(limit)
        .offset(offset)
    )
    return list(rows), int(total or 0)
