"""Everything held about one person and the children they are guardian of, as plain JSON.

One place reads it all, scoped by the account id and the account's own guardianships,
so the copy (ст. 14 152-ФЗ) and the erasure statement name the same things. Numbers
that identify a person (SNILS, passport, birth certificate) appear masked, as the
profile shows them: the file may be left on a shared computer, and the person knows
their own numbers; the full values stay encrypted in the database. Secrets (password
and refresh-token hashes, the authenticator key, one-time codes) are never included.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.applications.models import Application, ApplicationEvent
from api.audit.models import AuditEvent
from api.children import service as children_service
from api.children.models import Child
from api.diary.attendance.models import AbsenceNote, AttendanceMark
from api.diary.grades.models import Grade, TermGrade, WorkType
from api.diary.structure.models import Guardianship, Student, Subject
from api.documents.models import Document
from api.identity.models import Account, RefreshSession
from api.messaging.models import ConversationMessage
from api.notifications.models import NotificationPreference, NotificationSchedule
from api.push.models import Device, PushSubscription
from api.schools.models import School, SchoolClass
from api.verification import service as verification
from api.verification.models import AccountConfirmation

FORMAT_VERSION = 1


def _plain(value: Any) -> Any:
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    if hasattr(value, "value") and isinstance(value.value, str):  # enums
        return value.value
    return value


def _row(**fields: Any) -> dict[str, Any]:
    return {key: _plain(value) for key, value in fields.items()}


async def _account(session: AsyncSession, account: Account) -> dict[str, Any]:
    identity = await verification.get_identity(session, account.id)
    confirmations = await session.scalars(
        select(AccountConfirmation)
        .where(AccountConfirmation.account_id == account.id)
        .order_by(AccountConfirmation.created_at)
    )
    return {
        "account": _row(
            id=account.id,
            last_name=account.last_name,
            first_name=account.first_name,
            middle_name=account.middle_name,
            phone=account.phone,
            phone_confirmed_at=account.phone_confirmed_at,
            email=account.email,
            email_confirmed_at=account.email_confirmed_at,
            level=account.level,
            status=account.status,
            roles=", ".join(account.roles),
            sms_second_factor=account.mfa_sms_enabled,
            authenticator_app=account.totp_enabled,
            created_at=account.created_at,
        ),
        "identity": _row(
            snils=verification.masked_snils(identity),
            passport=verification.masked_passport(identity),
            birth_date=identity.birth_date if identity else None,
            registry_status=identity.registry_status if identity else None,
            registry_checked_at=identity.registry_checked_at if identity else None,
        ),
        "verifications": [
            _row(method=c.method, note=c.note, at=c.created_at) for c in confirmations
        ],
    }


async def _devices(session: AsyncSession, account_id: uuid.UUID) -> dict[str, Any]:
    sessions = await session.scalars(
        select(RefreshSession)
        .where(RefreshSession.account_id == account_id)
        .order_by(RefreshSession.created_at)
    )
    devices = await session.scalars(select(Device).where(Device.account_id == account_id))
    browsers = await session.scalars(
        select(PushSubscription).where(PushSubscription.account_id == account_id)
    )
    preference = await session.get(NotificationPreference, account_id)
    schedule = await session.get(NotificationSchedule, account_id)
    return {
        "sessions": [
            _row(
                user_agent=s.user_agent,
                created_at=s.created_at,
                last_used_at=s.last_used_at,
                revoked_at=s.revoked_at,
            )
            for s in sessions
        ],
        "push_devices": [
            _row(platform=d.platform, app_version=d.app_version, created_at=d.created_at)
            for d in devices
        ]
        + [_row(platform="browser", app_version=None, created_at=b.created_at) for b in browsers],
        "notification_settings": _row(
            sms_kinds=", ".join(preference.sms_kinds) if preference else None,
            email_kinds=", ".join(preference.email_kinds) if preference else None,
            email_digest=schedule.email_digest if schedule else False,
        ),
    }


async def _documents(session: AsyncSession, account_id: uuid.UUID) -> list[dict[str, Any]]:
    rows = await session.scalars(
        select(Document).where(Document.account_id == account_id).order_by(Document.created_at)
    )
    return [
        _row(
            id=d.id,
            kind=d.kind,
            content_type=d.content_type,
            size=d.size,
            status=d.status,
            child_id=d.child_id,
            created_at=d.created_at,
        )
        for d in rows
    ]


async def _applications(session: AsyncSession, account_id: uuid.UUID) -> list[dict[str, Any]]:
    rows = list(
        await session.scalars(
            select(Application)
            .where(Application.applicant_id == account_id)
            .order_by(Application.created_at)
        )
    )
    events = await session.scalars(
        select(ApplicationEvent)
        .where(ApplicationEvent.application_id.in_([a.id for a in rows]))
        .order_by(ApplicationEvent.at, ApplicationEvent.id)
    )
    history: dict[uuid.UUID, list[dict[str, Any]]] = {}
    for event in events:
        history.setdefault(event.application_id, []).append(
            _row(at=event.at, action=event.action, status=event.status_to, comment=event.comment)
        )
    schools = await _school_names(session, {a.school_id for a in rows if a.school_id})
    return [
        {
            **_row(
                id=a.id,
                number=a.number,
                status=a.status,
                child_id=a.child_id,
                school=schools.get(a.school_id) if a.school_id else None,
                contact_phone=a.contact_phone,
                consent_version=a.consent_version,
                consent_given_at=a.consent_given_at,
                consent_withdrawn_at=a.consent_withdrawn_at,
                submitted_at=a.submitted_at,
                decided_at=a.decided_at,
                created_at=a.created_at,
            ),
            "history": history.get(a.id, []),
        }
        for a in rows
    ]


async def _school_names(session: AsyncSession, ids: set[uuid.UUID]) -> dict[uuid.UUID, str]:
    if not ids:
        return {}
    rows = await session.execute(select(School.id, School.short_name).where(School.id.in_(ids)))
    return {row[0]: row[1] for row in rows}


def _grade_value(score: int | None, passed: bool | None) -> str:
    if score is not None:
        return str(score)
    return "зачёт" if passed else "незачёт"


async def _student(session: AsyncSession, student: Student) -> dict[str, Any]:
    """One pupil's journal: what the school holds and the guardian may read."""
    school_class = await session.get(SchoolClass, student.class_id)
    schools = await _school_names(session, {student.school_id})
    grades = await session.execute(
        select(Grade, Subject.name, WorkType.name)
        .join(Subject, Subject.id == Grade.subject_id)
        .join(WorkType, WorkType.id == Grade.work_type_id)
        .where(Grade.student_id == student.id, Grade.deleted_at.is_(None))
        .order_by(Grade.date, Subject.name)
    )
    terms = await session.execute(
        select(TermGrade, Subject.name)
        .join(Subject, Subject.id == TermGrade.subject_id)
        .where(TermGrade.student_id == student.id)
        .order_by(TermGrade.academic_year, Subject.name)
    )
    marks = await session.scalars(
        select(AttendanceMark)
        .where(AttendanceMark.student_id == student.id)
        .order_by(AttendanceMark.date)
    )
    notes = await session.scalars(
        select(AbsenceNote)
        .where(AbsenceNote.student_id == student.id)
        .order_by(AbsenceNote.from_date)
    )
    return {
        **_row(
            id=student.id,
            last_name=student.last_name,
            first_name=student.first_name,
            middle_name=student.middle_name,
            birth_date=student.birth_date,
            school=schools.get(student.school_id),
            class_name=school_class.name if school_class else None,
        ),
        "grades": [
            _row(
                date=g.date,
                subject=subject,
                value=_grade_value(g.score, g.passed),
                work_type=work_type,
                comment=g.comment,
            )
            for g, subject, work_type in grades
        ],
        "term_grades": [
            _row(
                academic_year=t.academic_year,
                period=t.period,
                subject=subject,
                value=_grade_value(t.score, t.passed),
            )
            for t, subject in terms
        ],
        "attendance": [
            _row(date=m.date, status=m.status, minutes_late=m.minutes_late, reason=m.reason)
            for m in marks
        ],
        "absence_notes": [
            _row(from_date=n.from_date, to_date=n.to_date, reason=n.reason, status=n.status)
            for n in notes
        ],
    }


async def _children(
    session: AsyncSession, account_id: uuid.UUID
) -> tuple[list[dict[str, Any]], list[uuid.UUID]]:
    """The children the person entered and the pupils they are guardian of."""
    entered = list(
        await session.scalars(
            select(Child).where(Child.guardian_id == account_id).order_by(Child.created_at)
        )
    )
    pupils = list(
        await session.scalars(
            select(Student)
            .join(Guardianship, Guardianship.student_id == Student.id)
            .where(Guardianship.account_id == account_id)
            .order_by(Student.last_name, Student.first_name)
        )
    )
    journals = {p.id: await _student(session, p) for p in pupils}
    out: list[dict[str, Any]] = []
    for child in entered:
        item = children_service.child_out(child).model_dump(mode="json")
        item["journal"] = journals.pop(child.student_id, None) if child.student_id else None
        out.append(item)
    for journal in journals.values():  # a guardianship not made from an entered child
        out.append({"id": None, "journal": journal})
    return out, [c.id for c in entered] + [p.id for p in pupils]


async def _messages(session: AsyncSession, account_id: uuid.UUID) -> list[dict[str, Any]]:
    rows = await session.scalars(
        select(ConversationMessage)
        .where(ConversationMessage.author_id == account_id)
        .order_by(ConversationMessage.created_at)
    )
    return [
        _row(conversation_id=m.conversation_id, created_at=m.created_at, text=m.text) for m in rows
    ]


async def _reads(
    session: AsyncSession, account_id: uuid.UUID, about: list[uuid.UUID]
) -> list[dict[str, Any]]:
    """Who else read or changed the person's or their children's data (the audit log)."""
    rows = await session.execute(
        select(AuditEvent, Account.last_name, Account.first_name, Account.middle_name)
        .outerjoin(Account, Account.id == AuditEvent.actor_id)
        .where(
            AuditEvent.object_id.in_([account_id, *about]),
            or_(AuditEvent.actor_id.is_(None), AuditEvent.actor_id != account_id),
        )
        .order_by(AuditEvent.at, AuditEvent.id)
    )
    return [
        _row(
            at=event.at,
            action=event.action,
            object_type=event.object_type,
            object_id=event.object_id,
            actor=" ".join(p for p in (last, first, middle) if p) or "система",
            actor_roles=", ".join(event.actor_roles),
        )
        for event, last, first, middle in rows
    ]


async def gather(session: AsyncSession, account: Account, now: datetime) -> dict[str, Any]:
    """The whole copy: the person, their children and who looked at them."""
    children, about = await _children(session, account.id)
    applications = await _applications(session, account.id)
    return {
        "format_version": FORMAT_VERSION,
        "generated_at": now.isoformat(),
        "operator": "Электронный дневник школьника (оператор — школа и служба дневника)",
        **await _account(session, account),
        **await _devices(session, account.id),
        "documents": await _documents(session, account.id),
        "applications": applications,
        "consents": [
            _row(
                title=f"Обработка персональных данных по заявлению {a['number'] or '(черновик)'}",
                version=a["consent_version"],
                given_at=a["consent_given_at"],
                withdrawn_at=a["consent_withdrawn_at"],
            )
            for a in applications
            if a["consent_given_at"]
        ],
        "children": children,
        "messages": await _messages(session, account.id),
        "access_log": await _reads(session, account.id, about),
    }
