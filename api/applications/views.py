"""Applications as the API shows them: one with its history, or a page of list items."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from api.applications import workflow
from api.applications.models import (
    Application,
    ApplicationAttachment,
    ApplicationEvent,
    ReasonCode,
)
from api.applications.schemas import (
    ApplicantBrief,
    ApplicationListItem,
    ApplicationOut,
    ChildBrief,
    ClassBrief,
    ConsentGiven,
    DocumentBrief,
    HistoryEntry,
    NextAction,
    ReasonCodeOut,
    SchoolBrief,
)
from api.children import service as children_service
from api.children.models import Child
from api.documents.models import Document
from api.i18n import Text
from api.identity.models import Account
from api.schools.models import School, SchoolClass

REASON_LABELS: dict[ReasonCode, Text] = {
    ReasonCode.incomplete_data: Text(
        "Неполный набор персональных данных ребёнка", "Incomplete personal data of the child"
    ),
    ReasonCode.missing_documents: Text(
        "Отсутствуют подтверждающие документы", "Supporting documents are missing"
    ),
    ReasonCode.invalid_school_details: Text(
        "Ошибки в реквизитах образовательной организации (ИНН, ОКПО)",
        "Errors in the school's details (INN, OKPO)",
    ),
    ReasonCode.technical_requirements: Text(
        "Несоблюдение технических требований к документам",
        "Documents do not meet the technical requirements",
    ),
    ReasonCode.applicant_ineligible: Text(
        "Заявитель не соответствует требованиям (не является законным представителем)",
        "The applicant is not eligible (not a legal representative)",
    ),
    ReasonCode.procedure_violation: Text(
        "Нарушен порядок подачи документов", "The filing procedure was violated"
    ),
    ReasonCode.not_enrolled: Text(
        "Ребёнок не зачислен в школу (класс)", "The child is not enrolled at the school (class)"
    ),
    ReasonCode.other: Text("Другая причина (указана в комментарии)", "Other (see the comment)"),
}

NEXT_ACTION_LABELS: dict[str, Text] = {
    "submit": Text("Заполните и отправьте заявление", "Complete and submit the application"),
    "reply": Text("Ответьте на запрос школы", "Reply to the school's request"),
    "appeal": Text("Отказ можно обжаловать в течение 30 дней", "You may appeal within 30 days"),
}


def reason_codes() -> list[ReasonCodeOut]:
    return [ReasonCodeOut(code=code, label=label.render()) for code, label in REASON_LABELS.items()]


def _local(moment: datetime | None, tz: str) -> datetime | None:
    return moment.astimezone(ZoneInfo(tz)) if moment is not None else None


def _zone(school: School | None) -> str:
    return school.timezone if school is not None else "Europe/Moscow"


def school_brief(school: School | None) -> SchoolBrief | None:
    if school is None:
        return None
    return SchoolBrief(
        id=school.id,
        short_name=school.short_name,
        timezone=school.timezone,
        connected=school.connected,
    )


def class_brief(school_class: SchoolClass | None) -> ClassBrief | None:
    if school_class is None:
        return None
    return ClassBrief(
        id=school_class.id,
        name=school_class.name,
        grade=school_class.grade,
        letter=school_class.letter,
        academic_year=school_class.academic_year,
    )


def child_brief(child: Child) -> ChildBrief:
    full = children_service.child_out(child)
    return ChildBrief(
        id=child.id,
        last_name=child.last_name,
        first_name=child.first_name,
        middle_name=child.middle_name,
        birth_date=child.birth_date,
        snils=full.snils,
        birth_certificate=full.birth_certificate,
        student_id=child.student_id,
    )


def _next_action(application: Application, now: datetime, tz: str) -> NextAction | None:
    found = workflow.next_action(application, now)
    if found is None:
        return None
    code, due = found
    return NextAction(code=code, label=NEXT_ACTION_LABELS[code].render(), due_at=_local(due, tz))


def _common(
    application: Application,
    school: School | None,
    school_class: SchoolClass | None,
    now: datetime,
) -> dict[str, object]:
    tz = _zone(school)
    awaiting = workflow.AWAITING[application.status]
    due = _local(application.due_at, tz)
    return {
        "id": application.id,
        "number": application.number,
        "status": application.status,
        "status_label": workflow.STATUS_LABELS[application.status].render(),
        "school": school_brief(school),
        "school_class": class_brief(school_class),
        "due_at": due,
        "due_date": due.date() if due is not None else None,
        "awaiting": awaiting.value if awaiting is not None and due is not None else None,
        "overdue": workflow.is_overdue(application, now),
        "next_action": _next_action(application, now, tz),
        "submitted_at": application.submitted_at,
        "created_at": application.created_at,
        "updated_at": application.updated_at,
    }


async def list_items(
    session: AsyncSession, applications: Sequence[Application], now: datetime
) -> list[ApplicationListItem]:
    school_ids = _ids({a.school_id for a in applications})
    class_ids = _ids({a.class_id for a in applications})
    child_ids = _ids({a.child_id for a in applications})
    schools = {
        s.id: s for s in await session.scalars(select(School).where(School.id.in_(school_ids)))
    }
    classes = {
        c.id: c
        for c in await session.scalars(select(SchoolClass).where(SchoolClass.id.in_(class_ids)))
    }
    children = {
        c.id: c for c in await session.scalars(select(Child).where(Child.id.in_(child_ids)))
    }
    return [
        ApplicationListItem.model_validate(
            {
                **_common(
                    a,
                    schools.get(a.school_id) if a.school_id else None,
                    classes.get(a.class_id) if a.class_id else None,
                    now,
                ),
                "child": child_brief(children[a.child_id]),
            }
        )
        for a in applications
    ]


def _ids(values: set[uuid.UUID | None]) -> list[uuid.UUID]:
    return [v for v in values if v is not None]


def _document(document: Document) -> DocumentBrief:
    return DocumentBrief.model_validate(document, from_attributes=True)


async def detail(
    session: AsyncSession, application: Application, now: datetime, *, staff: bool
) -> ApplicationOut:
    school = await session.get(School, application.school_id) if application.school_id else None
    school_class = (
        await session.get(SchoolClass, application.class_id) if application.class_id else None
    )
    child = await session.get(Child, application.child_id)
    assert child is not None
    events = list(
        await session.scalars(
            select(ApplicationEvent)
            .where(ApplicationEvent.application_id == application.id)
            .order_by(ApplicationEvent.id)
        )
    )
    attached = list(
        (
            await session.execute(
                select(ApplicationAttachment.event_id, Document)
                .join(Document, Document.id == ApplicationAttachment.document_id)
                .where(ApplicationAttachment.application_id == application.id)
                .order_by(ApplicationAttachment.added_at, Document.id)
            )
        ).all()
    )
    by_event: dict[int, list[Document]] = {}
    for event_id, document in attached:
        if event_id is not None:
            by_event.setdefault(event_id, []).append(document)
    applicant = child_documents = None
    if staff:
        account = await session.get(Account, application.applicant_id)
        assert account is not None
        applicant = ApplicantBrief(
            id=account.id,
            last_name=account.last_name,
            first_name=account.first_name,
            middle_name=account.middle_name,
            level=str(account.level),
        )
        child_documents = [
            _document(d)
            for d in await session.scalars(
                select(Document)
                .where(Document.child_id == child.id, Document.account_id == account.id)
                .order_by(Document.created_at, Document.id)
            )
        ]
    tz = _zone(school)
    consent = (
        ConsentGiven(version=application.consent_version, given_at=application.consent_given_at)
        if application.consent_version is not None and application.consent_given_at is not None
        else None
    )
    return ApplicationOut.model_validate(
        {
            **_common(application, school, school_class, now),
            "child": child_brief(child),
            "contact_phone": application.contact_phone,
            "student_number": application.student_number,
            "consent": consent,
            "history": [
                HistoryEntry(
                    at=e.at,
                    action=e.action,
                    status_from=e.status_from,
                    status_to=e.status_to,
                    actor_role=e.actor_role,
                    comment=e.comment,
                    reason_code=e.reason_code,
                    reason_label=REASON_LABELS[e.reason_code].render() if e.reason_code else None,
                    attachment_ids=[d.id for d in by_event.get(e.id, [])],
                    attachments=[_document(d) for d in by_event.get(e.id, [])],
                )
                for e in events
            ],
            "attachments": [_document(d) for _, d in attached],
            "decided_at": application.decided_at,
            "appeal_until": _local(application.appeal_until, tz),
            "student_id": application.student_id,
            "applicant": applicant,
            "child_documents": child_documents,
        }
    )
