"""reminder times: each account's time for the day-before reminders, and who was reminded

``reminder_times``: the local time (school's zone) an account chose; none means 18:00.
``reminders_sent``: one row per account and event (or booked slot and student), claimed by
the reminder job with ON CONFLICT DO NOTHING, so nobody is reminded twice.

Revision ID: 0024
Revises: 0023
Create Date: 2026-12-07 14:52:03.874169+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0024"
down_revision: str | None = "0023"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "reminder_times",
        sa.Column("account_id", sa.Uuid(), nullable=False),
        sa.Column("local_time", sa.Time(), nullable=False),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["accounts.id"],
            name=op.f("fk_reminder_times_account_id_accounts"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("account_id", name=op.f("pk_reminder_times")),
    )
    op.create_table(
        "reminders_sent",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("account_id", sa.Uuid(), nullable=False),
        sa.Column("event_id", sa.Uuid(), nullable=True),
        sa.Column("slot_id", sa.Uuid(), nullable=True),
        sa.Column("student_id", sa.Uuid(), nullable=True),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "(event_id IS NULL) <> (slot_id IS NULL)", name=op.f("ck_reminders_sent_one_subject")
        ),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["accounts.id"],
            name=op.f("fk_reminders_sent_account_id_accounts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["school_events.id"],
            name=op.f("fk_reminders_sent_event_id_school_events"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["slot_id"],
            ["meeting_slots.id"],
            name=op.f("fk_reminders_sent_slot_id_meeting_slots"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["student_id"],
            ["students.id"],
            name=op.f("fk_reminders_sent_student_id_students"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reminders_sent")),
    )
    op.create_index("ix_reminders_sent_account_id", "reminders_sent", ["account_id"], unique=False)
    op.create_index(
        "uq_reminders_sent_event_id_account_id",
        "reminders_sent",
        ["event_id", "account_id"],
        unique=True,
        postgresql_where=sa.text("event_id IS NOT NULL"),
    )
    op.create_index(
        "uq_reminders_sent_slot_id_student_id_account_id",
        "reminders_sent",
        ["slot_id", "student_id", "account_id"],
        unique=True,
        postgresql_where=sa.text("slot_id IS NOT NULL"),
    )


def downgrade() -> None:
    op.drop_index(
        "uq_reminders_sent_slot_id_student_id_account_id",
        table_name="reminders_sent",
        postgresql_where=sa.text("slot_id IS NOT NULL"),
    )
    op.drop_index(
        "uq_reminders_sent_event_id_account_id",
        table_name="reminders_sent",
        postgresql_where=sa.text("event_id IS NOT NULL"),
    )
    op.drop_index("ix_reminders_sent_account_id", table_name="reminders_sent")
    op.drop_table("reminders_sent")
    op.drop_table("reminder_times")
