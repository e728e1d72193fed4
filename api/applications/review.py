"""The school's side: the review queue, reading an application (audited), decisions, and
opening the documents of an application (audited)."""

from __future__ import annotations

import uuid

from sqlalchemy import func, nulls_last, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.applications import enrolment, history, workflow
from api.applications.access import is_reviewer, reviewable_applications, school_queue
from api.applications.models import Application, ApplicationAttachment, ApplicationStatus
from api.applications.schemas import DecisionIn
from api.applications.service import not_found, now, school_zone
from api.audit import service as audit
from api.documents import service as documents_service
from api.documents.models import Document
from api.documents.storage import DocumentStorage
from api.errors import FieldError, Forbidden, NotFound, ValidationFailed
from api.i18n import Text
from api.identity.deps import Principal

S = ApplicationStatus
Action = workflow.Action

NEEDS_REASON = (Action.request_info, Action.reject)


def require_reviewer(principal: Principal) -> None:
    if not is_reviewer(principal):
        raise Forbidden(
            code="role_required",
            detail=Text(
                "Рассматривать заявления могут администратор школы и классный руководитель",
                "Only a school administrator or a class teacher can review applications",
            ),
        )


async def queue(
    session: AsyncSession,
    principal: Principal,
    school_id: uuid.UUID,
    *,
    status: ApplicationStatus | None,
    overdue: bool | None,
    limit: int,
    offset: int,
) -> tuple[list[Application], int]:
    """The school's applications, oldest deadline first (404 for another school)."""
    require_reviewer(principal)
    if principal.school_id != school_id:
        raise NotFound(
            code="school_not_found",
            detail=Text("Такой школы среди ваших нет", "No such school among yours"),
        )
    query = school_queue(principal, school_id)
    if status is not None:
        query = query.where(Application.status == status)
    at = now()
    if overdue is True:
        query = query.where(Application.due_at < at)
    elif overdue is False:
        query = query.where(or_(Application.due_at.is_(None), Application.due_at >= at))
    total = await session.scalar(query.with_only_columns(func.count(Application.id)))
    rows = list(
        await session.scalars(
            query.order_by(
                nulls_last(Application.due_at.asc()), Application.submitted_at, Application.id
            )
            .limit(limit)
            .offset(offset)
        )
    )
    if rows:  # children's names and birth dates: a staff read of personal data
        await audit.record(
            session,
            principal,
            "application.list",
            "school",
            school_id,
            {"ids": [a.id for a in rows]},
        )
    return rows, int(total or 0)


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
        {"school_id": application.school_id, "status": application.status.value},
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
