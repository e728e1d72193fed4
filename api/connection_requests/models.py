from __future__ import annotations

import enum
import uuid
from datetime import date, datetime

from sqlalchemy import Date, DateTime, Enum, ForeignKey, Index, String, Text, func, text
from sqlalchemy.orm import Mapped, mapped_column

from api.db import Base

_TS = DateTime(timezone=True)


class ConnectionRequestStatus(enum.StrEnum):
    submitted = "submitted"  # sent to the regional education authority
    in_progress = "in_progress"  # the authority started connecting the school
    connected = "connected"  # the school is connected
    declined = "declined"


OPEN_REQUEST_STATUSES = (ConnectionRequestStatus.submitted, ConnectionRequestStatus.in_progress)


class ConnectionRequest(Base):
    """A parent asks for their child's school to be connected."""

    __tablename__ = "connection_requests"
    __table_args__ = (
        # One open request per parent and school: a repeated request returns it.
        Index(
            "uq_connection_requests_requester_id_school_id_open",
            "requester_id",
            "school_id",
            unique=True,
            postgresql_where=text("status IN ('submitted', 'in_progress')"),
        ),
        Index("ix_connection_requests_status_region_code", "status", "region_code"),
        Index("ix_connection_requests_school_id", "school_id"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    requester_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("accounts.id", ondelete="CASCADE"), index=True
    )
    school_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("schools.id", ondelete="CASCADE"))
    # The addressee: the education authority of the school's region.
    region_code: Mapped[str] = mapped_column(String(2))
    contact_name: Mapped[str] = mapped_column(String(200))
    contact_phone: Mapped[str] = mapped_column(String(16))  # E.164
    contact_email: Mapped[str | None] = mapped_column(String(254))
    message: Mapped[str] = mapped_column(Text)
    letter_document_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("documents.id", ondelete="SET NULL")
    )
    status: Mapped[ConnectionRequestStatus] = mapped_column(
        Enum(
            ConnectionRequestStatus,
            name="connection_request_status",
            values_callable=lambda members: [m.value for m in members],
        ),
        server_default=ConnectionRequestStatus.submitted.value,
    )
    staff_comment: Mapped[str | None] = mapped_column(Text)
    expected_date: Mapped[date | None] = mapped_column(Date)
    decided_by: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("accounts.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(_TS, server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(
        _TS, server_default=func.now(), onupdate=func.now()
    )
