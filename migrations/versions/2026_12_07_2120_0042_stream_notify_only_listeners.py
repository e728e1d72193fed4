"""stream: announce only accounts with a stream open; find provisional rows by index

Two costs every transaction that wrote a stream event paid at commit, while it still held
the row locks of what it wrote (a grade post holds its grades'):

- ``stream_events_commit`` found the transaction's provisional rows with ``id < 0``, which
  no index served: a sequential scan of the whole log (7 days of events) per commit. A
  partial index holds only provisional rows (and, until vacuum, the dead versions they
  leave when renumbered).
- Each event was announced with ``pg_notify``. PostgreSQL serialises the commits of all
  transactions that notify (one database-wide lock from queueing to the flushed commit),
  so every grade post in the region waited for every other's disk flush — measured 93 rps
  for the bench's bulk post, against 501 before the live stream. An event is now
  announced only when its account's head says a stream may be open
  (``listened_until`` ahead of the transaction's start). The stream sets it on the same
  row before it reads the log, so a writer either sees the mark (and notifies) or
  committed before the stream's read (whose replay or head then includes the event).

Revision ID: 0042
Revises: 0041
Create Date: 2026-12-07 21:20:00.000000+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0042"
down_revision: str | None = "0041"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_COMMIT_TRIGGER = """
CREATE OR REPLACE FUNCTION stream_events_commit() RETURNS trigger LANGUAGE plpgsql AS $fn$
DECLARE
  touched record;
  event record;
  fresh bigint;
  listened timestamptz;
BEGIN
  PERFORM 1 FROM stream_events WHERE id = NEW.id;
  IF NOT FOUND THEN
    RETURN NULL;
  END IF;
  FOR touched IN SELECT DISTINCT account_id FROM stream_events WHERE id < 0
                 ORDER BY account_id LOOP
    INSERT INTO stream_heads AS h (account_id, last_id) VALUES (touched.account_id, 0)
    ON CONFLICT (account_id) DO UPDATE SET last_id = h.last_id;
  END LOOP;
  FOR event IN SELECT id, account_id, type, data FROM stream_events WHERE id < 0
               ORDER BY id LOOP
    fresh := nextval('stream_events_id_seq');
    UPDATE stream_events SET id = fresh WHERE id = event.id;
    UPDATE stream_heads SET last_id = fresh WHERE account_id = event.account_id
    RETURNING listened_until INTO listened;
    IF listened > now() THEN
      PERFORM pg_notify('edudiary_stream', json_build_object(
        'account_id', event.account_id, 'id', fresh, 'type', event.type,
        'data', event.data)::text);
    END IF;
  END LOOP;
  RETURN NULL;
END
$fn$
"""

# 0040's body, announcing every event.
_COMMIT_TRIGGER_0040 = """
CREATE OR REPLACE FUNCTION stream_events_commit() RETURNS trigger LANGUAGE plpgsql AS $fn$
DECLARE
  touched record;
  event record;
  fresh bigint;
BEGIN
  PERFORM 1 FROM stream_events WHERE id = NEW.id;
  IF NOT FOUND THEN
    RETURN NULL;
  END IF;
  FOR touched IN SELECT DISTINCT account_id FROM stream_events WHERE id < 0
                 ORDER BY account_id LOOP
    INSERT INTO stream_heads AS h (account_id, last_id) VALUES (touched.account_id, 0)
    ON CONFLICT (account_id) DO UPDATE SET last_id = h.last_id;
  END LOOP;
  FOR event IN SELECT id, account_id, type, data FROM stream_events WHERE id < 0
               ORDER BY id LOOP
    fresh := nextval('stream_events_id_seq');
    UPDATE stream_events SET id = fresh WHERE id = event.id;
    UPDATE stream_heads SET last_id = fresh WHERE account_id = event.account_id;
    PERFORM pg_notify('edudiary_stream', json_build_object(
      'account_id', event.account_id, 'id', fresh, 'type', event.type,
      'data', event.data)::text);
  END LOOP;
  RETURN NULL;
END
$fn$
"""


def upgrade() -> None:
    op.add_column(
        "stream_heads", sa.Column("listened_until", sa.DateTime(timezone=True), nullable=True)
    )
    op.create_index(
        "ix_stream_events_provisional",
        "stream_events",
        ["id"],
        postgresql_where=sa.text("id < 0"),
    )
    op.execute(_COMMIT_TRIGGER)


def downgrade() -> None:
    op.execute(_COMMIT_TRIGGER_0040)
    op.drop_index("ix_stream_events_provisional", table_name="stream_events")
    op.drop_column("stream_heads", "listened_until")
