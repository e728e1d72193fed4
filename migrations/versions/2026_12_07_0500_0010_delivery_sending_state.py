"""delivery sending state: a worker claims a message (status ``sending``, ``claimed_at``)
and sends it outside any row lock; a stale claim is taken over

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-07 05:00:00.000000+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute("ALTER TYPE delivery_status ADD VALUE IF NOT EXISTS 'sending' AFTER 'queued'")
    op.add_column(
        "outbound_messages", sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=True)
    )


def downgrade() -> None:
    op.drop_column("outbound_messages", "claimed_at")
    # PostgreSQL cannot drop an enum value: rows still ``sending`` go back to the queue.
    op.execute("UPDATE outbound_messages SET status = 'queued' WHERE status = 'sending'")
