"""School onboarding: an uploaded roster file, what checking it found, and the external ids
(OneRoster ``sourcedId``, the template's «Код») that let a re-import find its rows again."""

from __future__ import annotations

import enum
import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Identity,
    Index,
    Integer,
    LargeBinary,
    SmallInteger,
    String,
    func,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, deferred, mapped_column

from api.db import Base

_TS = DateTime(timezone=True)


class ImportFormat(enum.StrEnum):
    oneroster_csv = "oneroster_csv"
    xlsx = "xlsx"


class ImportMode(enum.StrEnum):
    preview = "preview"
    apply = "apply"


class ImportStatus(enum.StrEnum):
    queued = "queued"
    running = "running"
    done = "done"
    failed = "failed"


class RosterImport(Base):
    """One upload of a school's roster. The file itself stays here (files live in
    PostgreSQL) so that a worker on another machine can read it and an applied preview
    applies exactly the bytes that were checked."""

    __tablename__ = "roster_imports"
    __table_args__ = (
        CheckConstraint("format IN ('oneroster_csv', 'xlsx')", name="format_known"),
        CheckConstraint("mode IN ('preview', 'apply')", name="mode_known"),
        CheckConstraint("status IN ('queued', 'running', 'done', 'failed')", name="status_known"),
        CheckConstraint("progress BETWEEN 0 AND 100", name="progress_range"),
        Index("ix_roster_imports_school_id_created_at", "school_id", "created_at"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    school_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("schools.id", ondelete="CASCADE"))
    created_by: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("accounts.id", ondelete="SET NULL")
    )
    format: Mapped[str] = mapped_column(String(20))
    mode: Mapped[str] = mapped_column(String(10))
    status: Mapped[str] = mapped_column(String(10), default=ImportStatus.queued.value)
    progress: Mapped[int] = mapped_column(SmallInteger, default=0)
    skip_invalid: Mapped[bool] = mapped_column(Boolean, default=False)
    summary: Mapped[dict[str, Any]] = mapped_column(JSONB, default=dict)
    error_count: Mapped[int] = mapped_column(Integer, default=0)
    # Why a run failed as a whole (an unreadable part, say): code and Russian text.
    failure_code: Mapped[str | None] = mapped_column(String(64))
    failure_message: Mapped[str | None] = mapped_column(String(500))
    content: Mapped[bytes] = deferred(mapped_column(LargeBinary))
    size: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(_TS, server_default=func.now())
    finished_at: Mapped[datetime | None] = mapped_column(_TS)


class RosterImportError(Base):
    """A rejected row: where it is in the file and what is wrong, in Russian and English."""

    __tablename__ = "roster_import_errors"

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    import_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("roster_imports.id", ondelete="CASCADE"), index=True
    )
    file: Mapped[str] = mapped_column(String(100))
    row: Mapped[int] = mapped_column(Integer)
    field: Mapped[str] = mapped_column(String(100))
    code: Mapped[str] = mapped_column(String(64))
    message_ru: Mapped[str] = mapped_column(String(500))
    message_en: Mapped[str] = mapped_column(String(500))


class RosterLink(Base):
    """A school's external id of one of its rows (entity ``class``, ``student``,
    ``teacher``, ``guardian``, ``enrollment``, ``assignment``, ``academic_session``).
    ``archived_at`` is set when a file marked the row ``tobedeleted``: the row itself is
    never destroyed."""

    __tablename__ = "roster_links"
    __table_args__ = (Index("ix_roster_links_school_id_object_id", "school_id", "object_id"),)

    school_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("schools.id", ondelete="CASCADE"), primary_key=True
    )
    entity: Mapped[str] = mapped_column(String(32), primary_key=True)
    external_id: Mapped[str] = mapped_column(String(255), primary_key=True)
    object_id: Mapped[uuid.UUID] = mapped_column()
    archived_at: Mapped[datetime | None] = mapped_column(_TS)
    updated_at: Mapped[datetime] = mapped_column(_TS, server_default=func.now())
