"""Conversations, their messages and read marks; announcements and their recipients;
attachments (files content-checked at upload, stored encrypted like documents)."""

from __future__ import annotations

import enum
import uuid
from datetime import datetime

from sqlalchemy import (
    BigInteger,
    DateTime,
    Enum,
    ForeignKey,
    Identity,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    func,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from api.db import Base

_TS = DateTime(timezone=True)


class Audience(enum.StrEnum):
    families = "families"  # guardians of the class's pupils
    students = "students"  # the pupils' own accounts
    all = "all"


class Conversation(Base):
    __tablename__ = "conversations"
    __table_args__ = (Index("ix_conversations_school_id_reported_at", "school_id", "reported_at"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    school_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("schools.id", ondelete="CASCADE"))
    subject: Mapped[str | None] = mapped_column(String(200))
    # The child the conversation is about (a guardian's contacts are per child).
    student_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("students.id", ondelete="SET NULL")
    )
    created_by: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("accounts.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(_TS, server_default=func.now())
    last_message_at: Mapped[datetime] = mapped_column(_TS, server_default=func.now())
    # Set when a participant reports it: the school's admin may then read it (audited).
    reported_at: Mapped[datetime | None] = mapped_column(_TS)


class ConversationParticipant(Base):
    """A member of a conversation and how far they have read (``read_seq``)."""

    __tablename__ = "conversation_participants"
    __table_args__ = (
        Index("ix_conversation_participants_account_id", "account_id", "conversation_id"),
    )

    conversation_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("conversations.id", ondelete="CASCADE"), primary_key=True
    )
    account_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("accounts.id", ondelete="CASCADE"), primary_key=True
    )
    read_seq: Mapped[int] = mapped_column(BigInteger, server_default="0")
    joined_at: Mapped[datetime] = mapped_column(_TS, server_default=func.now())


class ConversationMessage(Base):
    """One message. ``seq`` orders a conversation's messages and measures reading."""

    __tablename__ = "conversation_messages"
    __table_args__ = (
        Index("ix_conversation_messages_conversation_id_seq", "conversation_id", "seq"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    seq: Mapped[int] = mapped_column(BigInteger, Identity(), unique=True)
    conversation_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("conversations.id", ondelete="CASCADE")
    )
    author_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("accounts.id", ondelete="SET NULL")
    )
    text: Mapped[str] = mapped_column(Text)  # plain text, never markup
    created_at: Mapped[datetime] = mapped_column(_TS, server_default=func.now())


class ConversationReport(Base):
    """A participant's report of a conversation to the school's administration."""

    __tablename__ = "conversation_reports"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    conversation_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("conversations.id", ondelete="CASCADE"), index=True
    )
    reporter_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"))
    reason: Mapped[str] = mapped_column(String(1000))
    created_at: Mapped[datetime] = mapped_column(_TS, server_default=func.now())


class Announcement(Base):
    __tablename__ = "announcements"
    __table_args__ = (Index("ix_announcements_class_id_created_at", "class_id", "created_at"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    school_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("schools.id", ondelete="CASCADE"))
    class_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("school_classes.id", ondelete="CASCADE"))
    author_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("accounts.id", ondelete="SET NULL")
    )
    title: Mapped[str] = mapped_column(String(200))
    text: Mapped[str] = mapped_column(Text)
    audience: Mapped[Audience] = mapped_column(
        Enum(
            Audience,
            name="announcement_audience",
            values_callable=lambda members: [m.value for m in members],
        )
    )
    created_at: Mapped[datetime] = mapped_column(_TS, server_default=func.now())


class AnnouncementRecipient(Base):
    """Who an announcement went to (fixed when it is posted) and when they read it."""

    __tablename__ = "announcement_recipients"
    __table_args__ = (Index("ix_announcement_recipients_account_id", "account_id"),)

    announcement_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("announcements.id", ondelete="CASCADE"), primary_key=True
    )
    account_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("accounts.id", ondelete="CASCADE"), primary_key=True
    )
    read_at: Mapped[datetime | None] = mapped_column(_TS)


class Attachment(Base):
    """An uploaded file: first its uploader's alone, then part of one message or
    announcement, whose readers may download it. The file name is kept (it is shown)."""

    __tablename__ = "message_attachments"
    __table_args__ = (
        # The retention pass looks for uploads never sent (api/retention/policy.py).
        Index(
            "ix_message_attachments_created_at_unsent",
            "created_at",
            postgresql_where=text("message_id IS NULL AND announcement_id IS NULL"),
        ),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    uploader_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("accounts.id", ondelete="CASCADE"), index=True
    )
    message_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("conversation_messages.id", ondelete="CASCADE"), index=True
    )
    announcement_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("announcements.id", ondelete="CASCADE"), index=True
    )
    file_name: Mapped[str] = mapped_column(String(200))
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(_TS, server_default=func.now())


class AttachmentBlob(Base):
    """An attachment's encrypted content, like ``document_blobs`` for documents."""

    __tablename__ = "message_attachment_blobs"

    attachment_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("message_attachments.id", ondelete="CASCADE"), primary_key=True
    )
    content: Mapped[bytes] = mapped_column(LargeBinary)
