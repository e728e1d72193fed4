"""Applications as the API shows them: one with its history, or a page of list items."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from api.applications import workflow
from api.applications.models import (
    Application,
    ApplicationAttachment,
    ApplicationEvent,
    ApplicationStatus,
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
from api.documents.models import Document, DocumentKind, DocumentStatus
from api.i18n import Text
from api.identity.models import Account
from api.schools.models import School, SchoolClass
from api.statements import Row

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


# Where an application has no school yet (a draft), deadlines show in Moscow time.
DEFAULT_ZONE = "Europe/Moscow"


def _local(moment: datetime | None, tz: str) -> datetime | None:
    return moment.astimezone(ZoneInfo(tz)) if moment is not None else None


# An application as the views read it: one flat row. A single statement selects it
# (``statements.py``); the ORM path (after a change) builds the same keys (``_row``).
# ``school_*`` and ``class_*`` are NULL without a school or class; ``child_*`` holds the
# child's documents encrypted, decrypted and masked only in ``_child``.


def _row(
    application: Application,
    school: School | None,
    school_class: SchoolClass | None,
    child: Child,
) -> dict[str, Any]:
    row: dict[str, Any] = {c.key: getattr(application, c.key) for c in Application.__table__.c}
    row.update(
        school_short_name=school.short_name if school else None,
        school_timezone=school.timezone if school else None,
        school_connected=school.connected if school else None,
        class_grade=school_class.grade if school_class else None,
        class_letter=school_class.letter if school_class else None,
        class_academic_year=school_class.academic_year if school_class else None,
        child_last_name=child.last_name,
        child_first_name=child.first_name,
        child_middle_name=child.middle_name,
        child_birth_date=child.birth_date,
        child_snils_enc=child.snils_enc,
        child_birth_certificate_enc=child.birth_certificate_enc,
        child_student_id=child.student_id,
    )
    return row


@dataclass(frozen=True, slots=True)
class _Deadlines:
    """``workflow.Deadlines`` of a row."""

    status: ApplicationStatus
    due_at: datetime | None
    appeal_until: datetime | None


def _school(row: Row) -> SchoolBrief | None:
    if row["school_id"] is None:
        return None
    return SchoolBrief(
        id=row["school_id"],
        short_name=row["school_short_name"],
        timezone=row["school_timezone"],
        connected=row["school_connected"],
    )


def _class(row: Row) -> ClassBrief | None:
    if row["class_id"] is None:
        return None
    return ClassBrief(
        id=row["class_id"],
        name=f"{row['class_grade']}-{row['class_letter']}",
        grade=row["class_grade"],
        letter=row["class_letter"],
        academic_year=row["class_academic_year"],
    )


def _child(row: Row) -> ChildBrief:
    snils, certificate, _ = children_service.masked_documents(
        row["child_id"], row["child_snils_enc"], row["child_birth_certificate_enc"]
    )
    return ChildBrief(
        id=row["child_id"],
        last_name=row["child_last_name"],
        first_name=row["child_first_name"],
        middle_name=row["child_middle_name"],
        birth_date=row["child_birth_date"],
        snils=snils,
        birth_certificate=certificate,
        student_id=row["child_student_id"],
    )


def _next_action(deadlines: _Deadlines, now: datetime, tz: str) -> NextAction | None:
    found = workflow.next_action(deadlines, now)
    if found is None:
        return None
    code, due = found
    return NextAction(code=code, label=NEXT_ACTION_LABELS[code].render(), due_at=_local(due, tz))


def _common(row: Row, now: datetime) -> dict[str, Any]:
    tz = row["school_timezone"] or DEFAULT_ZONE
    status = ApplicationStatus(row["status"])
    deadlines = _Deadlines(status, row["due_at"], row["appeal_until"])
    awaiting = workflow.AWAITING[status]
    due = _local(row["due_at"], tz)
    return {
        "id": row["id"],
        "number": row["number"],
        "status": status,
        "status_label": workflow.STATUS_LABELS[status].render(),
        "school": _school(row),
        "school_class": _class(row),
        "due_at": due,
        "due_date": due.date() if due is not None else None,
        "awaiting": awaiting.value if awaiting is not None and due is not None else None,
        "overdue": workflow.is_overdue(deadlines, now),
        "next_action": _next_action(deadlines, now, tz),
        "submitted_at": row["submitted_at"],
        "created_at": row["created_at"],
        "updated_at": row["updated_at"],
        "child": _child(row),
    }


def list_item(row: Row, now: datetime) -> ApplicationListItem:
    return ApplicationListItem(**_common(row, now))


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
        list_item(
            _row(
                a,
                schools.get(a.school_id) if a.school_id else None,
                classes.get(a.class_id) if a.class_id else None,
                children[a.child_id],
            ),
            now,
        )
        for a in applications
    ]


def _ids(values: set[uuid.UUID | None]) -> list[uuid.UUID]:
    return [v for v in values if v is not None]


# The parts of one application's view that are lists, as tuples in these orders (a single
# statement aggregates them as arrays of records, ``statements.py``).
Event = tuple[int, datetime, str, str | None, str, str, str | None, str | None]
"""(id, at, action, status_from, status_to, actor_role, comment, reason_code)"""
DocumentRow = tuple[uuid.UUID, str, str, int, str, datetime]
"""(id, kind, content_type, size, status, created_at)"""
Attached = tuple[int | None, uuid.UUID, str, str, int, str, datetime]
"""(event_id, *DocumentRow): in the order they were added"""
Applicant = tuple[uuid.UUID, str, str, str | None, str]
"""(id, last_name, first_name, middle_name, level)"""


def _document(row: Sequence[Any]) -> DocumentBrief:
    document_id, kind, content_type, size, status, created_at = row
    return DocumentBrief(
        id=document_id,
        kind=DocumentKind(kind),
        content_type=content_type,
        size=size,
        status=DocumentStatus(status),
        created_at=created_at,
    )


def _document_row(document: Document) -> DocumentRow:
    return (
        document.id,
        document.kind,
        document.content_type,
        document.size,
        document.status,
        document.created_at,
    )


def _history_entry(event: Event, attached: Sequence[Attached]) -> HistoryEntry:
    event_id, at, action, status_from, status_to, actor_role, comment, reason_code = event
    documents = [_document(a[1:]) for a in attached if a[0] == event_id]
    reason = ReasonCode(reason_code) if reason_code else None
    return HistoryEntry(
        at=at,
        action=action,
        status_from=ApplicationStatus(status_from) if status_from else None,
        status_to=ApplicationStatus(status_to),
        actor_role=actor_role,
        comment=comment,
        reason_code=reason,
        reason_label=REASON_LABELS[reason].render() if reason else None,
        attachment_ids=[d.id for d in documents],
        attachments=documents,
    )


def detail_of(
    row: Row,
    events: Sequence[Event],
    attached: Sequence[Attached],
    now: datetime,
    *,
    applicant: Applicant | None,
    child_documents: Sequence[DocumentRow] | None,
) -> ApplicationOut:
    """One application's view; ``applicant`` and ``child_documents`` for school staff."""
    tz = row["school_timezone"] or DEFAULT_ZONE
    consent = (
        ConsentGiven(version=row["consent_version"], given_at=row["consent_given_at"])
        if row["consent_version"] is not None and row["consent_given_at"] is not None
        else None
    )
    return ApplicationOut(
        **_common(row, now),
        contact_phone=row["contact_phone"],
        student_number=row["student_number"],
        consent=consent,
        history=[_history_entry(e, attached) for e in events],
        attachments=[_document(a[1:]) for a in attached],
        decided_at=row["decided_at"],
        appeal_until=_local(row["appeal_until"], tz),
        student_id=row["student_id"],
        applicant=(
            ApplicantBrief(
                id=applicant[0],
                last_name=applicant[1],
                first_name=applicant[2],
                middle_name=applicant[3],
                level=str(applicant[4]),
            )
            if applicant is not None
            else None
        ),
        child_documents=(
            [_document(d) for d in child_documents] if child_documents is not None else None
        ),
    )


async def detail(
    session: AsyncSession, application: Application, now: datetime, *, staff: bool
) -> ApplicationOut:
    school = await session.get(School, application.school_id) if application.school_id else None
    school_class = (
        await session.get(SchoolClass, application.class_id) if application.class_id else None
    )
    child = await session.get(Child, application.child_id)
    assert child is not None
    events: list[Event] = [
        (e.id, e.at, e.action, e.status_from, e.status_to, e.actor_role, e.comment, e.reason_code)
        for e in await session.scalars(
            select(ApplicationEvent)
            .where(ApplicationEvent.application_id == application.id)
            .order_by(ApplicationEvent.id)
        )
    ]
    attached: list[Attached] = [
        (event_id, *_document_row(document))
        for event_id, document in (
            await session.execute(
                select(ApplicationAttachment.event_id, Document)
                .join(Document, Document.id == ApplicationAttachment.document_id)
                .where(ApplicationAttachment.application_id == application.id)
                .order_by(ApplicationAttachment.added_at, Document.id)
            )
        ).all()
    ]
    applicant: Applicant | None = None
    child_documents: list[DocumentRow] | None = None
    if staff:
        account = await session.get(Account, application.applicant_id)
        assert account is not None
        applicant = (
            account.id,
            account.last_name,
            account.first_name,
            account.middle_name,
            account.level,
        )
        child_documents = [
            _document_row(d)
            for d in await session.scalars(
                select(Document)
                .where(Document.child_id == child.id, Document.account_id == account.id)
                .order_by(Document.created_at, Document.id)
            )
        ]
    return detail_of(
        _row(application, school, school_class, child),
        events,
        attached,
        now,
        applicant=applicant,
        child_documents=child_documents,
    )
