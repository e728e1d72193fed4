"""Saved reports: a frozen copy of a student report, kept for whoever saved it."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, String, func
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from api.db import Base
from api.diary.types import TS


class SavedReport(Base):
    """``report`` is the ``StudentReport`` as it was when saved: later grades, corrections
    or a closed term never change it (the seed: «отчёты, которые можно сохранять и
    сравнивать»). Only ``created_by`` sees it: what a subject teacher saved holds only
    their subjects, what a parent saved holds the whole record."""

    __tablename__ = "saved_reports"
    __table_args__ = (
        Index("ix_saved_reports_student_id_created_by", "student_id", "created_by", "created_at"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    student_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("students.id", ondelete="CASCADE"))
    created_by: Mapped[uuid.UUID] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"))
    title: Mapped[str] = mapped_column(String(200))
    report: Mapped[dict[str, Any]] = mapped_column(JSONB)
    created_at: Mapped[datetime] = mapped_column(TS, server_default=func.now())
