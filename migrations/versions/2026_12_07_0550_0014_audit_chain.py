"""audit chain: every audit event stores its position (chain_seq) and the SHA-256 of the
previous event's hash and its own canonical content (chain_hash), set by a trigger under
an advisory lock; ``edudiary audit verify`` recomputes the chain

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-07 05:50:00.000000+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The canonical content of an event: a JSON array of every column but the hash (jsonb's
# text form is deterministic; the time as epoch seconds, so the session's time zone does
# not change it). Used by the trigger and by ``edudiary audit verify``.
CONTENT = """
CREATE FUNCTION audit_event_content(e audit_events) RETURNS bytea
LANGUAGE sql STABLE AS $$
    SELECT convert_to(jsonb_build_array(
        e.chain_seq, e.id, extract(epoch FROM e.at)::text, e.actor_id, e.actor_roles,
        e.action, e.object_type, e.object_id, e.details, e.request_id
    )::text, 'UTF8')
$$
"""

# Appends are serialised by a transaction-level advisory lock (key 15015, ``audit chain``)
# held until commit: the next append waits, then reads the committed last link (PL/pgSQL
# takes a fresh snapshot per statement under READ COMMITTED), so two transactions can
# never chain onto the same predecessor.
CHAIN = """
CREATE FUNCTION audit_events_chain() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    last_seq bigint;
    last_hash bytea;
BEGIN
    PERFORM pg_advisory_xact_lock(15015);
    SELECT chain_seq, chain_hash INTO last_seq, last_hash
      FROM audit_events ORDER BY chain_seq DESC LIMIT 1;
    NEW.chain_seq := coalesce(last_seq, 0) + 1;
    NEW.chain_hash := sha256(coalesce(last_hash, ''::bytea) || audit_event_content(NEW));
    RETURN NEW;
END
$$
"""

BACKFILL = """
DO $$
DECLARE
    event record;
    previous bytea := ''::bytea;
    position bigint := 0;
BEGIN
    FOR event IN SELECT id FROM audit_events ORDER BY id LOOP
        position := position + 1;
        UPDATE audit_events SET chain_seq = position WHERE id = event.id;
        UPDATE audit_events e SET chain_hash = sha256(previous || audit_event_content(e))
         WHERE id = event.id RETURNING chain_hash INTO previous;
    END LOOP;
END
$$
"""


def upgrade() -> None:
    op.add_column("audit_events", sa.Column("chain_seq", sa.BigInteger(), nullable=True))
    op.add_column("audit_events", sa.Column("chain_hash", sa.LargeBinary(), nullable=True))
    op.execute(CONTENT)
    op.execute("LOCK TABLE audit_events IN EXCLUSIVE MODE")
    op.execute("ALTER TABLE audit_events DISABLE TRIGGER audit_events_no_update_delete")
    op.execute(BACKFILL)
    op.execute("ALTER TABLE audit_events ENABLE TRIGGER audit_events_no_update_delete")
    op.alter_column("audit_events", "chain_seq", nullable=False)
    op.alter_column("audit_events", "chain_hash", nullable=False)
    op.create_index("uq_audit_events_chain_seq", "audit_events", ["chain_seq"], unique=True)
    op.execute(CHAIN)
    op.execute(
        "CREATE TRIGGER audit_events_chain BEFORE INSERT ON audit_events "
        "FOR EACH ROW EXECUTE FUNCTION audit_events_chain()"
    )


def downgrade() -> None:
    op.execute("DROP TRIGGER audit_events_chain ON audit_events")
    op.execute("DROP FUNCTION audit_events_chain()")
    op.execute("DROP FUNCTION audit_event_content(audit_events)")
    op.drop_index("uq_audit_events_chain_seq", table_name="audit_events")
    op.drop_column("audit_events", "chain_hash")
    op.drop_column("audit_events", "chain_seq")
