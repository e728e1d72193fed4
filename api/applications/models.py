"""Applications, their history and attachments; the consent documents; number counters."""

from __future__ import annotations

import enum
import uuid
from datetime import datetime

from sqlalchemy import (
    BigInteger,
    DateTime,
    Enum,
    ForeignKey,
    Identity,
    Index,
    Integer,
    SmallInteger,
    String,
    Text,
    func,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from api.db import Base

_TS = DateTime(timezone=True)


class ApplicationStatus(enum.StrEnum):
    draft = "draft"
    submitted = "submitted"
    under_review = "under_review"
    info_requested = "info_requested"
    suspended = "suspended"
    approved = "approved"
    rejected = "rejected"
    appealed = "appealed"
    withdrawn = "withdrawn"


# An open application holds its (child, school) slot: at most one per pair.
OPEN_STATUSES: frozenset[ApplicationStatus] = frozenset(
    {
        ApplicationStatus.draft,
        ApplicationStatus.submitted,
        ApplicationStatus.under_review,
        ApplicationStatus.info_requested,
        ApplicationStatus.suspended,
        ApplicationStatus.appealed,
    }
)
_OPEN_SQL = (
    "status IN ('draft', 'submitted', 'under_review', 'info_requested', 'suspended', 'appealed')"
)


class ReasonCode(enum.StrEnum):
    incomplete_data = "incomplete_data"
    missing_documents = "missing_documents"
    invalid_school_details = "invalid_school_details"
    technical_requirements = "technical_requirements"
    applicant_ineligible = "applicant_ineligible"
    procedure_violation = "procedure_violation"
    not_enrolled = "not_enrolled"
    other = "other"


def _enum(cls: type[enum.StrEnum], name: str) -> Enum:
    return Enum(cls, name=name, values_callable=lambda members: [m.value for m in members])


class ConsentDocument(Base):
    """A version of the consent to personal-data processing: a document of its own
    (152-ФЗ ст. 9 ч. 4.1 since 1 September 2025), never part of other text."""

    __tablename__ = "consent_documents"

    version: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    title: Mapped[str] = mapped_column(String(300))
    text: Mapped[str] = mapped_column(Text)
    published_at: Mapped[datetime] = mapped_column(_TS)


class Application(Base):
    """A guardian's application to connect a child's diary at a school («заявление»)."""

    __tablename__ = "applications"
    __table_args__ = (
        Index(
            "uq_applications_child_id_school_id_open",
            "child_id",
            "school_id",
            unique=True,
            postgresql_where=text(_OPEN_SQL),
        ),
        Index("ix_applications_applicant_id_created_at", "applicant_id", "created_at"),
        Index("ix_applications_school_id_status_due_at", "school_id", "status", "due_at"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    number: Mapped[str | None] = mapped_column(String(20), unique=True)  # ЭД-2026-000123
    applicant_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"))
    # RESTRICT: an application's history is never lost with a deleted child profile.
    child_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("children.id", ondelete="RESTRICT"), index=True
    )
    school_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("schools.id", ondelete="CASCADE")
    )
    class_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("school_classes.id", ondelete="SET NULL")
    )
    # As typed while a draft (checked on submit), E.164 once submitted.
    contact_phone: Mapped[str | None] = mapped_column(String(100))
    student_number: Mapped[str | None] = mapped_column(String(100))
    consent_version: Mapped[int | None] = mapped_column(
        ForeignKey("consent_documents.version", ondelete="RESTRICT")
    )
    consent_given_at: Mapped[datetime | None] = mapped_column(_TS)
    # Withdrawn by the applicant (api.privacy.consents): what relied on it has stopped.
    consent_withdrawn_at: Mapped[datetime | None] = mapped_column(_TS)
    status: Mapped[ApplicationStatus] = mapped_column(
        _enum(ApplicationStatus, "application_status"),
        server_default=ApplicationStatus.draft.value,
    )
    # The deadline of whoever must act next (see workflow.py); None when nobody must.
    due_at: Mapped[datetime | None] = mapped_column(_TS)
    appeal_until: Mapped[datetime | None] = mapped_column(_TS)  # set on a first rejection
    appealed_at: Mapped[datetime | None] = mapped_column(_TS)  # a refusal is appealed once
    submitted_at: Mapped[datetime | None] = mapped_column(_TS)
    decided_at: Mapped[datetime | None] = mapped_column(_TS)
    # The roster entry the child became (or was matched to) on approval.
    student_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("students.id", ondelete="SET NULL")
    )
    school_reminded_at: Mapped[datetime | None] = mapped_column(_TS)
    created_at: Mapped[datetime] = mapped_column(_TS, server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(
        _TS, server_default=func.now(), onupdate=func.now()
    )


class ApplicationEvent(Base):
    """One step of an application's history: a transition, who made it, why."""

    __tablename__ = "application_events"
    __table_args__ = (Index("ix_application_events_application_id_id", "application_id", "id"),)

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    application_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("applications.id", ondelete="CASCADE")
    )
    at: Mapped[datetime] = mapped_column(_TS)
    action: Mapped[str] = mapped_column(String(32))
    status_from: Mapped[ApplicationStatus | None] = mapped_column(
        _enum(ApplicationStatus, "application_status")
    )
    status_to: Mapped[ApplicationStatus] = mapped_column(
        _enum(ApplicationStatus, "application_status")
    )
    actor_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("accounts.id", ondelete="SET NULL")
    )
    # applicant | school_admin | class_teacher | system
    actor_role: Mapped[str] = mapped_column(String(32))
    comment: Mapped[str | None] = mapped_column(Text)
    reason_code: Mapped[ReasonCode | None] = mapped_column(
        _enum(ReasonCode, "application_reason_code")
    )


class ApplicationAttachment(Base):
    """A document of the applicant attached to the application (with a draft, a reply or
    an appeal). Deleting the document removes the attachment."""

    __tablename__ = "application_attachments"

    application_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("applications.id", ondelete="CASCADE"), primary_key=True
    )
    document_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    event_id: Mapped[int | None] = mapped_column(
        ForeignKey("application_events.id", ondelete="CASCADE")
    )
    added_at: Mapped[datetime] = mapped_column(_TS, server_default=func.now())


class NumberCounter(Base):
    """Per-series, per-year counters behind «ЭД-2026-000123» and «ОБ-2026-000045».

    Incremented by an upsert that locks the row until the transaction ends: numbers are
    monotonic and, since a rolled-back transaction gives its number back, gap-free."""

    __tablename__ = "number_counters"

    series: Mapped[str] = mapped_column(String(8), primary_key=True)
    year: Mapped[int] = mapped_column(SmallInteger, primary_key=True, autoincrement=False)
    value: Mapped[int] = mapped_column(Integer)
