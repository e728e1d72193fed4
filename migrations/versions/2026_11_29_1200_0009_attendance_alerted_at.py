"""attendance alerted at: when the family was told of an absence or lateness, so that
clearing the mark can tell them it was withdrawn

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-29 12:00:00.000000+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        "attendance_marks", sa.Column("alerted_at", sa.DateTime(timezone=True), nullable=True)
    )
    # Marks recorded before this column: absences and latenesses were alerted at once
    # unless an absence note already covered the day (the rule of the attendance service).
    op.execute(
        """
        UPDATE attendance_marks AS m SET alerted_at = m.updated_at
        WHERE m.status IN ('absent', 'late')
          AND NOT EXISTS (
            SELECT 1 FROM absence_notes AS n
            WHERE n.student_id = m.student_id AND n.from_date <= m.date
              AND n.to_date >= m.date AND n.created_at <= m.updated_at
          )
        """
    )


def downgrade() -> None:
    op.drop_column("attendance_marks", "alerted_at")
