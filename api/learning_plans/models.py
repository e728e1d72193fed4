"""Individual learning plans, their history and the discussion under them."""

from __future__ import annotations

import enum
import uuid
from datetime import date, datetime

from sqlalchemy import (
    BigInteger,
    Date,
    ForeignKey,
    Identity,
    Index,
    Integer,
    String,
    Text,
    func,
)
from sqlalchemy.orm import Mapped, mapped_column

from api.db import Base
from api.diary.types import TS, pg_enum


class PlanStatus(enum.StrEnum):
    requested = "requested"  # a guardian asked for a plan; the school's move
    proposed = "proposed"  # the school's text awaits the guardian's signature
    changes_requested = "changes_requested"  # the guardian asked to change the text
    signed = "signed"  # signed by the guardian; awaits the school administrator
    approved = "approved"
    declined = "declined"
    withdrawn = "withdrawn"


class PlanOrigin(enum.StrEnum):
    family = "family"
    school = "school"


class LearningPlan(Base):
    """One ИУП of one student. ``version`` grows with each text the school proposes; the
    guardian's signature covers the text of one version (``signed_sha256``)."""

    __tablename__ = "learning_plans"
    __table_args__ = (
        Index("ix_learning_plans_student_id_created_at", "student_id", "created_at"),
        Index("ix_learning_plans_school_id_status", "school_id", "status"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    student_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("students.id", ondelete="CASCADE"))
    school_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("schools.id", ondelete="CASCADE"))
    status: Mapped[PlanStatus] = mapped_column(pg_enum(PlanStatus, "learning_plan_status"))
    origin: Mapped[PlanOrigin] = mapped_column(pg_enum(PlanOrigin, "learning_plan_origin"))
    title: Mapped[str] = mapped_column(String(200))
    # Why a plan (the family's request or the school's grounds).
    reason: Mapped[str] = mapped_column(Text)
    starts_on: Mapped[date | None] = mapped_column(Date)
    ends_on: Mapped[date | None] = mapped_column(Date)
    content: Mapped[str | None] = mapped_column(Text)
    version: Mapped[int] = mapped_column(Integer, server_default="0")
    created_by: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("accounts.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(TS)
    updated_at: Mapped[datetime] = mapped_column(TS)
    proposed_at: Mapped[datetime | None] = mapped_column(TS)
    # Copied from the signature when the guardian signs: the plan tells by itself who
    # signed which text, and whether its text is still that one.
    signature_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("family_signatures.id", ondelete="SET NULL")
    )
    signed_at: Mapped[datetime | None] = mapped_column(TS)
    signer_name: Mapped[str | None] = mapped_column(String(200))
    signed_sha256: Mapped[str | None] = mapped_column(String(64))
    approved_at: Mapped[datetime | None] = mapped_column(TS)
    approved_by: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("accounts.id", ondelete="SET NULL")
    )


class LearningPlanEvent(Base):
    """One step of a plan's history: a transition, who made it, why."""

    __tablename__ = "learning_plan_events"
    __table_args__ = (Index("ix_learning_plan_events_plan_id_id", "plan_id", "id"),)

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    plan_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("learning_plans.id", ondelete="CASCADE"))
    at: Mapped[datetime] = mapped_column(TS)
    action: Mapped[str] = mapped_column(String(32))
    status_from: Mapped[PlanStatus | None] = mapped_column(
        pg_enum(PlanStatus, "learning_plan_status")
    )
    status_to: Mapped[PlanStatus] = mapped_column(pg_enum(PlanStatus, "learning_plan_status"))
    actor_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("accounts.id", ondelete="SET NULL")
    )
    actor_role: Mapped[str] = mapped_column(String(32))  # guardian | class_teacher | school_admin
    comment: Mapped[str | None] = mapped_column(Text)


class LearningPlanComment(Base):
    """A message of the discussion between the family and the school."""

    __tablename__ = "learning_plan_comments"
    __table_args__ = (
        Index("ix_learning_plan_comments_plan_id_created_at", "plan_id", "created_at"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    plan_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("learning_plans.id", ondelete="CASCADE"))
    author_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("accounts.id", ondelete="SET NULL")
    )
    author_role: Mapped[str] = mapped_column(String(32))
    author_name: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(TS, server_default=func.now())
