"""students.archived_at: a pupil who left (an import's ``tobedeleted``) is kept but off the lists

The roster import used to archive only the pupil's external id, so the pupil stayed in the
class's journal, lists, analytics and OneRoster. ``archived_at`` marks the pupil as gone;
the OneRoster tombstone trigger now also buries the pupil's user, demographics and
enrollments when the mark is set, so a platform syncing by ``dateLastModified`` learns it.

Revision ID: 0028
Revises: 0027
Create Date: 2026-12-07 15:00:00.000000+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0028"
down_revision: str | None = "0027"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_FUNCTION = """
CREATE OR REPLACE FUNCTION oneroster_students_tombstones() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  IF TG_OP = 'DELETE' OR {archived} THEN
    PERFORM oneroster_bury(OLD.school_id, 'users', OLD.id);
    PERFORM oneroster_bury(OLD.school_id, 'demographics', OLD.id);
    PERFORM oneroster_bury_student_enrollments(OLD.school_id, OLD.class_id, OLD.id);
  ELSIF NEW.class_id IS DISTINCT FROM OLD.class_id THEN
    PERFORM oneroster_bury_student_enrollments(OLD.school_id, OLD.class_id, OLD.id);
  END IF;
  RETURN NULL;
END
$fn$
"""

_ARCHIVED = "(OLD.archived_at IS NULL AND NEW.archived_at IS NOT NULL)"


def _trigger(columns: str) -> None:
    op.execute("DROP TRIGGER oneroster_tombstone ON students")
    op.execute(
        f"CREATE TRIGGER oneroster_tombstone AFTER DELETE OR UPDATE OF {columns} ON students "
        "FOR EACH ROW EXECUTE FUNCTION oneroster_students_tombstones()"
    )


def upgrade() -> None:
    op.add_column("students", sa.Column("archived_at", sa.DateTime(timezone=True), nullable=True))
    op.execute(sa.text(_FUNCTION.replace("{archived}", _ARCHIVED)))
    _trigger("class_id, archived_at")


def downgrade() -> None:
    _trigger("class_id")
    op.execute(sa.text(_FUNCTION.replace("{archived}", "false")))
    op.drop_column("students", "archived_at")
