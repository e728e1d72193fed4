"""outbound messages

Revision ID: 0005
Revises: 0002
Create Date: 2026-11-28 20:56:28.999831+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "outbound_messages",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("channel", sa.Enum("sms", "email", name="delivery_channel"), nullable=False),
        sa.Column("recipient", sa.String(length=320), nullable=False),
        sa.Column("subject", sa.String(length=200), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("purpose", sa.String(length=50), nullable=False),
        sa.Column(
            "status", sa.Enum("queued", "sent", "failed", name="delivery_status"), nullable=False
        ),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.String(length=500), nullable=True),
        sa.Column("provider_message_id", sa.String(length=200), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outbound_messages")),
    )
    op.create_index(
        "ix_outbound_messages_recipient_created_at",
        "outbound_messages",
        ["recipient", "created_at"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index("ix_outbound_messages_recipient_created_at", table_name="outbound_messages")
    op.drop_table("outbound_messages")
    sa.Enum(name="delivery_status").drop(op.get_bind(), checkfirst=True)
    sa.Enum(name="delivery_channel").drop(op.get_bind(), checkfirst=True)
