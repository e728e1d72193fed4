from __future__ import annotations

import enum
import uuid
from datetime import datetime

from sqlalchemy import DateTime, Enum, ForeignKey, Integer, LargeBinary, String, func
from sqlalchemy.orm import Mapped, mapped_column

from api.db import Base


class DocumentKind(enum.StrEnum):
    passport = "passport"
    birth_certificate = "birth_certificate"
    snils = "snils"
    other = "other"


class DocumentStatus(enum.StrEnum):
    uploaded = "uploaded"  # passed the automatic checks (type, size, dpi)
    verified = "verified"  # an operator compared it with the data (review comes later)
    rejected = "rejected"


def _enum(cls: type[enum.StrEnum], name: str) -> Enum:
    return Enum(cls, name=name, values_callable=lambda members: [m.value for m in members])


class Document(Base):
    """One uploaded scan. The file lives encrypted in ``DocumentStorage`` under
    ``storage_key``; the client's file name is never kept (it often holds a name)."""

    __tablename__ = "documents"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    account_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("accounts.id", ondelete="CASCADE"), index=True
    )
    child_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("children.id", ondelete="SET NULL"), index=True
    )
    kind: Mapped[DocumentKind] = mapped_column(_enum(DocumentKind, "document_kind"))
    content_type: Mapped[str] = mapped_column(String(50))  # from the magic bytes
    size: Mapped[int] = mapped_column(Integer)  # of the plaintext, bytes
    dpi: Mapped[int | None] = mapped_column(Integer)  # images only
    status: Mapped[DocumentStatus] = mapped_column(
        _enum(DocumentStatus, "document_status"), server_default=DocumentStatus.uploaded.value
    )
    storage_key: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class DocumentBlob(Base):
    """A document's encrypted content (``api.documents.storage``). One-to-one with its row
    and deleted with it; kept in its own table so listing documents never reads files."""

    __tablename__ = "document_blobs"

    document_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True
    )
    content: Mapped[bytes] = mapped_column(LargeBinary)
