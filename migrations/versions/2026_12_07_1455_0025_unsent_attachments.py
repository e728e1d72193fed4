"""unsent attachments: an index for the retention pass that deletes them after 24 hours

Revision ID: 0025
Revises: 0024
Create Date: 2026-12-07 14:55:00.000000+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0025"
down_revision: str | None = "0024"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index(
        "ix_message_attachments_created_at_unsent",
        "message_attachments",
        ["created_at"],
        unique=False,
        postgresql_where=sa.text("message_id IS NULL AND announcement_id IS NULL"),
    )


def downgrade() -> None:
    op.drop_index(
        "ix_message_attachments_created_at_unsent",
        table_name="message_attachments",
        postgresql_where=sa.text("message_id IS NULL AND announcement_id IS NULL"),
    )
