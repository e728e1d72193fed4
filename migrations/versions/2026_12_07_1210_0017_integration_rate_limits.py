"""per-client rate limits shared by every API process (issue 10, contract §6): GCRA state

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-07 12:10:00.000000+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0017"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "integration_rate_limits",
        sa.Column("client_id", sa.Uuid(), nullable=False),
        sa.Column("tat", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["client_id"],
            ["integration_clients.id"],
            name=op.f("fk_integration_rate_limits_client_id_integration_clients"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("client_id", name=op.f("pk_integration_rate_limits")),
    )


def downgrade() -> None:
    op.drop_table("integration_rate_limits")
