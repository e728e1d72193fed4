"""A school's days off of its own, on top of the Russian working-day calendar."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, String, func
from sqlalchemy.orm import Mapped, mapped_column

from api.db import Base
from api.diary.types import TS


class SchoolHoliday(Base):
    """Vacations, quarantine, a closure: no lessons are generated on these days — for the
    whole school, or for one class (a class quarantined alone)."""

    __tablename__ = "school_holidays"
    __table_args__ = (
        CheckConstraint("starts_on <= ends_on", name="dates_ordered"),
        Index("ix_school_holidays_school_id_starts_on", "school_id", "starts_on"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    school_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("schools.id", ondelete="CASCADE"))
    class_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("school_classes.id", ondelete="CASCADE")
    )
    name: Mapped[str] = mapped_column(String(200))
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(TS, server_default=func.now())
