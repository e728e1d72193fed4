"""Saved reports (a frozen copy of a student report, kept for whoever saved it) and
exports of reports as files."""

from __future__ import annotations

import enum
import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import (
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    SmallInteger,
    String,
    func,
)
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


class ExportStatus(enum.StrEnum):
    queued = "queued"
    running = "running"
    done = "done"
    failed = "failed"


class ReportExport(Base):
    """A report rendered to a file by the job queue (REPORTS.md §4). ``params`` are what
    the request named (student, class, school, term, dates) — the job renders the report
    again from them as the requester, so access is checked where the data is read.
    Only ``requested_by`` may fetch the file, until ``expires_at`` (7 days after it was
    made); the retention pass removes the row and its file after that."""

    __tablename__ = "report_exports"
    __table_args__ = (
        CheckConstraint("status IN ('queued', 'running', 'done', 'failed')", name="status_known"),
        CheckConstraint("format IN ('pdf', 'xlsx', 'csv', 'json')", name="format_known"),
        CheckConstraint("progress BETWEEN 0 AND 100", name="progress_range"),
        Index("ix_report_exports_requested_by_created_at", "requested_by", "created_at"),
        Index("ix_report_exports_expires_at", "expires_at"),
        Index("ix_report_exports_school_id", "school_id"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    requested_by: Mapped[uuid.UUID] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"))
    # None for a copy of one's own personal data (api.privacy): it belongs to no school.
    school_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("schools.id", ondelete="CASCADE")
    )
    kind: Mapped[str] = mapped_column(String(32))
    format: Mapped[str] = mapped_column(String(8))
    params: Mapped[dict[str, Any]] = mapped_column(JSONB)
    status: Mapped[str] = mapped_column(String(10), default=ExportStatus.queued.value)
    progress: Mapped[int] = mapped_column(SmallInteger, default=0)
    file_name: Mapped[str | None] = mapped_column(String(200))
    content_type: Mapped[str | None] = mapped_column(String(100))
    size: Mapped[int | None] = mapped_column(Integer)
    error_code: Mapped[str | None] = mapped_column(String(64))
    error: Mapped[str | None] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(TS, server_default=func.now())
    finished_at: Mapped[datetime | None] = mapped_column(TS)
    expires_at: Mapped[datetime] = mapped_column(TS)


class ReportExportFile(Base):
    """The rendered file (``api.documents.storage.PostgresBlobStorage``), in its own table
    so reading an export's status never reads its bytes; deleted with its export."""

    __tablename__ = "report_export_files"

    export_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("report_exports.id", ondelete="CASCADE"), primary_key=True
    )
    content: Mapped[bytes] = mapped_column(LargeBinary)
