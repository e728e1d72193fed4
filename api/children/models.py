from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import Date, DateTime, ForeignKey, LargeBinary, String, UniqueConstraint, func
from sqlalchemy.orm import Mapped, mapped_column

from api.db import Base

_TS = DateTime(timezone=True)


class Child(Base):
    """A child as one guardian entered them. Two parents of one child each keep their own
    row (each enters and confirms it); within one family a SNILS appears once."""

    __tablename__ = "children"
    __table_args__ = (UniqueConstraint("guardian_id", "snils_hash"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    guardian_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("accounts.id", ondelete="CASCADE"), index=True
    )
    last_name: Mapped[str] = mapped_column(String(60))
    first_name: Mapped[str] = mapped_column(String(60))
    middle_name: Mapped[str | None] = mapped_column(String(60))
    birth_date: Mapped[date] = mapped_column(Date)
    snils_enc: Mapped[bytes] = mapped_column(LargeBinary)
    snils_hash: Mapped[str] = mapped_column(String(64), index=True)
    # JSON {series_number, issued_at}, encrypted.
    birth_certificate_enc: Mapped[bytes] = mapped_column(LargeBinary)
    birth_certificate_hash: Mapped[str] = mapped_column(String(64), index=True)
    # Set when an application is approved and the child becomes a student of a class.
    student_id: Mapped[uuid.UUID | None] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(_TS, server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(
        _TS, server_default=func.now(), onupdate=func.now()
    )
