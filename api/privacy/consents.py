"""Consents the person gave, and their withdrawal (ст. 9 ч. 2 152-ФЗ).

The one consent the service collects is the consent to personal-data processing signed in
an application (the seed: «согласие на обработку персональных данных, оформленное в
электронном виде»; its versioned text is ``consent_documents``). What relies on it, and so
what stops when it is withdrawn:

- an open application: the school's review of it — the application is withdrawn;
- an approved one: the family's diary access it granted — the guardianship link of this
  person and this pupil is removed (the child's journal itself is the school's, kept under
  273-ФЗ, and another guardian keeps their own access);
- any: the contact phone given in it is removed.

Other processing rests on other grounds and is not consent-based: the account itself on the
user agreement (ст. 6 ч. 1 п. 5 — ending it is erasure, ``api.privacy.erasure``), the
journal on the law, SMS/e-mail/push notifications on the person's own settings, which they
switch off in «Уведомления» (``/profile/notifications``).
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.applications import history as application_history
from api.applications import workflow as application_workflow
from api.applications.models import (
    OPEN_STATUSES,
    Application,
    ApplicationEvent,
    ApplicationStatus,
    ConsentDocument,
)
from api.audit import service as audit
from api.diary.structure.models import Guardianship
from api.errors import Conflict, NotFound
from api.i18n import Text
from api.identity import clock
from api.identity.deps import Principal
from api.schools.models import School

RELIES = {
    "open": "Рассмотрение заявления школой",
    "approved": "Ваш доступ к дневнику ребёнка, подключённый по этому заявлению",
    "any": "Телефон для связи, указанный в заявлении",
}


def _not_found() -> NotFound:
    return NotFound(code="consent_not_found", detail=Text("Такого согласия нет", "No such consent"))


def _relies(application: Application) -> list[str]:
    if application.status in OPEN_STATUSES:
        return [RELIES["open"], RELIES["any"]]
    if application.status == ApplicationStatus.approved:
        return [RELIES["approved"], RELIES["any"]]
    return [RELIES["any"]]


async def _mine(session: AsyncSession, principal: Principal) -> Any:
    return await session.execute(
        select(Application, ConsentDocument.title, School.short_name)
        .join(ConsentDocument, ConsentDocument.version == Application.consent_version)
        .outerjoin(School, School.id == Application.school_id)
        .where(
            Application.applicant_id == principal.account_id,
            Application.consent_given_at.is_not(None),
        )
        .order_by(Application.consent_given_at.desc())
    )


def _out(application: Application, title: str, school: str | None) -> dict[str, Any]:
    return {
        "id": application.id,
        "title": title,
        "version": application.consent_version,
        "given_at": application.consent_given_at,
        "withdrawn_at": application.consent_withdrawn_at,
        "application_number": application.number,
        "application_status": application.status.value,
        "school_name": school,
        "relies_on_it": [] if application.consent_withdrawn_at else _relies(application),
    }


async def list_mine(session: AsyncSession, principal: Principal) -> list[dict[str, Any]]:
    if principal.is_client:
        return []
    rows = await _mine(session, principal)
    return [_out(a, title, school) for a, title, school in rows]


async def withdraw(
    session: AsyncSession, principal: Principal, application_id: uuid.UUID
) -> dict[str, Any]:
    """Withdraw the consent given in one of the caller's applications; the caller commits."""
    if principal.is_client:
        raise _not_found()
    application = await session.scalar(
        select(Application)
        .where(
            Application.id == application_id,
            Application.applicant_id == principal.account_id,
            Application.consent_given_at.is_not(None),
        )
        .with_for_update()
    )
    if application is None:
        raise _not_found()
    if application.consent_withdrawn_at is not None:
        raise Conflict(
            code="consent_already_withdrawn",
            detail=Text("Это согласие уже отозвано", "This consent was already withdrawn"),
        )
    now = clock.now()
    stopped = _relies(application)
    if application.status in OPEN_STATUSES:
        await application_history.transition(
            session,
            application,
            application_workflow.Action.withdraw,
            principal=principal,
            at=now,
            tz=None,
            comment="Согласие на обработку персональных данных отозвано",
        )
    else:
        session.add(_event(application, principal, now))
        if application.status == ApplicationStatus.approved and application.student_id:
            await session.execute(
                delete(Guardianship).where(
                    Guardianship.account_id == principal.account_id,
                    Guardianship.student_id == application.student_id,
                )
            )
    application.contact_phone = None
    application.consent_withdrawn_at = now
    await session.flush()
    await audit.record(
        session, principal, "consent.withdrawn", "application", application.id,
        {"status": application.status.value},
    )  # fmt: skip
    title = await session.scalar(
        select(ConsentDocument.title).where(ConsentDocument.version == application.consent_version)
    )
    school = (
        await session.scalar(select(School.short_name).where(School.id == application.school_id))
        if application.school_id
        else None
    )
    return {**_out(application, title or "", school), "stopped": stopped}


def _event(application: Application, principal: Principal, at: datetime) -> ApplicationEvent:
    """The school sees the withdrawal in the application's history; the status stays."""
    return ApplicationEvent(
        application_id=application.id,
        at=at,
        action="consent_withdrawn",
        status_from=application.status,
        status_to=application.status,
        actor_id=principal.account_id,
        actor_role="applicant",
        comment="Согласие на обработку персональных данных отозвано",
    )
