"""school holidays: vacations, quarantine and other days without lessons, for the whole
school or one class, which lesson generation skips

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-07 05:00:00.000000+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "school_holidays",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("school_id", sa.Uuid(), nullable=False),
        sa.Column("class_id", sa.Uuid(), nullable=True),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.CheckConstraint("starts_on <= ends_on", name=op.f("ck_school_holidays_dates_ordered")),
        sa.ForeignKeyConstraint(
            ["class_id"],
            ["school_classes.id"],
            name=op.f("fk_school_holidays_class_id_school_classes"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["school_id"],
            ["schools.id"],
            name=op.f("fk_school_holidays_school_id_schools"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_school_holidays")),
    )
    op.create_index(
        "ix_school_holidays_school_id_starts_on",
        "school_holidays",
        ["school_id", "starts_on"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index("ix_school_holidays_school_id_starts_on", table_name="school_holidays")
    op.drop_table("school_holidays")
