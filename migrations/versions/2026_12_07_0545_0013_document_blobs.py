"""document blobs in PostgreSQL: encrypted document content moves from the per-host data
directory into ``document_blobs`` (copy old files with ``edudiary documents migrate-storage``)

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-07 05:45:00.000000+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "document_blobs",
        sa.Column("document_id", sa.Uuid(), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["documents.id"],
            name=op.f("fk_document_blobs_document_id_documents"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("document_id", name=op.f("pk_document_blobs")),
    )
    # Blobs are encrypted, so TOAST's compression attempt is wasted work: store out of
    # line without trying.
    op.execute("ALTER TABLE document_blobs ALTER COLUMN content SET STORAGE EXTERNAL")


def downgrade() -> None:
    op.drop_table("document_blobs")
