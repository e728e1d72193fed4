"""Bodies of ``/api/v1/students/{id}/learning-plans`` and ``/api/v1/learning-plans``."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from api.learning_plans.models import PlanOrigin, PlanStatus
from api.text import Lines, OneLine

Title = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200), OneLine
]
Reason = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000), Lines
]
Content = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=20000), Lines
]
Comment = Annotated[str, StringConstraints(strip_whitespace=True, max_length=2000), Lines]
RequiredComment = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000), Lines
]
# sign is not here: a plan is signed only by an SMS code (POST /api/v1/signatures).
TransitionAction = Literal["propose", "request_changes", "approve", "decline", "withdraw"]
ActorRole = Literal["guardian", "class_teacher", "school_admin"]


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid")


class PlanText(_In):
    """What the school proposes and the guardian signs."""

    title: Title = Field(examples=["ИУП по математике на 2-ю четверть"])
    reason: Reason = Field(
        description="Основание", examples=["Длительное лечение: обучение на дому"]
    )
    starts_on: date = Field(description="Начало действия плана")
    ends_on: date = Field(description="Окончание действия плана")
    content: Content = Field(
        description="Содержание: предметы, объём, формы занятий и аттестации",
        examples=["Алгебра — 2 ч в неделю дистанционно; контрольные — в школе по графику"],
    )

    @model_validator(mode="after")
    def _period(self) -> PlanText:
        if self.ends_on < self.starts_on:
            raise ValueError("Окончание плана раньше его начала")
        return self


class PlanCreate(_In):
    """A guardian requests (``reason``, optionally ``title``); school staff propose (all of
    ``PlanText``'s fields)."""

    title: Title | None = None
    reason: Reason = Field(description="Что нужно и почему")
    starts_on: date | None = None
    ends_on: date | None = None
    content: Content | None = None


class TransitionIn(_In):
    action: TransitionAction
    comment: Comment | None = Field(
        default=None, description="Обязателен для request_changes и decline"
    )
    plan: PlanText | None = Field(default=None, description="Текст плана: обязателен для propose")


class PlanCommentIn(_In):
    body: RequiredComment


class StudentRef(BaseModel):
    id: uuid.UUID
    name: str
    class_name: str


class SignatureRef(BaseModel):
    id: uuid.UUID
    signed_at: datetime
    signer_name: str
    document_sha256: str
    intact: bool = Field(description="Текст плана тот же, что подписан (хэш совпадает)")


class PlanEventOut(BaseModel):
    at: datetime
    action: str
    status_from: PlanStatus | None
    status_to: PlanStatus
    actor_role: str
    comment: str | None


class PlanSummary(BaseModel):
    id: uuid.UUID
    student: StudentRef
    school_id: uuid.UUID
    status: PlanStatus
    status_label: str
    origin: PlanOrigin
    title: str
    reason: str
    starts_on: date | None
    ends_on: date | None
    version: int
    created_at: datetime
    updated_at: datetime
    proposed_at: datetime | None
    approved_at: datetime | None
    signature: SignatureRef | None


class PlanOut(PlanSummary):
    content: str | None
    your_role: ActorRole | None = Field(description="Кем вы выступаете в этом плане")
    allowed_actions: list[str] = Field(
        description="Что вы можете сделать сейчас (sign — кодом из СМС, /api/v1/signatures)"
    )
    history: list[PlanEventOut]


class PlanPage(BaseModel):
    items: list[PlanSummary]
    total: int
    limit: int
    offset: int


class PlanCommentOut(BaseModel):
    id: uuid.UUID
    author_name: str
    author_role: str
    body: str
    created_at: datetime
    mine: bool


class PlanCommentPage(BaseModel):
    items: list[PlanCommentOut]
    total: int
    limit: int
    offset: int


class CandidatePage(BaseModel):
    items: list[StudentRef]
    total: int
    limit: int
    offset: int
