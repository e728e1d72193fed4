"""stream: number a transaction's events at its commit, locking the accounts' heads in one
sorted pass, so two transactions writing to the same accounts in opposite orders cannot
deadlock

Before, each inserted event locked its account's head at once (0031): a transaction that
notified A then B and another that notified B then A deadlocked, and PostgreSQL rolled one
of them back (a 500). Now an insert only takes a provisional id (the sequence's next value
shifted below zero: unique, negative, rising in insertion order) and queues a deferred constraint trigger; at commit the first
firing locks the heads of every account the transaction wrote to, sorted by account id,
draws the real ids in insertion order, and announces each event (NOTIFY). The invariant
of 0031 holds: one account's ids rise in commit order (the head stays locked from the
draw to the commit), so ``Last-Event-ID`` loses nothing.

Revision ID: 0040
Revises: 0039
Create Date: 2026-12-07 19:45:00.000000+00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0040"
down_revision: str | None = "0039"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# One statement per execute: asyncpg prepares what it is given.
_UP = (
    "DROP TRIGGER stream_events_announce ON stream_events",
    "DROP FUNCTION stream_event_announce()",
    # A provisional id: no lock, nothing announced yet.
    """
CREATE OR REPLACE FUNCTION stream_event_number() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  NEW.id := nextval('stream_events_id_seq') - 4611686018427387904;
  RETURN NEW;
END
$fn$
""",
    # Fired once per inserted row at commit; the first firing whose row is still
    # provisional numbers all of the transaction's provisional rows (the others see only
    # committed or own rows: the ones still negative are this transaction's), the rest
    # find their row renumbered and return. Heads are locked in account order first;
    # ids are drawn in insertion order (the provisional ids' order).
    """
CREATE FUNCTION stream_events_commit() RETURNS trigger LANGUAGE plpgsql AS $fn$
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
""",
    """
CREATE CONSTRAINT TRIGGER stream_events_commit AFTER INSERT ON stream_events
DEFERRABLE INITIALLY DEFERRED
FOR EACH ROW EXECUTE FUNCTION stream_events_commit()
""",
)

_DOWN = (
    "DROP TRIGGER stream_events_commit ON stream_events",
    "DROP FUNCTION stream_events_commit()",
    """
CREATE OR REPLACE FUNCTION stream_event_number() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  INSERT INTO stream_heads AS h (account_id, last_id)
  VALUES (NEW.account_id, nextval('stream_events_id_seq'))
  ON CONFLICT (account_id) DO UPDATE SET last_id = nextval('stream_events_id_seq')
  RETURNING h.last_id INTO NEW.id;
  RETURN NEW;
END
$fn$
""",
    """
CREATE FUNCTION stream_event_announce() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  PERFORM pg_notify('edudiary_stream', json_build_object(
    'account_id', NEW.account_id, 'id', NEW.id, 'type', NEW.type, 'data', NEW.data)::text);
  RETURN NULL;
END
$fn$
""",
    """
CREATE TRIGGER stream_events_announce AFTER INSERT ON stream_events
FOR EACH ROW EXECUTE FUNCTION stream_event_announce()
""",
)


def upgrade() -> None:
    for statement in _UP:
        op.execute(statement)


def downgrade() -> None:
    for statement in _DOWN:
        op.execute(statement)
