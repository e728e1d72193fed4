"""webhook deliveries: index of pending deliveries by due time (the sender's batch claim)

Revision ID: 0038
Revises: 0037
Create Date: 2026-12-07 18:00:00.000000+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0038"
down_revision: str | None = "0037"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index(
        "ix_webhook_deliveries_next_attempt_at_pending",
        "webhook_deliveries",
        ["next_attempt_at"],
        unique=False,
        postgresql_where=sa.text("status = 'pending'"),
    )


def downgrade() -> None:
    op.drop_index(
        "ix_webhook_deliveries_next_attempt_at_pending",
        table_name="webhook_deliveries",
        postgresql_where=sa.text("status = 'pending'"),
    )
