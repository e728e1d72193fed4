"""oneroster gradebook: the line item's sourcedId stored on each grade; tombstones of grades
removed with their lesson (or pupil), and of platforms' rows removed with their class

* ``grades.line_item_sourced_id`` = ``oneroster_uuid5('lineItem:{lesson_id}:{work_type_id}')``,
  kept by a BEFORE trigger (any writer: the journal's SQL upsert, imports, seeds), indexed:
  a PUT of a new line item, ``GET /lineItems/{id}`` and a line item's results look the id
  up by an index scan instead of hashing every grade of the school. A trigger rather than a
  generated column: ``pg_restore`` copies the stored values before triggers exist, while a
  generated column would call ``oneroster_uuid5`` under restore's empty ``search_path``.
* Grades are only ever marked ``deleted_at`` by the journal, but a lesson (or a pupil, a
  subject) deleted cascades them away with no trace: an AFTER DELETE statement trigger buries
  their ``results`` and the ``lineItems`` left with no grade, so a delta pull sees
  ``tobedeleted``. Platforms' line items and results removed by a cascade likewise.

Revision ID: 0034
Revises: 0033
Create Date: 2026-12-07 18:00:00.000000+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0034"
down_revision: str | None = "0033"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

LINE_ITEM_ID = """
CREATE FUNCTION oneroster_grade_line_item() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  -- Set on every write of the columns it derives from (or of itself): never stale.
  NEW.line_item_sourced_id := oneroster_uuid5(
    'lineItem:' || NEW.lesson_id::text || ':' || NEW.work_type_id::text);
  RETURN NEW;
END
$fn$
"""

BACKFILL = """
UPDATE grades SET line_item_sourced_id = oneroster_uuid5(
  'lineItem:' || lesson_id::text || ':' || work_type_id::text)
"""

# Statement level with a transition table: a lesson's grades go in one cascade statement.
# The school comes from the work type (grades carry none; the lesson is already gone). A
# school being removed has no schools row by then: no tombstones for it (as in 0023).
GRADES_BURIED = """
CREATE FUNCTION oneroster_grades_tombstones() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  INSERT INTO oneroster_tombstones (school_id, resource, sourced_id, deleted_at)
  SELECT w.school_id, 'results', g.id, clock_timestamp()
  FROM gone AS g JOIN work_types AS w ON w.id = g.work_type_id
  WHERE (g.deleted_at IS NULL OR g.deleted_at > now() - interval '90 days')
    AND EXISTS (SELECT 1 FROM schools AS s WHERE s.id = w.school_id);
  -- A line item is a lesson x work type with grades: gone when none of them is left.
  INSERT INTO oneroster_tombstones (school_id, resource, sourced_id, deleted_at)
  SELECT i.school_id, 'lineItems', i.sourced_id, clock_timestamp()
  FROM (SELECT DISTINCT w.school_id, g.line_item_sourced_id AS sourced_id
        FROM gone AS g JOIN work_types AS w ON w.id = g.work_type_id
        WHERE g.deleted_at IS NULL OR g.deleted_at > now() - interval '90 days') AS i
  WHERE EXISTS (SELECT 1 FROM schools AS s WHERE s.id = i.school_id)
    AND NOT EXISTS (SELECT 1 FROM grades AS kept WHERE kept.line_item_sourced_id = i.sourced_id);
  RETURN NULL;
END
$fn$
"""

EXTERNAL_BURIED = """
CREATE FUNCTION oneroster_external_tombstone() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  -- TG_ARGV[0]: the resource. A row already marked deleted long ago was shown as gone.
  IF OLD.deleted_at IS NULL OR OLD.deleted_at > now() - interval '90 days' THEN
    PERFORM oneroster_bury(OLD.school_id, TG_ARGV[0], OLD.id);
  END IF;
  RETURN NULL;
END
$fn$
"""

EXTERNAL = (("oneroster_line_items", "lineItems"), ("oneroster_results", "results"))


def _sql(sql: str) -> None:
    # Colons are the SQL's own (sourcedId names, casts), not bound parameters.
    op.execute(sa.text(sql.replace(":", "\\:")))


def upgrade() -> None:
    op.add_column("grades", sa.Column("line_item_sourced_id", sa.Uuid(), nullable=True))
    _sql(BACKFILL)
    op.alter_column("grades", "line_item_sourced_id", nullable=False)
    op.create_index(op.f("ix_grades_line_item_sourced_id"), "grades", ["line_item_sourced_id"])
    _sql(LINE_ITEM_ID)
    op.execute(
        "CREATE TRIGGER oneroster_line_item "
        "BEFORE INSERT OR UPDATE OF lesson_id, work_type_id, line_item_sourced_id ON grades "
        "FOR EACH ROW EXECUTE FUNCTION oneroster_grade_line_item()"
    )
    _sql(GRADES_BURIED)
    op.execute(
        "CREATE TRIGGER oneroster_tombstone AFTER DELETE ON grades "
        "REFERENCING OLD TABLE AS gone "
        "FOR EACH STATEMENT EXECUTE FUNCTION oneroster_grades_tombstones()"
    )
    _sql(EXTERNAL_BURIED)
    for table, resource in EXTERNAL:
        op.execute(
            f"CREATE TRIGGER oneroster_tombstone AFTER DELETE ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION oneroster_external_tombstone('{resource}')"
        )


def downgrade() -> None:
    for table, _resource in EXTERNAL:
        op.execute(f"DROP TRIGGER oneroster_tombstone ON {table}")
    op.execute("DROP FUNCTION oneroster_external_tombstone()")
    op.execute("DROP TRIGGER oneroster_tombstone ON grades")
    op.execute("DROP FUNCTION oneroster_grades_tombstones()")
    op.execute("DROP TRIGGER oneroster_line_item ON grades")
    op.execute("DROP FUNCTION oneroster_grade_line_item()")
    op.drop_index(op.f("ix_grades_line_item_sourced_id"), table_name="grades")
    op.drop_column("grades", "line_item_sourced_id")
