"""messaging: conversations with participants, messages and reports; announcements and
their recipients; message attachments and their encrypted blobs

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-07 13:00:00.000000+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0022"
down_revision: str | None = "0021"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_TS = sa.DateTime(timezone=True)


def _fk(table: str, column: str, target: str, ondelete: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column],
        [f"{target}.id"],
        name=op.f(f"fk_{table}_{column}_{target}"),
        ondelete=ondelete,
    )


def upgrade() -> None:
    op.create_table(
        "conversations",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("school_id", sa.Uuid(), nullable=False),
        sa.Column("subject", sa.String(length=200), nullable=True),
        sa.Column("student_id", sa.Uuid(), nullable=True),
        sa.Column("created_by", sa.Uuid(), nullable=True),
        sa.Column("created_at", _TS, server_default=sa.text("now()"), nullable=False),
        sa.Column("last_message_at", _TS, server_default=sa.text("now()"), nullable=False),
        sa.Column("reported_at", _TS, nullable=True),
        _fk("conversations", "school_id", "schools", "CASCADE"),
        _fk("conversations", "student_id", "students", "SET NULL"),
        sa.ForeignKeyConstraint(
            ["created_by"],
            ["accounts.id"],
            name=op.f("fk_conversations_created_by_accounts"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_conversations")),
    )
    op.create_index(
        "ix_conversations_school_id_reported_at",
        "conversations",
        ["school_id", "reported_at"],
        unique=False,
    )
    op.create_table(
        "conversation_participants",
        sa.Column("conversation_id", sa.Uuid(), nullable=False),
        sa.Column("account_id", sa.Uuid(), nullable=False),
        sa.Column("read_seq", sa.BigInteger(), server_default="0", nullable=False),
        sa.Column("joined_at", _TS, server_default=sa.text("now()"), nullable=False),
        _fk("conversation_participants", "conversation_id", "conversations", "CASCADE"),
        _fk("conversation_participants", "account_id", "accounts", "CASCADE"),
        sa.PrimaryKeyConstraint(
            "conversation_id", "account_id", name=op.f("pk_conversation_participants")
        ),
    )
    op.create_index(
        "ix_conversation_participants_account_id",
        "conversation_participants",
        ["account_id", "conversation_id"],
        unique=False,
    )
    op.create_table(
        "conversation_messages",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("seq", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("conversation_id", sa.Uuid(), nullable=False),
        sa.Column("author_id", sa.Uuid(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created_at", _TS, server_default=sa.text("now()"), nullable=False),
        _fk("conversation_messages", "conversation_id", "conversations", "CASCADE"),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["accounts.id"],
            name=op.f("fk_conversation_messages_author_id_accounts"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_conversation_messages")),
        sa.UniqueConstraint("seq", name=op.f("uq_conversation_messages_seq")),
    )
    op.create_index(
        "ix_conversation_messages_conversation_id_seq",
        "conversation_messages",
        ["conversation_id", "seq"],
        unique=False,
    )
    op.create_table(
        "conversation_reports",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("conversation_id", sa.Uuid(), nullable=False),
        sa.Column("reporter_id", sa.Uuid(), nullable=False),
        sa.Column("reason", sa.String(length=1000), nullable=False),
        sa.Column("created_at", _TS, server_default=sa.text("now()"), nullable=False),
        _fk("conversation_reports", "conversation_id", "conversations", "CASCADE"),
        sa.ForeignKeyConstraint(
            ["reporter_id"],
            ["accounts.id"],
            name=op.f("fk_conversation_reports_reporter_id_accounts"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_conversation_reports")),
    )
    op.create_index(
        op.f("ix_conversation_reports_conversation_id"),
        "conversation_reports",
        ["conversation_id"],
        unique=False,
    )
    audience = sa.Enum("families", "students", "all", name="announcement_audience")
    op.create_table(
        "announcements",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("school_id", sa.Uuid(), nullable=False),
        sa.Column("class_id", sa.Uuid(), nullable=False),
        sa.Column("author_id", sa.Uuid(), nullable=True),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("audience", audience, nullable=False),
        sa.Column("created_at", _TS, server_default=sa.text("now()"), nullable=False),
        _fk("announcements", "school_id", "schools", "CASCADE"),
        sa.ForeignKeyConstraint(
            ["class_id"],
            ["school_classes.id"],
            name=op.f("fk_announcements_class_id_school_classes"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["accounts.id"],
            name=op.f("fk_announcements_author_id_accounts"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_announcements")),
    )
    op.create_index(
        "ix_announcements_class_id_created_at",
        "announcements",
        ["class_id", "created_at"],
        unique=False,
    )
    op.create_table(
        "announcement_recipients",
        sa.Column("announcement_id", sa.Uuid(), nullable=False),
        sa.Column("account_id", sa.Uuid(), nullable=False),
        sa.Column("read_at", _TS, nullable=True),
        _fk("announcement_recipients", "announcement_id", "announcements", "CASCADE"),
        _fk("announcement_recipients", "account_id", "accounts", "CASCADE"),
        sa.PrimaryKeyConstraint(
            "announcement_id", "account_id", name=op.f("pk_announcement_recipients")
        ),
    )
    op.create_index(
        "ix_announcement_recipients_account_id",
        "announcement_recipients",
        ["account_id"],
        unique=False,
    )
    op.create_table(
        "message_attachments",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("uploader_id", sa.Uuid(), nullable=False),
        sa.Column("message_id", sa.Uuid(), nullable=True),
        sa.Column("announcement_id", sa.Uuid(), nullable=True),
        sa.Column("file_name", sa.String(length=200), nullable=False),
        sa.Column("content_type", sa.String(length=100), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("created_at", _TS, server_default=sa.text("now()"), nullable=False),
        sa.ForeignKeyConstraint(
            ["uploader_id"],
            ["accounts.id"],
            name=op.f("fk_message_attachments_uploader_id_accounts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["message_id"],
            ["conversation_messages.id"],
            name=op.f("fk_message_attachments_message_id_conversation_messages"),
            ondelete="CASCADE",
        ),
        _fk("message_attachments", "announcement_id", "announcements", "CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_message_attachments")),
    )
    for column in ("uploader_id", "message_id", "announcement_id"):
        op.create_index(
            op.f(f"ix_message_attachments_{column}"),
            "message_attachments",
            [column],
            unique=False,
        )
    op.create_table(
        "message_attachment_blobs",
        sa.Column("attachment_id", sa.Uuid(), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(
            ["attachment_id"],
            ["message_attachments.id"],
            name=op.f("fk_message_attachment_blobs_attachment_id_message_attachments"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("attachment_id", name=op.f("pk_message_attachment_blobs")),
    )
    # Encrypted: compression would be wasted work (as for document_blobs).
    op.execute("ALTER TABLE message_attachment_blobs ALTER COLUMN content SET STORAGE EXTERNAL")


def downgrade() -> None:
    op.drop_table("message_attachment_blobs")
    op.drop_table("message_attachments")
    op.drop_table("announcement_recipients")
    op.drop_table("announcements")
    sa.Enum(name="announcement_audience").drop(op.get_bind(), checkfirst=False)
    op.drop_table("conversation_reports")
    op.drop_table("conversation_messages")
    op.drop_table("conversation_participants")
    op.drop_table("conversations")
