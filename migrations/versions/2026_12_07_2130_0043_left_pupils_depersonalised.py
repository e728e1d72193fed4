"""left pupils depersonalised: the school's journal period and the pupil's mark

``schools.journal_keep_years`` (default 5: the electronic journal in the Rosarkhiv list)
is how long after a pupil left the retention pass waits before depersonalising them;
``students.depersonalised_at`` records that it did (the pass skips such rows).

Revision ID: 0043
Revises: 0042
Create Date: 2026-12-07 20:30:00+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0043"
down_revision: str | None = "0042"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        "schools",
        sa.Column("journal_keep_years", sa.SmallInteger(), server_default="5", nullable=False),
    )
    op.create_check_constraint(
        op.f("ck_schools_journal_keep_years_range"),
        "schools",
        "journal_keep_years BETWEEN 1 AND 75",
    )
    op.add_column(
        "students", sa.Column("depersonalised_at", sa.DateTime(timezone=True), nullable=True)
    )


def downgrade() -> None:
    op.drop_column("students", "depersonalised_at")
    op.drop_constraint(op.f("ck_schools_journal_keep_years_range"), "schools", type_="check")
    op.drop_column("schools", "journal_keep_years")
