"""stream: the per-account event log of the live stream, its heads, and the triggers that
number, announce (NOTIFY) and feed it from every in-app notification

Revision ID: 0031
Revises: 0030
Create Date: 2026-12-07 16:05:00.000000+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0031"
down_revision: str | None = "0030"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# One statement per execute: asyncpg prepares what it is given.
_FUNCTIONS = (
    "CREATE SEQUENCE stream_events_id_seq AS bigint OWNED BY stream_events.id",
    # Lock the account's head, then draw the id (ON CONFLICT evaluates SET after the row
    # lock): a concurrent writer to the same account waits for this transaction and draws
    # a larger id, so one account's ids rise in commit order and «id > Last-Event-ID»
    # never skips an event that committed late. Row locks, not advisory ones: a job that
    # notifies a whole school holds thousands, which the shared lock table could not.
    """
CREATE FUNCTION stream_event_number() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  INSERT INTO stream_heads AS h (account_id, last_id)
  VALUES (NEW.account_id, nextval('stream_events_id_seq'))
  ON CONFLICT (account_id) DO UPDATE SET last_id = nextval('stream_events_id_seq')
  RETURNING h.last_id INTO NEW.id;
  RETURN NEW;
END
$fn$
""",
    # Delivered at commit, in commit order, to every API process that LISTENs; the payload
    # is the whole event, so a process fans it out without reading the table.
    """
CREATE FUNCTION stream_event_announce() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  PERFORM pg_notify('edudiary_stream', json_build_object(
    'account_id', NEW.account_id, 'id', NEW.id, 'type', NEW.type, 'data', NEW.data)::text);
  RETURN NULL;
END
$fn$
""",
    # Every in-app notification, whichever code path (or raw statement) inserted it. Sorted
    # by account so two multi-account inserts lock heads in one order (no deadlock).
    """
CREATE FUNCTION stream_notifications_published() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  INSERT INTO stream_events (account_id, type, data)
  SELECT n.account_id, 'notification',
         jsonb_build_object('type', 'notification', 'id', n.id, 'kind', n.kind,
                            'title', n.title, 'link', n.link)
  FROM fresh AS n
  ORDER BY n.account_id, n.id;
  RETURN NULL;
END
$fn$
""",
    """
CREATE TRIGGER stream_events_number BEFORE INSERT ON stream_events
FOR EACH ROW EXECUTE FUNCTION stream_event_number()
""",
    """
CREATE TRIGGER stream_events_announce AFTER INSERT ON stream_events
FOR EACH ROW EXECUTE FUNCTION stream_event_announce()
""",
    """
CREATE TRIGGER notifications_stream AFTER INSERT ON notifications
REFERENCING NEW TABLE AS fresh
FOR EACH STATEMENT EXECUTE FUNCTION stream_notifications_published()
""",
)


def upgrade() -> None:
    op.create_table(
        "stream_events",
        sa.Column("id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("account_id", sa.Uuid(), nullable=False),
        sa.Column("type", sa.String(length=40), nullable=False),
        sa.Column("data", sa.dialects.postgresql.JSONB(), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["accounts.id"],
            name=op.f("fk_stream_events_account_id_accounts"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stream_events")),
    )
    op.create_index(
        "ix_stream_events_account_id_id", "stream_events", ["account_id", "id"], unique=False
    )
    op.create_index(
        op.f("ix_stream_events_created_at"), "stream_events", ["created_at"], unique=False
    )
    op.create_table(
        "stream_heads",
        sa.Column("account_id", sa.Uuid(), nullable=False),
        sa.Column("last_id", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["accounts.id"],
            name=op.f("fk_stream_heads_account_id_accounts"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("account_id", name=op.f("pk_stream_heads")),
    )
    for statement in _FUNCTIONS:
        op.execute(statement)


def downgrade() -> None:
    op.execute("DROP TRIGGER notifications_stream ON notifications")
    op.execute("DROP FUNCTION stream_notifications_published()")
    op.drop_table("stream_heads")
    op.drop_table("stream_events")
    op.execute("DROP FUNCTION stream_event_announce()")
    op.execute("DROP FUNCTION stream_event_number()")
