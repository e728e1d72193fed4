"""erasure requests: a person's account deleted after a grace period (ст. 21 152-ФЗ)

Revision ID: 0036
Revises: 0035
Create Date: 2026-12-07 18:05:00+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0036"
down_revision: str | None = "0035"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "erasure_requests",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("account_id", sa.Uuid(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("requested_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("execute_after", sa.DateTime(timezone=True), nullable=False),
        sa.Column("cancelled_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("done_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("statement", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.CheckConstraint(
            "status IN ('scheduled', 'cancelled', 'done')",
            name=op.f("ck_erasure_requests_status_known"),
        ),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["accounts.id"],
            name=op.f("fk_erasure_requests_account_id_accounts"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_erasure_requests")),
    )
    op.create_index(
        op.f("ix_erasure_requests_account_id"), "erasure_requests", ["account_id"], unique=False
    )
    op.create_index(
        "ix_erasure_requests_due",
        "erasure_requests",
        ["execute_after"],
        unique=False,
        postgresql_where=sa.text("status = 'scheduled'"),
    )
    op.create_index(
        "uq_erasure_requests_scheduled",
        "erasure_requests",
        ["account_id"],
        unique=True,
        postgresql_where=sa.text("status = 'scheduled'"),
    )


def downgrade() -> None:
    op.drop_index("uq_erasure_requests_scheduled", table_name="erasure_requests")
    op.drop_index("ix_erasure_requests_due", table_name="erasure_requests")
    op.drop_index(op.f("ix_erasure_requests_account_id"), table_name="erasure_requests")
    op.drop_table("erasure_requests")
