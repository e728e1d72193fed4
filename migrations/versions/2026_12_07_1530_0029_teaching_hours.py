"""teaching_assignments.hours_per_week: the load's «Часов в неделю», kept from the import

The XLSX template's «Нагрузка» sheet and a OneRoster teacher enrollment
(``metadata.hoursPerWeek``) say how many hours a week a teacher has in a class; they were
checked and dropped. Now they are kept, shown with the assignment and exported back.

Revision ID: 0029
Revises: 0028
Create Date: 2026-12-07 15:30:00.000000+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0029"
down_revision: str | None = "0028"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        "teaching_assignments",
        sa.Column("hours_per_week", sa.Numeric(precision=3, scale=1), nullable=True),
    )
    op.create_check_constraint(
        op.f("ck_teaching_assignments_hours_range"),
        "teaching_assignments",
        "hours_per_week BETWEEN 0 AND 40",
    )


def downgrade() -> None:
    op.drop_constraint(
        op.f("ck_teaching_assignments_hours_range"), "teaching_assignments", type_="check"
    )
    op.drop_column("teaching_assignments", "hours_per_week")
