"""personal data copies are exports: no school, JSON as a format

``POST /api/v1/me/data-exports`` (api.privacy) writes a ``report_exports`` row of kind
``personal_data``: it belongs to no school, and its file may be JSON.

Revision ID: 0035
Revises: 0034
Create Date: 2026-12-07 18:00:00+00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0035"
down_revision: str | None = "0034"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.alter_column("report_exports", "school_id", nullable=True)
    op.drop_constraint(op.f("ck_report_exports_format_known"), "report_exports", type_="check")
    op.create_check_constraint(
        op.f("ck_report_exports_format_known"),
        "report_exports",
        "format IN ('pdf', 'xlsx', 'csv', 'json')",
    )


def downgrade() -> None:
    op.execute("DELETE FROM report_exports WHERE school_id IS NULL OR format = 'json'")
    op.drop_constraint(op.f("ck_report_exports_format_known"), "report_exports", type_="check")
    op.create_check_constraint(
        op.f("ck_report_exports_format_known"),
        "report_exports",
        "format IN ('pdf', 'xlsx', 'csv')",
    )
    op.alter_column("report_exports", "school_id", nullable=False)
