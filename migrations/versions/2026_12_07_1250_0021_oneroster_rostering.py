"""OneRoster rostering (issue 10, contract §4): sourcedIds, change times and tombstones

* ``oneroster_uuid5(name)``: the contract's UUIDv5 under its namespace, in SQL, so the
  derived objects (courses, scheduled classes, enrollments, …) are sorted, filtered and
  paged by their sourcedId in one statement. ``uuid_generate_v5`` from ``uuid-ossp``
  where the server has it (any distribution's contrib); otherwise a PL/pgSQL SHA-1
  (the pip-installed embedded server ships no ``uuid-ossp``): same answers, slower.
* ``updated_at`` on the rostered tables that had none, kept by a trigger (any writer, ORM
  or not), so ``dateLastModified`` and ``dateLastModified>`` delta queries hold.
* ``oneroster_tombstones``: a sourcedId removed from the school (a pupil deleted or moved
  to another class, a class, term, year, work type, teaching assignment, class teacher, a
  staff account that left), written by triggers; kept 90 days (older ones are ignored by
  the reads and pruned by ``oneroster_prune_tombstones()``).

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-07 12:20:00.000000+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0021"
down_revision: str | None = "0020"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

NAMESPACE = "c5fcf35a-efd6-4ee4-a9c9-05590387d92d"
TOUCHED = (
    "school_classes",
    "academic_years",
    "terms",
    "subjects",
    "work_types",
    "teaching_assignments",
)

SHA1 = """
CREATE FUNCTION oneroster_sha1(data bytea) RETURNS bytea
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $fn$
DECLARE
  m CONSTANT bigint := 4294967295;
  h0 bigint := 1732584193; h1 bigint := 4023233417; h2 bigint := 2562383102;
  h3 bigint := 271733878; h4 bigint := 3285377520;
  msg bytea := data || '\\x80'::bytea;
  w bigint[]; a bigint; b bigint; c bigint; d bigint; e bigint; f bigint; k bigint;
  t bigint; o int;
BEGIN
  WHILE length(msg) % 64 <> 56 LOOP msg := msg || '\\x00'::bytea; END LOOP;
  msg := msg || int8send(length(data)::bigint * 8);
  FOR chunk IN 0 .. length(msg) / 64 - 1 LOOP
    w := array_fill(0::bigint, ARRAY[80]);
    FOR i IN 0 .. 15 LOOP
      o := chunk * 64 + i * 4;
      w[i + 1] := (get_byte(msg, o)::bigint << 24) | (get_byte(msg, o + 1)::bigint << 16)
                | (get_byte(msg, o + 2)::bigint << 8) | get_byte(msg, o + 3)::bigint;
    END LOOP;
    FOR i IN 16 .. 79 LOOP
      t := w[i - 2] # w[i - 7] # w[i - 13] # w[i - 15];
      w[i + 1] := ((t << 1) | (t >> 31)) & m;
    END LOOP;
    a := h0; b := h1; c := h2; d := h3; e := h4;
    FOR i IN 0 .. 79 LOOP
      IF i < 20 THEN f := (b & c) | ((~b & m) & d); k := 1518500249;
      ELSIF i < 40 THEN f := b # c # d; k := 1859775393;
      ELSIF i < 60 THEN f := (b & c) | (b & d) | (c & d); k := 2400959708;
      ELSE f := b # c # d; k := 3395469782;
      END IF;
      t := ((((a << 5) | (a >> 27)) & m) + f + e + k + w[i + 1]) & m;
      e := d; d := c; c := ((b << 30) | (b >> 2)) & m; b := a; a := t;
    END LOOP;
    h0 := (h0 + a) & m; h1 := (h1 + b) & m; h2 := (h2 + c) & m;
    h3 := (h3 + d) & m; h4 := (h4 + e) & m;
  END LOOP;
  RETURN substring(int8send(h0) FROM 5) || substring(int8send(h1) FROM 5)
      || substring(int8send(h2) FROM 5) || substring(int8send(h3) FROM 5)
      || substring(int8send(h4) FROM 5);
END
$fn$
"""

PLPGSQL_UUID5 = """
CREATE FUNCTION oneroster_plpgsql_uuid5(name text) RETURNS uuid
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $fn$
  SELECT encode(set_byte(set_byte(h, 6, (get_byte(h, 6) & 15) | 80),
                         8, (get_byte(h, 8) & 63) | 128), 'hex')::uuid
  FROM (SELECT substring(oneroster_sha1(
          decode('@NAMESPACE_HEX@', 'hex') || convert_to(name, 'UTF8')) FROM 1 FOR 16)
        AS h) AS digest
$fn$
"""

# uuid-ossp when the server offers it, else the PL/pgSQL twin (tests hold them equal).
UUID5 = """
DO $do$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'uuid-ossp') THEN
    CREATE EXTENSION IF NOT EXISTS "uuid-ossp";
    EXECUTE $sql$CREATE FUNCTION oneroster_uuid5(name text) RETURNS uuid
      LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
      AS 'SELECT uuid_generate_v5(''@NAMESPACE@''::uuid, name)'$sql$;
  ELSE
    EXECUTE $sql$CREATE FUNCTION oneroster_uuid5(name text) RETURNS uuid
      LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
      AS 'SELECT oneroster_plpgsql_uuid5(name)'$sql$;
  END IF;
END
$do$
"""

TOUCH = """
CREATE FUNCTION edudiary_touch_updated_at() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  -- A writer that sets updated_at itself (a frozen clock in tests) is left alone.
  IF NEW.updated_at IS NOT DISTINCT FROM OLD.updated_at THEN
    NEW.updated_at := clock_timestamp();
  END IF;
  RETURN NEW;
END
$fn$
"""

TOMBSTONES = """
CREATE FUNCTION oneroster_bury(school uuid, resource text, sourced uuid)
RETURNS void LANGUAGE sql AS $fn$
  INSERT INTO oneroster_tombstones (school_id, resource, sourced_id, deleted_at)
  VALUES (school, resource, sourced, clock_timestamp())
$fn$;

CREATE FUNCTION oneroster_student_enrollment(class_sid uuid, student uuid) RETURNS uuid
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $fn$
  SELECT oneroster_uuid5('enrollment:' || class_sid || ':' || student || ':student')
$fn$;

-- A pupil's enrollments in a homeroom and in each of its scheduled classes (the times are
-- clock_timestamp(): a long transaction's removals sort after what it read before).
CREATE FUNCTION oneroster_bury_student_enrollments(school uuid, class uuid, student uuid)
RETURNS void LANGUAGE sql AS $fn$
  SELECT oneroster_bury(school, 'enrollments', oneroster_student_enrollment(class, student));
  INSERT INTO oneroster_tombstones (school_id, resource, sourced_id, deleted_at)
  SELECT school, 'enrollments',
         oneroster_student_enrollment(oneroster_uuid5('class:' || class || ':' || s.subject_id), student),
         clock_timestamp()
  FROM (SELECT subject_id FROM teaching_assignments WHERE class_id = class
        UNION SELECT subject_id FROM timetable_slots WHERE class_id = class) AS s
$fn$;

CREATE FUNCTION oneroster_students_tombstones() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  IF TG_OP = 'DELETE' THEN
    PERFORM oneroster_bury(OLD.school_id, 'users', OLD.id);
    PERFORM oneroster_bury(OLD.school_id, 'demographics', OLD.id);
    PERFORM oneroster_bury_student_enrollments(OLD.school_id, OLD.class_id, OLD.id);
  ELSIF NEW.class_id IS DISTINCT FROM OLD.class_id THEN
    PERFORM oneroster_bury_student_enrollments(OLD.school_id, OLD.class_id, OLD.id);
  END IF;
  RETURN NULL;
END
$fn$;

CREATE FUNCTION oneroster_row_tombstone() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  -- TG_ARGV[0]: the resource; TG_ARGV[1]: a name prefix when the sourcedId is derived.
  PERFORM oneroster_bury(OLD.school_id, TG_ARGV[0], OLD.id);
  IF TG_ARGV[1] IS NOT NULL THEN
    PERFORM oneroster_bury(OLD.school_id, TG_ARGV[0], oneroster_uuid5(TG_ARGV[1] || OLD.id));
  END IF;
  RETURN NULL;
END
$fn$;

CREATE FUNCTION oneroster_assignment_tombstone() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  PERFORM oneroster_bury(OLD.school_id, 'enrollments', oneroster_uuid5(
    'enrollment:' || oneroster_uuid5('class:' || OLD.class_id || ':' || OLD.subject_id)
    || ':' || OLD.teacher_id || ':teacher'));
  RETURN NULL;
END
$fn$;

CREATE FUNCTION oneroster_class_teacher_tombstone() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  PERFORM oneroster_bury(c.school_id, 'enrollments', oneroster_uuid5(
    'enrollment:' || OLD.class_id || ':' || OLD.teacher_id || ':teacher'))
  FROM school_classes AS c WHERE c.id = OLD.class_id;
  RETURN NULL;
END
$fn$;

-- A staff account deleted, moved to another school or no longer staff: a user tombstone.
CREATE FUNCTION oneroster_account_tombstone() RETURNS trigger LANGUAGE plpgsql AS $fn$
DECLARE
  staff CONSTANT text[] := ARRAY['teacher', 'class_teacher', 'school_admin'];
BEGIN
  IF OLD.school_id IS NULL OR NOT OLD.roles::text[] && staff THEN
    RETURN NULL;
  END IF;
  IF TG_OP = 'DELETE' OR NEW.school_id IS DISTINCT FROM OLD.school_id
     OR NOT NEW.roles::text[] && staff THEN
    PERFORM oneroster_bury(OLD.school_id, 'users', OLD.id);
  END IF;
  RETURN NULL;
END
$fn$;

CREATE FUNCTION oneroster_prune_tombstones() RETURNS bigint LANGUAGE sql AS $fn$
  WITH gone AS (DELETE FROM oneroster_tombstones WHERE deleted_at < now() - interval '90 days'
                RETURNING 1)
  SELECT count(*) FROM gone
$fn$;
"""

TRIGGERS = (
    ("students", "AFTER DELETE OR UPDATE OF class_id", "oneroster_students_tombstones()"),
    ("school_classes", "AFTER DELETE", "oneroster_row_tombstone('classes', NULL)"),
    ("academic_years", "AFTER DELETE", "oneroster_row_tombstone('academicSessions', NULL)"),
    (
        "terms",
        "AFTER DELETE",
        "oneroster_row_tombstone('academicSessions', 'gradingPeriod:')",
    ),
    ("work_types", "AFTER DELETE", "oneroster_row_tombstone('categories', NULL)"),
    ("teaching_assignments", "AFTER DELETE", "oneroster_assignment_tombstone()"),
    ("class_teachers", "AFTER DELETE", "oneroster_class_teacher_tombstone()"),
    ("accounts", "AFTER DELETE OR UPDATE OF school_id, roles", "oneroster_account_tombstone()"),
)


def _run(sql: str) -> None:
    sql = sql.replace("@NAMESPACE_HEX@", NAMESPACE.replace("-", "")).replace(
        "@NAMESPACE@", NAMESPACE
    )
    # Colons are the SQL's own (casts, sourcedId names), not bound parameters.
    op.execute(sa.text(sql.replace(":", "\\:")))


def upgrade() -> None:
    _run(SHA1)
    _run(PLPGSQL_UUID5)
    _run(UUID5)
    _run(TOUCH)
    for table in TOUCHED:
        op.add_column(
            table,
            sa.Column(
                "updated_at",
                sa.DateTime(timezone=True),
                server_default=sa.func.now(),
                nullable=False,
            ),
        )
        op.execute(
            f"CREATE TRIGGER touch_updated_at BEFORE UPDATE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION edudiary_touch_updated_at()"
        )
    op.create_table(
        "oneroster_tombstones",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("school_id", sa.Uuid(), nullable=False),
        sa.Column("resource", sa.String(length=32), nullable=False),
        sa.Column("sourced_id", sa.Uuid(), nullable=False),
        sa.Column(
            "deleted_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.ForeignKeyConstraint(
            ["school_id"],
            ["schools.id"],
            name=op.f("fk_oneroster_tombstones_school_id_schools"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_oneroster_tombstones")),
    )
    op.create_index(
        "ix_oneroster_tombstones_school_id_resource_deleted_at",
        "oneroster_tombstones",
        ["school_id", "resource", "deleted_at"],
    )
    for function in TOMBSTONES.split("$fn$;"):
        if function.strip():
            _run(function + "$fn$")
    for table, when, function in TRIGGERS:
        op.execute(
            f"CREATE TRIGGER oneroster_tombstone {when} ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION {function}"
        )


def downgrade() -> None:
    for table, _when, _function in TRIGGERS:
        op.execute(f"DROP TRIGGER oneroster_tombstone ON {table}")
    for name in (
        "oneroster_prune_tombstones()",
        "oneroster_account_tombstone()",
        "oneroster_class_teacher_tombstone()",
        "oneroster_assignment_tombstone()",
        "oneroster_row_tombstone()",
        "oneroster_students_tombstones()",
        "oneroster_bury_student_enrollments(uuid, uuid, uuid)",
        "oneroster_student_enrollment(uuid, uuid)",
        "oneroster_bury(uuid, text, uuid)",
    ):
        op.execute(f"DROP FUNCTION {name}")
    op.drop_index(
        "ix_oneroster_tombstones_school_id_resource_deleted_at", table_name="oneroster_tombstones"
    )
    op.drop_table("oneroster_tombstones")
    for table in TOUCHED:
        op.execute(f"DROP TRIGGER touch_updated_at ON {table}")
        op.drop_column(table, "updated_at")
    op.execute("DROP FUNCTION edudiary_touch_updated_at()")
    op.execute("DROP FUNCTION oneroster_uuid5(text)")
    op.execute("DROP FUNCTION oneroster_plpgsql_uuid5(text)")
    op.execute("DROP FUNCTION oneroster_sha1(bytea)")
