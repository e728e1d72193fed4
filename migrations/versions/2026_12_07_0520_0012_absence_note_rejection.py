"""absence note rejection: a class teacher may turn a note down with a reason the family
sees (status rejected, rejection_reason)

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-07 05:10:00.000000+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute("ALTER TYPE diary_absence_note_status ADD VALUE IF NOT EXISTS 'rejected'")
    op.add_column(
        "absence_notes", sa.Column("rejection_reason", sa.String(length=500), nullable=True)
    )


def downgrade() -> None:
    op.execute("UPDATE absence_notes SET status = 'filed' WHERE status = 'rejected'")
    op.drop_column("absence_notes", "rejection_reason")
    # PostgreSQL cannot drop one value of an enum: rebuild the type without it.
    op.execute("ALTER TYPE diary_absence_note_status RENAME TO diary_absence_note_status_old")
    op.execute("CREATE TYPE diary_absence_note_status AS ENUM ('filed', 'acknowledged')")
    op.execute("ALTER TABLE absence_notes ALTER COLUMN status DROP DEFAULT")
    op.execute(
        "ALTER TABLE absence_notes ALTER COLUMN status TYPE diary_absence_note_status "
        "USING status::text::diary_absence_note_status"
    )
    op.execute("DROP TYPE diary_absence_note_status_old")
