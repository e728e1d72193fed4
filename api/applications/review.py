"""The school's side: the review queue, reading an application (audited), decisions, and
opening the documents of an application (audited)."""

from __future__ import annotations

import uuid
from typing import Any

import asyncpg
from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.applications import enrolment, history, workflow
from api.applications.access import is_reviewer, reviewable_applications, reviews
from api.applications.models import Application, ApplicationAttachment, ApplicationStatus
from api.applications.schemas import ApplicationPage, DecisionIn
from api.applications.service import not_found, now, school_zone
from api.audit import service as audit
from api.documents import service as documents_service
from api.documents.models import Document
from api.documents.storage import DocumentStorage
from api.errors import FieldError, Forbidden, NotFound, ValidationFailed
from api.i18n import Text
from api.identity import tokens
from api.identity.deps import Principal
from api.identity.models import Role
from api.statements import Row

S = ApplicationStatus
Action = workflow.Action

NEEDS_REASON = (Action.request_info, Action.reject)


def _not_a_reviewer() -> Forbidden:
    return Forbidden(
        code="role_required",
        detail=Text(
            "Рассматривать заявления могут администратор школы и классный руководитель",
            "Only a school administrator or a class teacher can review applications",
        ),
    )


def require_reviewer(principal: Principal) -> None:
    if not is_reviewer(principal):
        raise _not_a_reviewer()


def check_queue(
    roles: frozenset[Role], caller_school_id: uuid.UUID | None, school_id: uuid.UUID
) -> None:
    """Who may open a school's queue (403), and only their own school's (404). The queue's
    statement reads the caller's roles and school with the page (``statements.py``)."""
    if not reviews(roles, caller_school_id):
        raise _not_a_reviewer()
    if caller_school_id != school_id:
        raise NotFound(
            code="school_not_found",
            detail=Text("Такой школы среди ваших нет", "No such school among yours"),
        )


async def record_queue_read(
    connection: asyncpg.Connection[Any],
    claims: tokens.AccessClaims,
    roles: frozenset[Role],
    school_id: uuid.UUID,
    page: ApplicationPage,
) -> None:
    """Children's names and birth dates on a page of the queue: a staff read."""
    await audit.record_read(
        connection,
        claims.account_id,
        roles,
        "application.list",
        "school",
        school_id,
        {"ids": [item.id for item in page.items]},
    )


def _view_details(school_id: uuid.UUID | None, status: ApplicationStatus) -> dict[str, Any]:
    return {"school_id": school_id, "status": status.value}


async def record_staff_read(
    session: AsyncSession, principal: Principal, application: Application
) -> None:
    """A school employee read the child's and applicant's personal data."""
    await audit.record(
        session,
        principal,
        "application.view",
        "application",
        application.id,
        _view_details(application.school_id, application.status),
    )


async def record_staff_read_of(
    connection: asyncpg.Connection[Any],
    claims: tokens.AccessClaims,
    roles: frozenset[Role],
    row: Row,
) -> None:
    """``record_staff_read`` of an application read by its single statement (``row``)."""
    await audit.record_read(
        connection,
        claims.account_id,
        roles,
        "application.view",
        "application",
        row["id"],
        _view_details(row["school_id"], ApplicationStatus(row["status"])),
    )


def _decision_errors(body: DecisionIn, action: workflow.Action) -> list[FieldError]:
    if action not in NEEDS_REASON:
        return []
    errors = []
    if body.reason_code is None:
        errors.append(
            FieldError(
                "reason_code",
                "required",
                Text(
                    "Причина: выберите основание (список — /api/v1/applications/reason-codes)",
                    "Reason: choose a reason code (see /api/v1/applications/reason-codes)",
                ),
            )
        )
    if not body.comment:
        errors.append(
            FieldError(
                "comment",
                "required",
                Text(
                    "Комментарий: укажите конкретные причины и что нужно сделать заявителю",
                    "Comment: state the specific reasons and what the applicant must do",
                ),
            )
        )
    return errors


async def decide(
    session: AsyncSession, principal: Principal, application_id: uuid.UUID, body: DecisionIn
) -> Application:
    require_reviewer(principal)
    action = workflow.Action(body.decision)
    application = await session.scalar(
        reviewable_applications(principal)
        .where(Application.id == application_id)
        .with_for_update(of=Application)
        .execution_options(populate_existing=True)
    )
    if application is None:
        raise not_found()
    at = now()
    workflow.check(application, action, at=at)
    errors = _decision_errors(body, action)
    if errors:
        raise ValidationFailed(
            code="decision_invalid",
            detail=Text("Проверьте решение", "Please check the decision"),
            errors=errors,
        )
    extra = None
    if action == Action.approve:
        requested_class = application.class_id
        enrolled = await enrolment.enrol(session, application)
        extra = enrolled.notice(requested_class)
    await history.transition(
        session,
        application,
        action,
        principal=principal,
        at=at,
        tz=await school_zone(session, application),
        comment=body.comment,
        reason_code=body.reason_code,
        notice_extra=extra,
    )
    await session.refresh(application)
    return application


async def read_document(
    session: AsyncSession,
    principal: Principal,
    application_id: uuid.UUID,
    document_id: uuid.UUID,
    storage: DocumentStorage,
) -> tuple[Document, bytes]:
    """A document attached to the application or of its child, for school staff."""
    require_reviewer(principal)
    application = await session.scalar(
        reviewable_applications(principal).where(Application.id == application_id)
    )
    if application is None:
        raise not_found()
    attached = select(ApplicationAttachment.document_id).where(
        ApplicationAttachment.application_id == application.id
    )
    document = await session.scalar(
        select(Document).where(
            Document.id == document_id,
            Document.account_id == application.applicant_id,
            or_(Document.id.in_(attached), Document.child_id == application.child_id),
        )
    )
    if document is None:
        raise NotFound(
            code="document_not_found", detail=Text("Документ не найден", "No such document")
        )
    await audit.record(
        session,
        principal,
        "document.read",
        "document",
        document.id,
        {"application_id": application.id, "kind": document.kind.value},
    )
    return document, await documents_service.read_content(document, storage)
