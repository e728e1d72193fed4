"""oneroster tombstones: none for a school that is itself being removed

Deleting a school cascades to its classes, pupils and terms, whose triggers bury their
sourcedIds; the tombstone's school row is already gone by then, so the insert broke the
delete with a foreign-key violation. A removed school's tombstones would be cascaded away
with it anyway: the functions now write none for it.

Revision ID: 0023
Revises: 0022
Create Date: 2026-12-07 13:30:00.000000+00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0023"
down_revision: str | None = "0022"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_BURY = """
CREATE OR REPLACE FUNCTION oneroster_bury(school uuid, resource text, sourced uuid)
RETURNS void LANGUAGE sql AS $fn$
  INSERT INTO oneroster_tombstones (school_id, resource, sourced_id, deleted_at)
  SELECT school, resource, sourced, clock_timestamp()
  {guard}
$fn$;

CREATE OR REPLACE FUNCTION oneroster_bury_student_enrollments(school uuid, class uuid, student uuid)
RETURNS void LANGUAGE sql AS $fn$
  SELECT oneroster_bury(school, 'enrollments', oneroster_student_enrollment(class, student));
  INSERT INTO oneroster_tombstones (school_id, resource, sourced_id, deleted_at)
  SELECT school, 'enrollments',
         oneroster_student_enrollment(oneroster_uuid5('class:' || class || ':' || s.subject_id), student),
         clock_timestamp()
  FROM (SELECT subject_id FROM teaching_assignments WHERE class_id = class
        UNION SELECT subject_id FROM timetable_slots WHERE class_id = class) AS s
  {guard}
$fn$;
"""

_GUARD = "WHERE EXISTS (SELECT 1 FROM schools WHERE schools.id = school)"


def _define(guard: str) -> None:
    # One statement per execute: asyncpg prepares what it is given.
    for definition in _BURY.replace("{guard}", guard).split("\n\n"):
        op.execute(definition)


def upgrade() -> None:
    _define(_GUARD)


def downgrade() -> None:
    _define("")
