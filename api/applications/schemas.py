"""Bodies of ``/api/v1/applications``, the school's queue and ``/api/v1/consents``."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from api.applications.models import ApplicationStatus, ReasonCode
from api.applications.workflow import NextActionCode
from api.documents.models import DocumentKind, DocumentStatus
from api.text import Lines, OneLine

Comment = Annotated[str, StringConstraints(strip_whitespace=True, max_length=2000), Lines]
RequiredComment = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=2000),
    Lines,
]
DraftLine = Annotated[str, StringConstraints(max_length=100), OneLine]
AttachmentIds = Annotated[list[uuid.UUID], Field(max_length=10)]
Awaiting = Literal["applicant", "school"]
Decision = Literal["start_review", "request_info", "approve", "reject"]


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ApplicationDraftFields(_In):
    """Every field of a draft is optional: the whole is checked on submit."""

    school_id: uuid.UUID | None = Field(default=None, description="Школа из реестра")
    class_id: uuid.UUID | None = Field(default=None, description="Класс этой школы")
    contact_phone: DraftLine | None = Field(
        default=None, description="Контактный телефон, как введён: +7 999 …"
    )
    consent: bool | None = Field(
        default=None,
        description="Согласие на обработку персональных данных (текст: /api/v1/consents/current)",
    )
    consent_version: int | None = Field(
        default=None,
        ge=1,
        le=1_000_000,
        description="Редакция согласия, которую видел заявитель; если указана, должна быть текущей",
    )
    student_number: DraftLine | None = Field(
        default=None, description="Идентификационный номер ученика, если выдан"
    )
    attachment_ids: AttachmentIds | None = Field(
        default=None, description="Свои документы (id из /api/v1/me/documents): заменяют набор"
    )


class ApplicationCreate(ApplicationDraftFields):
    child_id: uuid.UUID = Field(description="Ребёнок из /api/v1/me/children")


class ApplicationPatch(ApplicationDraftFields):
    """Autosave: only the fields sent change; ``null`` clears a field."""


class WithdrawIn(_In):
    comment: Comment | None = None


class ReplyIn(_In):
    comment: RequiredComment = Field(description="Ответ на запрос школы / текст жалобы")
    attachment_ids: AttachmentIds = Field(default_factory=list)


class DecisionIn(_In):
    decision: Decision
    comment: Comment | None = Field(
        default=None, description="Обязателен при запросе сведений и отказе"
    )
    reason_code: ReasonCode | None = Field(
        default=None, description="Обязателен при запросе сведений и отказе"
    )


class ConsentDocumentOut(BaseModel):
    version: int
    title: str
    text: str
    published_at: datetime


class ReasonCodeOut(BaseModel):
    code: ReasonCode
    label: str


class SchoolBrief(BaseModel):
    id: uuid.UUID
    short_name: str
    timezone: str
    connected: bool


class ClassBrief(BaseModel):
    id: uuid.UUID
    name: str = Field(examples=["9-Б"])
    grade: int
    letter: str
    academic_year: int


class ChildBrief(BaseModel):
    id: uuid.UUID
    last_name: str
    first_name: str
    middle_name: str | None
    birth_date: date
    snils: str = Field(description="Замаскированный СНИЛС: ***-***-445 95")
    birth_certificate: str = Field(description="Замаскированное свидетельство: IV-МЮ ***456")
    student_id: uuid.UUID | None


class ApplicantBrief(BaseModel):
    """Shown to school staff only."""

    id: uuid.UUID
    last_name: str
    first_name: str
    middle_name: str | None
    level: str


class ConsentGiven(BaseModel):
    version: int
    given_at: datetime


class NextAction(BaseModel):
    code: NextActionCode
    label: str = Field(examples=["Ответьте на запрос школы"])
    due_at: datetime | None


class DocumentBrief(BaseModel):
    id: uuid.UUID
    kind: DocumentKind
    content_type: str
    size: int
    status: DocumentStatus
    created_at: datetime


class HistoryEntry(BaseModel):
    at: datetime
    action: str
    status_from: ApplicationStatus | None
    status_to: ApplicationStatus
    actor_role: str = Field(examples=["applicant", "school_admin", "class_teacher", "system"])
    comment: str | None
    reason_code: ReasonCode | None
    reason_label: str | None
    attachment_ids: list[uuid.UUID]
    attachments: list[DocumentBrief] = Field(
        description="Документы, приложенные этим шагом (вид, формат, размер): их показывают "
        "по названию вида, а не по id"
    )


class _Common(BaseModel):
    model_config = ConfigDict(populate_by_name=True)

    id: uuid.UUID
    number: str | None = Field(examples=["ЭД-2026-000123"])
    status: ApplicationStatus
    status_label: str = Field(examples=["На рассмотрении"])
    school: SchoolBrief | None
    school_class: ClassBrief | None = Field(alias="class")
    due_at: datetime | None = Field(
        description="Срок того, кто должен действовать (awaiting), в часовом поясе школы"
    )
    due_date: date | None = Field(description="Дата срока по времени школы: «до 4 декабря»")
    awaiting: Awaiting | None
    overdue: bool
    next_action: NextAction | None = Field(description="Что нужно сделать заявителю")
    submitted_at: datetime | None
    created_at: datetime
    updated_at: datetime


class ApplicationListItem(_Common):
    child: ChildBrief


class ApplicationPage(BaseModel):
    items: list[ApplicationListItem]
    total: int
    limit: int
    offset: int


class ApplicationOut(_Common):
    child: ChildBrief
    contact_phone: str | None
    student_number: str | None
    consent: ConsentGiven | None
    history: list[HistoryEntry]
    attachments: list[DocumentBrief]
    decided_at: datetime | None
    appeal_until: datetime | None
    student_id: uuid.UUID | None = Field(description="Ученик, когда заявление одобрено")
    applicant: ApplicantBrief | None = Field(description="Только для сотрудников школы")
    child_documents: list[DocumentBrief] | None = Field(
        description="Документы ребёнка в учётной записи заявителя (только для сотрудников)"
    )


class SubmitOut(ApplicationOut):
    message: str = Field(examples=["Заявление успешно отправлено"])
    next_steps: str = Field(
        examples=["Номер ЭД-2026-000123. Решение — до 4 декабря 2026 г."],
    )
