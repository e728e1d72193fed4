"""push: browser subscriptions, app devices, push texts; quiet hours and the e-mail digest

Outbound SMS and e-mail get ``not_before`` (held by the recipient's quiet hours).

Revision ID: 0032
Revises: 0031
Create Date: 2026-12-07 14:56:36.425165+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0032"
down_revision: str | None = "0031"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "notification_schedules",
        sa.Column("account_id", sa.Uuid(), nullable=False),
        sa.Column("quiet_enabled", sa.Boolean(), server_default=sa.text("true"), nullable=False),
        sa.Column("quiet_start", sa.Time(), server_default=sa.text("'21:00'"), nullable=False),
        sa.Column("quiet_end", sa.Time(), server_default=sa.text("'08:00'"), nullable=False),
        sa.Column("email_digest", sa.Boolean(), server_default=sa.text("false"), nullable=False),
        sa.Column("digest_sent_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["accounts.id"],
            name=op.f("fk_notification_schedules_account_id_accounts"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("account_id", name=op.f("pk_notification_schedules")),
    )
    op.create_table(
        "push_devices",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("account_id", sa.Uuid(), nullable=False),
        sa.Column(
            "platform", sa.Enum("fcm", "rustore", "apns", name="push_platform"), nullable=False
        ),
        sa.Column("token", sa.String(length=4096), nullable=False),
        sa.Column("app_version", sa.String(length=50), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["accounts.id"],
            name=op.f("fk_push_devices_account_id_accounts"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_push_devices")),
        sa.UniqueConstraint("platform", "token", name=op.f("uq_push_devices_platform_token")),
    )
    op.create_index(
        op.f("ix_push_devices_account_id"), "push_devices", ["account_id"], unique=False
    )
    op.create_table(
        "push_messages",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("account_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("link", sa.String(length=500), nullable=True),
        sa.Column("not_before", sa.DateTime(timezone=True), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["accounts.id"],
            name=op.f("fk_push_messages_account_id_accounts"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_push_messages")),
    )
    op.create_index(
        op.f("ix_push_messages_account_id"), "push_messages", ["account_id"], unique=False
    )
    op.create_index("ix_push_messages_created_at", "push_messages", ["created_at"], unique=False)
    op.create_table(
        "push_subscriptions",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("account_id", sa.Uuid(), nullable=False),
        sa.Column("endpoint", sa.String(length=2048), nullable=False),
        sa.Column("p256dh", sa.String(length=100), nullable=False),
        sa.Column("auth", sa.String(length=50), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["accounts.id"],
            name=op.f("fk_push_subscriptions_account_id_accounts"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_push_subscriptions")),
        sa.UniqueConstraint("endpoint", name=op.f("uq_push_subscriptions_endpoint")),
    )
    op.create_index(
        op.f("ix_push_subscriptions_account_id"), "push_subscriptions", ["account_id"], unique=False
    )
    op.add_column(
        "outbound_messages", sa.Column("not_before", sa.DateTime(timezone=True), nullable=True)
    )


def downgrade() -> None:
    op.drop_column("outbound_messages", "not_before")
    op.drop_index(op.f("ix_push_subscriptions_account_id"), table_name="push_subscriptions")
    op.drop_table("push_subscriptions")
    op.drop_index("ix_push_messages_created_at", table_name="push_messages")
    op.drop_index(op.f("ix_push_messages_account_id"), table_name="push_messages")
    op.drop_table("push_messages")
    op.drop_index(op.f("ix_push_devices_account_id"), table_name="push_devices")
    op.drop_table("push_devices")
    op.drop_table("notification_schedules")
    sa.Enum(name="push_platform").drop(op.get_bind(), checkfirst=True)
