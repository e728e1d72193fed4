"""oneroster gradebook: platforms' line items and results (journal suggestions)

Platforms write their own line items and results (contract §4.5); a result is a
suggestion the teacher accepts (it becomes a grade through the journal's write path) or
rejects. Removed rows keep ``deleted_at`` so delta queries see them as tombstones.

Revision ID: 0027
Revises: 0026
Create Date: 2026-12-07 15:30:00.000000+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0027"
down_revision: str | None = "0026"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_TS = sa.DateTime(timezone=True)


def _fk(table: str, column: str, target: str, ondelete: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column],
        [f"{target}.id"],
        name=op.f(f"fk_{table}_{column}_{target}"),
        ondelete=ondelete,
    )


def upgrade() -> None:
    items = "oneroster_line_items"
    op.create_table(
        items,
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("school_id", sa.Uuid(), nullable=False),
        sa.Column("client_id", sa.Uuid(), nullable=False),
        sa.Column("class_id", sa.Uuid(), nullable=False),
        sa.Column("subject_id", sa.Uuid(), nullable=False),
        sa.Column("work_type_id", sa.Uuid(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("description", sa.String(length=1000), nullable=True),
        sa.Column("assign_date", _TS, nullable=False),
        sa.Column("due_date", _TS, nullable=False),
        sa.Column("result_value_min", sa.Numeric(12, 4), nullable=False),
        sa.Column("result_value_max", sa.Numeric(12, 4), nullable=False),
        sa.Column("created_at", _TS, server_default=sa.text("now()"), nullable=False),
        sa.Column("updated_at", _TS, server_default=sa.text("now()"), nullable=False),
        sa.Column("deleted_at", _TS, nullable=True),
        sa.CheckConstraint(
            "result_value_min <= result_value_max", name=op.f("ck_oneroster_line_items_value_range")
        ),
        _fk(items, "school_id", "schools", "CASCADE"),
        _fk(items, "client_id", "integration_clients", "CASCADE"),
        _fk(items, "class_id", "school_classes", "CASCADE"),
        _fk(items, "subject_id", "subjects", "CASCADE"),
        _fk(items, "work_type_id", "work_types", "CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_oneroster_line_items")),
    )
    op.create_index("ix_oneroster_line_items_school_id_class_id", items, ["school_id", "class_id"])
    op.create_index(op.f("ix_oneroster_line_items_client_id"), items, ["client_id"])
    results = "oneroster_results"
    status = sa.Enum("pending", "accepted", "rejected", name="oneroster_suggestion_status")
    op.create_table(
        results,
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("school_id", sa.Uuid(), nullable=False),
        sa.Column("client_id", sa.Uuid(), nullable=False),
        sa.Column("line_item_id", sa.Uuid(), nullable=False),
        sa.Column("student_id", sa.Uuid(), nullable=False),
        sa.Column("score", sa.Numeric(12, 4), nullable=True),
        sa.Column("text_score", sa.String(length=100), nullable=True),
        sa.Column("score_status", sa.String(length=32), nullable=False),
        sa.Column("score_date", sa.Date(), nullable=False),
        sa.Column("comment", sa.String(length=1000), nullable=True),
        sa.Column("status", status, server_default="pending", nullable=False),
        sa.Column("decided_by", sa.Uuid(), nullable=True),
        sa.Column("decided_at", _TS, nullable=True),
        sa.Column("grade_id", sa.Uuid(), nullable=True),
        sa.Column("created_at", _TS, server_default=sa.text("now()"), nullable=False),
        sa.Column("updated_at", _TS, server_default=sa.text("now()"), nullable=False),
        sa.Column("deleted_at", _TS, nullable=True),
        _fk(results, "school_id", "schools", "CASCADE"),
        _fk(results, "client_id", "integration_clients", "CASCADE"),
        _fk(results, "line_item_id", "oneroster_line_items", "CASCADE"),
        _fk(results, "student_id", "students", "CASCADE"),
        _fk(results, "decided_by", "accounts", "SET NULL"),
        _fk(results, "grade_id", "grades", "SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_oneroster_results")),
    )
    op.create_index("ix_oneroster_results_school_id_status", results, ["school_id", "status"])
    op.create_index("ix_oneroster_results_line_item_id", results, ["line_item_id"])
    op.create_index(op.f("ix_oneroster_results_client_id"), results, ["client_id"])
    op.create_index(op.f("ix_oneroster_results_student_id"), results, ["student_id"])


def downgrade() -> None:
    op.drop_table("oneroster_results")
    sa.Enum(name="oneroster_suggestion_status").drop(op.get_bind(), checkfirst=False)
    op.drop_table("oneroster_line_items")
