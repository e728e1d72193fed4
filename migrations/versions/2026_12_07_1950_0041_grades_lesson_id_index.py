"""grades: a plain index on lesson_id

The only index leading with ``lesson_id`` is ``uq_grades_lesson_student_work_type``, partial
(``WHERE deleted_at IS NULL``): the foreign key's ON DELETE CASCADE looks for every grade of
the lesson, removed ones included, so it cannot use it and scanned all of ``grades`` for
each lesson deleted (900k rows in the bench dataset).

Revision ID: 0041
Revises: 0040
Create Date: 2026-12-07 19:15:00.000000+00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0041"
down_revision: str | None = "0040"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index(op.f("ix_grades_lesson_id"), "grades", ["lesson_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_grades_lesson_id"), table_name="grades")
